import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../app/format';
import { useDocumentTitle } from '../../app/page';

const STATUSES = ['', 'received', 'processed', 'ignored', 'failed'] as const;
type Status = (typeof STATUSES)[number];

function describeOutcome(outcome: Record<string, unknown> | null): string {
  if (!outcome) return '';
  const parts = [String(outcome.kind ?? '')];
  if (outcome.via) parts.push(`via ${String(outcome.via)}`);
  if (outcome.reason) parts.push(String(outcome.reason));
  return parts.filter(Boolean).join(' · ');
}

/** Every received email and what became of it; `npx postdesk reprocess <id>` runs one again. */
export function InboundPage() {
  const [status, setStatus] = useState<Status>('');
  const inbound = useQuery({
    queryKey: ['admin', 'inbound', status],
    staleTime: 0,
    queryFn: () => unwrap(api.GET('/api/v1/admin/inbound', { params: { query: status ? { status, limit: 200 } : { limit: 200 } } })),
  });
  useDocumentTitle('Inbound mail');
  return (
    <>
      <h1>Inbound mail</h1>
      <p className="lead">Newest first. A failed message can be run again with <code>npx postdesk reprocess &lt;id&gt;</code>.</p>
      <div className="filters">
        <div className="field">
          <label htmlFor="inbound-status">Status</label>
          <select id="inbound-status" value={status} onChange={(event) => setStatus(event.target.value as Status)}>
            {STATUSES.map((s) => <option key={s} value={s}>{s || 'Any'}</option>)}
          </select>
        </div>
      </div>
      {inbound.isError && <p className="field-error" role="alert">{inbound.error.message}</p>}
      {inbound.data && inbound.data.inbound.length === 0 && <p role="status">No messages.</p>}
      {inbound.data && inbound.data.inbound.length > 0 && (
        <table className="cases">
          <caption className="visually-hidden">Inbound mail</caption>
          <thead><tr><th scope="col">Received</th><th scope="col">From</th><th scope="col">Source</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Case</th><th scope="col">Id</th></tr></thead>
          <tbody>
            {inbound.data.inbound.map((row) => (
              <tr key={row.id}>
                <td>{formatDateTime(row.receivedAt)}</td>
                <td>{row.mailFrom ?? '(none)'}</td>
                <td>{row.source}</td>
                <td>{row.status}</td>
                <td>{describeOutcome(row.outcome)}</td>
                <td>{row.caseNumber ? <Link to={`/cases/${row.caseNumber}`}>{row.caseNumber}</Link> : ''}</td>
                <td><code>{row.id}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
