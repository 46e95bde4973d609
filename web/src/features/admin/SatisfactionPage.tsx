import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { SatisfactionFigures } from '../../api/types';
import { formatDateTime, ratingLabel } from '../../app/format';
import { useDocumentTitle } from '../../app/page';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a day in the browser's time zone (what a date input holds). */
function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight of a date input's day, as the instant the API takes. */
function startOfLocalDay(value: string, plusDays = 0): string {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + plusDays).toISOString();
}

const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)} %`);
const average = (value: number | null) => (value === null ? '–' : value.toFixed(2));

/** Survey results for supervisors: how many answered, how satisfied, per department and agent, and what customers wrote. */
export function SatisfactionPage() {
  const [from, setFrom] = useState(() => localDate(new Date(Date.now() - 29 * DAY_MS)));
  const [to, setTo] = useState(() => localDate(new Date()));
  const [department, setDepartment] = useState('');
  const departments = useQuery({ queryKey: ['admin', 'departments'], queryFn: () => unwrap(api.GET('/api/v1/admin/departments')) });
  const query = { from: startOfLocalDay(from), to: startOfLocalDay(to, 1), ...(department ? { department } : {}) };
  const report = useInfiniteQuery({
    queryKey: ['admin', 'satisfaction', query],
    enabled: Boolean(from && to),
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/admin/satisfaction', { params: { query: pageParam ? { ...query, cursor: pageParam } : query } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const first = report.data?.pages[0];
  const comments = report.data?.pages.flatMap((page) => page.comments) ?? [];
  useDocumentTitle('Satisfaction');
  return (
    <div className="report">
      <h1>Satisfaction</h1>
      <p className="lead">Surveys emailed in the period, one per resolved case. Ratings run from 1 (very dissatisfied) to 5 (very satisfied).</p>
      <form className="filters" aria-label="Period and department" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="satisfaction-from">From</label>
          <input id="satisfaction-from" type="date" value={from} max={to} onChange={(event) => setFrom(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="satisfaction-to">To</label>
          <input id="satisfaction-to" type="date" value={to} min={from} onChange={(event) => setTo(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="satisfaction-department">Department</label>
          <select id="satisfaction-department" value={department} onChange={(event) => setDepartment(event.target.value)}>
            <option value="">All departments</option>
            {(departments.data?.departments ?? []).map((d) => <option key={d.slug} value={d.slug}>{d.name}</option>)}
          </select>
        </div>
      </form>
      {report.isError && <p className="field-error" role="alert">{report.error.message}</p>}
      {report.isPending && <p role="status">Loading…</p>}
      {first && (
        <>
          <dl className="facts" aria-label="Overall">
            <div><dt>Surveys sent</dt><dd>{first.overall.sent}</dd></div>
            <div><dt>Answered</dt><dd>{first.overall.answered}</dd></div>
            <div><dt>Response rate</dt><dd>{percent(first.overall.responseRate)}</dd></div>
            <div><dt>Average rating</dt><dd>{average(first.overall.average)}</dd></div>
          </dl>
          <h2>Ratings</h2>
          <Distribution figures={first.overall} />
          <h2>By department</h2>
          <FiguresTable caption="By department" rows={first.departments.map((d) => ({ key: d.slug, name: d.name, figures: d }))} />
          <h2>By agent</h2>
          <p className="muted">The case's assignee when it was resolved, or the agent who resolved an unassigned case.</p>
          <FiguresTable caption="By agent" rows={first.agents.map((a) => ({ key: a.id ?? 'none', name: a.name ?? 'No agent', figures: a }))} />
          <h2>Comments</h2>
          {comments.length === 0 ? <p role="status">No comments in this period.</p> : (
            <table className="cases">
              <caption className="visually-hidden">Comments, newest first</caption>
              <thead><tr><th scope="col">Answered</th><th scope="col">Case</th><th scope="col">Rating</th><th scope="col">Comment</th><th scope="col">Department</th><th scope="col">Agent</th></tr></thead>
              <tbody>
                {comments.map((c) => (
                  <tr key={`${c.caseNumber}-${c.answeredAt}`}>
                    <td>{formatDateTime(c.answeredAt)}</td>
                    <td><Link to={`/cases/${c.caseNumber}`}>{c.caseNumber}</Link></td>
                    <td>{c.rating}/5 <span className="muted">{ratingLabel(c.rating)}</span></td>
                    <td className="comment">{c.comment}</td>
                    <td>{c.department.name}</td>
                    <td>{c.agent?.name ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.hasNextPage && (
            <p><button type="button" className="secondary" onClick={() => void report.fetchNextPage()} disabled={report.isFetchingNextPage}>More comments</button></p>
          )}
        </>
      )}
    </div>
  );
}

function Distribution({ figures }: { figures: SatisfactionFigures }) {
  const most = Math.max(1, ...figures.distribution.map((d) => d.count));
  return (
    <table className="cases distribution">
      <caption className="visually-hidden">Answers per rating</caption>
      <thead><tr><th scope="col">Rating</th><th scope="col">Answers</th><th scope="col"><span className="visually-hidden">Share</span></th></tr></thead>
      <tbody>
        {[...figures.distribution].reverse().map((d) => (
          <tr key={d.rating}>
            <th scope="row">{d.rating} – {ratingLabel(d.rating)}</th>
            <td>{d.count}</td>
            <td className="share" aria-hidden="true">{d.count > 0 && <span className="bar" style={{ width: `${(d.count / most) * 100}%` }} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FiguresTable({ caption, rows }: { caption: string; rows: { key: string; name: string; figures: SatisfactionFigures }[] }) {
  if (rows.length === 0) return <p role="status">No surveys in this period.</p>;
  return (
    <table className="cases">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th><th scope="col">Sent</th><th scope="col">Answered</th><th scope="col">Response rate</th><th scope="col">Average</th>
          {[1, 2, 3, 4, 5].map((r) => <th scope="col" key={r}><abbr title={ratingLabel(r)}>{r}</abbr></th>)}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.name}</th>
            <td>{row.figures.sent}</td>
            <td>{row.figures.answered}</td>
            <td>{percent(row.figures.responseRate)}</td>
            <td>{average(row.figures.average)}</td>
            {row.figures.distribution.map((d) => <td key={d.rating}>{d.count}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
