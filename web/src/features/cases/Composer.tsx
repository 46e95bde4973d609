import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import type { CaseDetail } from '../../api/types';
import { statusLabel } from '../../app/format';

type Mode = 'reply' | 'note';

/**
 * Reply by email or add an internal note. The reply names the newest message the agent saw, so
 * the server can refuse a draft written on a stale view; the agent then reads and confirms.
 */
export function Composer({ detail, onTyping }: { detail: CaseDetail; onTyping(typing: boolean): void }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>('reply');
  const [body, setBody] = useState('');
  const [statusAfter, setStatusAfter] = useState('pending_customer');
  const [stale, setStale] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const typingTimer = useRef<number | undefined>(undefined);
  const basedOn = detail.messages[detail.messages.length - 1]?.id;
  const closed = detail.status === 'merged' || detail.status === 'spam';

  useEffect(() => () => window.clearTimeout(typingTimer.current), []);

  const send = useMutation({
    mutationFn: async (input: { confirmStale: boolean }) => {
      if (mode === 'note') return unwrap(api.POST('/api/v1/cases/{caseNumber}/notes', { params: { path: { caseNumber: detail.caseNumber } }, body: { body } }));
      return unwrap(api.POST('/api/v1/cases/{caseNumber}/replies', {
        params: { path: { caseNumber: detail.caseNumber } },
        body: { body, status: statusAfter, ...(basedOn ? { basedOnMessageId: basedOn } : {}), confirmStale: input.confirmStale },
      }));
    },
    onSuccess: async () => {
      setBody('');
      setStale(null);
      onTyping(false);
      setDone(mode === 'note' ? 'Note added.' : 'Reply queued for sending.');
      await queryClient.invalidateQueries({ queryKey: ['case', detail.caseNumber] });
    },
    onError: async (error) => {
      if (error instanceof ApiError && error.code === 'case.stale_view') {
        setStale(error.message);
        await queryClient.invalidateQueries({ queryKey: ['case', detail.caseNumber] });
      }
    },
  });

  function change(value: string) {
    setBody(value);
    setDone(null);
    onTyping(value.trim() !== '');
    window.clearTimeout(typingTimer.current);
    typingTimer.current = window.setTimeout(() => onTyping(false), 8_000);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send.mutate({ confirmStale: false });
  }

  const error = send.error instanceof ApiError && send.error.code !== 'case.stale_view' ? send.error : null;
  return (
    <section className="composer" aria-labelledby="composer-heading">
      <h2 id="composer-heading" className="visually-hidden">Write</h2>
      <div role="radiogroup" aria-label="Kind of message" className="tabs">
        {(['reply', 'note'] as const).map((value) => (
          <label key={value} className={mode === value ? 'tab active' : 'tab'}>
            <input type="radio" name="composer-mode" value={value} checked={mode === value} onChange={() => setMode(value)} />
            {value === 'reply' ? 'Reply to customer' : 'Internal note'}
          </label>
        ))}
      </div>
      {closed && mode === 'reply' && <p className="notice">This case is {statusLabel(detail.status).toLowerCase()}; it cannot be answered.</p>}
      <form onSubmit={submit}>
        {mode === 'reply' && <CannedPicker caseNumber={detail.caseNumber} onInsert={(text) => change(body.trim() ? `${body.trimEnd()}\n\n${text}` : text)} />}
        <label htmlFor="composer-body">{mode === 'reply' ? `Reply to ${detail.customer.email}` : 'Note for agents (never emailed)'}</label>
        <textarea id="composer-body" rows={8} value={body} onChange={(event) => change(event.target.value)} aria-invalid={error?.fields.body ? true : undefined} aria-describedby={error?.fields.body ? 'composer-error' : undefined} />
        {error && <p id="composer-error" className="field-error" role="alert">{error.fields.body ?? error.message}</p>}
        {stale && (
          <div className="warning" role="alert">
            <p>{stale}</p>
            <button type="button" onClick={() => send.mutate({ confirmStale: true })} disabled={send.isPending}>Send anyway</button>
          </div>
        )}
        <div className="row">
          {mode === 'reply' && (
            <div className="field inline">
              <label htmlFor="status-after">Then set status to</label>
              <select id="status-after" value={statusAfter} onChange={(event) => setStatusAfter(event.target.value)}>
                {['pending_customer', 'open', 'resolved'].map((s) => <option key={s} value={s}>{statusLabel(s)}</option>)}
              </select>
            </div>
          )}
          <button type="submit" disabled={send.isPending || (closed && mode === 'reply')}>
            {send.isPending ? 'Sending…' : mode === 'reply' ? 'Send reply' : 'Add note'}
          </button>
        </div>
        {done && <p role="status" className="success">{done}</p>}
      </form>
    </section>
  );
}

/** Canned responses in the case's language and department, rendered with its variables by the server. */
function CannedPicker({ caseNumber, onInsert }: { caseNumber: string; onInsert(text: string): void }) {
  const canned = useQuery({
    queryKey: ['canned', caseNumber],
    queryFn: () => unwrap(api.GET('/api/v1/canned-responses', { params: { query: { caseNumber } } })),
    staleTime: 60_000,
  });
  const render = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/canned-responses/{id}/render', { params: { path: { id } }, body: { caseNumber } })),
    onSuccess: (result) => onInsert(result.body),
  });
  const items = canned.data?.cannedResponses ?? [];
  if (items.length === 0) return null;
  return (
    <div className="field">
      <label htmlFor="canned-picker">Insert a canned response</label>
      <select id="canned-picker" value="" onChange={(event) => { if (event.target.value) render.mutate(event.target.value); }}>
        <option value="">Choose…</option>
        {items.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
      </select>
      {render.isError && <p className="field-error" role="alert">{render.error.message}</p>}
    </div>
  );
}
