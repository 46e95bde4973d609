import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { CHANNELS, LANGUAGES, PRIORITIES, STATUSES, type CaseListQuery } from '../../api/types';
import { useQueues, useTopics } from '../../api/queries';
import { capitalize, languageName, slaState, statusLabel } from '../../app/format';
import { useNow } from '../../app/use-now';
import { useDocumentTitle } from '../../app/page';

const FILTERS = ['status', 'topic', 'priority', 'channel', 'language'] as const;

/** A queue (or search results) as a table sorted by SLA due time; j/k move, Enter opens. */
export function QueuePage() {
  const { queueId } = useParams();
  const [params, setParams] = useSearchParams();
  const queues = useQueues();
  const topics = useTopics();
  const now = useNow(60_000);
  const q = params.get('q') ?? undefined;
  const queueName = queueId ? queues.data?.queues.find((queue) => queue.id === queueId)?.name ?? queueId : undefined;
  const title = q !== undefined ? `Search: ${q}` : queueName ?? 'Cases';

  const query: CaseListQuery = { limit: 50, sort: (params.get('sort') as 'due' | 'newest' | null) ?? (q ? 'newest' : 'due') };
  if (queueId) query.queue = queueId;
  if (q) query.q = q;
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) query[name] = value;
  }
  const list = useInfiniteQuery({
    queryKey: ['cases', query],
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/cases', { params: { query: pageParam ? { ...query, cursor: pageParam } : query } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const cases = list.data?.pages.flatMap((page) => page.cases) ?? [];
  const selected = useKeyboardSelection(cases.map((c) => c.caseNumber));

  useDocumentTitle(title);

  function setFilter(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  return (
    <>
      <h1>{title}</h1>
      <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <Select label="Status" name="status" value={params.get('status') ?? ''} onChange={setFilter} options={STATUSES.map((s) => [s, statusLabel(s)])} />
        <Select label="Topic" name="topic" value={params.get('topic') ?? ''} onChange={setFilter} options={(topics.data?.topics ?? []).map((t) => [t.slug, t.name])} />
        <Select label="Priority" name="priority" value={params.get('priority') ?? ''} onChange={setFilter} options={PRIORITIES.map((p) => [p, capitalize(p)])} />
        <Select label="Channel" name="channel" value={params.get('channel') ?? ''} onChange={setFilter} options={CHANNELS.map((c) => [c, capitalize(c)])} />
        <Select label="Language" name="language" value={params.get('language') ?? ''} onChange={setFilter} options={LANGUAGES.map((l) => [l, languageName(l)])} />
        <Select label="Sort" name="sort" value={query.sort ?? 'due'} onChange={setFilter} options={[['due', 'Due time, soonest first'], ['newest', 'Newest first']]} required />
      </form>
      <p className="hint">Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens.</p>
      {list.isPending && <p role="status">Loading cases…</p>}
      {list.isError && <p className="field-error" role="alert">{list.error.message}</p>}
      {list.isSuccess && cases.length === 0 && <p role="status">No cases here.</p>}
      {cases.length > 0 && (
        <table className="cases">
          <caption className="visually-hidden">{title}: {cases.length} cases shown</caption>
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Subject</th>
              <th scope="col">Customer</th>
              <th scope="col">Status</th>
              <th scope="col">Priority</th>
              <th scope="col">Topic</th>
              <th scope="col">First response</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => {
              const sla = slaState(c.status, c.firstResponseDueAt, now);
              return (
                <tr key={c.caseNumber} className={selected === c.caseNumber ? 'selected' : undefined}>
                  <td><Link to={`/cases/${c.caseNumber}`} data-case={c.caseNumber}>{c.caseNumber}</Link></td>
                  <td>{c.subject}</td>
                  <td>{c.customer.name || c.customer.email}</td>
                  <td>{statusLabel(c.status)}</td>
                  <td><span className={`priority ${c.priority}`}>{capitalize(c.priority)}</span></td>
                  <td>{c.topic} <span className="muted">· {c.departmentName}</span></td>
                  <td><span className={`sla ${sla.tone}`}>{sla.label}</span></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {list.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      )}
    </>
  );
}

function Select(props: { label: string; name: string; value: string; options: [string, string][]; onChange(name: string, value: string): void; required?: boolean }) {
  const id = `filter-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(event) => props.onChange(props.name, event.target.value)}>
        {!props.required && <option value="">Any</option>}
        {props.options.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
      </select>
    </div>
  );
}

/** j/k move the focus through the case links (Enter then follows the focused link); typing in a field is left alone. */
function useKeyboardSelection(caseNumbers: string[]): string | undefined {
  const [selected, setSelected] = useState<string>();
  const navigate = useNavigate();
  const latest = useRef({ caseNumbers, selected });
  latest.current = { caseNumbers, selected };

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      if (event.ctrlKey || event.metaKey || event.altKey || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName) || target.isContentEditable) return;
      const { caseNumbers: list, selected: current } = latest.current;
      if (event.key === 'Enter' && current && target.tagName !== 'A') return navigate(`/cases/${current}`);
      if ((event.key !== 'j' && event.key !== 'k') || list.length === 0) return;
      const index = current ? list.indexOf(current) : -1;
      const next = list[Math.max(0, Math.min(list.length - 1, index + (event.key === 'j' ? 1 : -1)))];
      if (!next) return;
      setSelected(next);
      document.querySelector<HTMLAnchorElement>(`a[data-case="${next}"]`)?.focus();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navigate]);
  return selected;
}
