import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import type { CaseDetail } from '../../api/types';
import { capitalize, formatDateTime, languageName, slaState, statusLabel } from '../../app/format';
import { useNow } from '../../app/use-now';
import { useAgent } from '../auth/session';
import { useCasePresence, type PresentAgent } from '../live/live';
import { AssignForm, RerouteForm, StatusForm } from './CaseActions';
import { CallForm, FollowUpForm } from './CasePhone';
import { LinkedCases, LinkForm, MergeForm } from './CaseRelations';
import { Composer } from './Composer';
import { describeSatisfaction, triageReasons } from './event-text';
import { Thread } from './Thread';
import { useDocumentTitle } from '../../app/page';

export function CasePage() {
  const { caseNumber = '' } = useParams();
  const detail = useQuery({
    queryKey: ['case', caseNumber],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{caseNumber}', { params: { path: { caseNumber } } })).then((data) => data.case),
  });
  useDocumentTitle(detail.data ? `${detail.data.caseNumber} ${detail.data.subject}` : caseNumber);

  if (detail.isPending) return <p role="status">Loading case…</p>;
  if (detail.isError) {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <>
        <h1>{notFound ? 'Case not found' : 'The case could not be loaded'}</h1>
        <p>{detail.error.message}</p>
      </>
    );
  }
  return <CaseView detail={detail.data} />;
}

function CaseView({ detail }: { detail: CaseDetail }) {
  const [typing, setTyping] = useState(false);
  const present = useCasePresence(detail.caseNumber, typing);
  const me = useAgent();
  const others = present.filter((p) => p.agentId !== me.id);
  const now = useNow(30_000);
  const sla = slaState(detail.status, detail.firstResponseDueAt, now);
  const reasons = triageReasons(detail.events);
  return (
    <div className="case">
      <div className="case-main">
        <p className="breadcrumb"><span className="case-number">{detail.caseNumber}</span> · {detail.departmentName}</p>
        <h1>{detail.subject || '(no subject)'}</h1>
        <dl className="facts">
          <div><dt>Status</dt><dd>{statusLabel(detail.status)}</dd></div>
          <div><dt>Priority</dt><dd><span className={`priority ${detail.priority}`}>{capitalize(detail.priority)}</span></dd></div>
          <div><dt>Topic</dt><dd>{detail.topic}</dd></div>
          <div><dt>Channel</dt><dd>{capitalize(detail.channel)}</dd></div>
          <div><dt>Language</dt><dd>{languageName(detail.language)}</dd></div>
          <div><dt>First response</dt><dd><span className={`sla ${sla.tone}`}>{sla.label}</span></dd></div>
          <div><dt>Opened</dt><dd>{formatDateTime(detail.createdAt)}</dd></div>
          {detail.satisfaction && <div><dt>Satisfaction</dt><dd>{describeSatisfaction(detail.satisfaction)}</dd></div>}
        </dl>
        <PresenceNotice others={others} />
        <Thread detail={detail} />
        <Composer detail={detail} onTyping={setTyping} />
      </div>
      <aside className="case-side" aria-label="Customer and actions">
        <section aria-labelledby="customer-heading" className="card">
          <h2 id="customer-heading">Customer</h2>
          <p><strong>{detail.customer.name || '(no name)'}</strong> {detail.customer.registered && <span className="badge">Registered</span>}</p>
          <p><a href={`mailto:${detail.customer.email}`}>{detail.customer.email}</a></p>
          {detail.customer.phone && <p>{detail.customer.phone}</p>}
          <p className="muted">Writes in {languageName(detail.language)}</p>
          <OtherCases detail={detail} />
        </section>
        {detail.trackingNumbers.length > 0 && (
          <section aria-labelledby="tracking-heading" className="card">
            <h2 id="tracking-heading">Tracking numbers</h2>
            <ul>
              {detail.trackingNumbers.map((t) => (
                <li key={t.number}><code>{t.number}</code> <span className="muted">{t.carrier.toUpperCase()}</span> {t.valid ? <span className="badge ok">valid</span> : <span className="badge warn">check digit wrong</span>}</li>
              ))}
            </ul>
          </section>
        )}
        <LinkedCases detail={detail} />
        {reasons.length > 0 && (
          <section aria-labelledby="triage-heading" className="card">
            <h2 id="triage-heading">Why triage routed it here</h2>
            <ul>{reasons.map((r) => <li key={r}>{r}</li>)}</ul>
          </section>
        )}
        <section aria-labelledby="actions-heading" className="card">
          <h2 id="actions-heading">Actions</h2>
          <AssignForm detail={detail} />
          <StatusForm detail={detail} />
          <RerouteForm detail={detail} />
        </section>
        <section aria-labelledby="phone-heading" className="card">
          <h2 id="phone-heading">Phone</h2>
          <CallForm detail={detail} />
          <FollowUpForm detail={detail} />
        </section>
        <section aria-labelledby="relations-heading" className="card">
          <h2 id="relations-heading">Related cases</h2>
          <MergeForm detail={detail} />
          <LinkForm detail={detail} />
        </section>
      </aside>
    </div>
  );
}

function PresenceNotice({ others }: { others: PresentAgent[] }) {
  if (others.length === 0) return <p className="presence" role="status" aria-live="polite" />;
  const typing = others.filter((o) => o.state === 'typing').map((o) => o.name);
  const viewing = others.filter((o) => o.state === 'viewing').map((o) => o.name);
  return (
    <p className="presence active" role="status" aria-live="polite">
      {typing.length > 0 && <span>{typing.join(', ')} {typing.length === 1 ? 'is' : 'are'} typing a reply. </span>}
      {viewing.length > 0 && <span>{viewing.join(', ')} {viewing.length === 1 ? 'is' : 'are'} viewing this case.</span>}
    </p>
  );
}

/** The customer's other cases (found by their address), newest first. */
function OtherCases({ detail }: { detail: CaseDetail }) {
  const others = useQuery({
    queryKey: ['cases', { q: detail.customer.email, limit: 6 }],
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query: { q: detail.customer.email, limit: 6, sort: 'newest' } } })),
  });
  const list = (others.data?.cases ?? []).filter((c) => c.caseNumber !== detail.caseNumber && c.customer.email === detail.customer.email);
  return (
    <>
      <h3>Other cases</h3>
      {others.isSuccess && list.length === 0 && <p className="muted">None.</p>}
      <ul>
        {list.slice(0, 5).map((c) => (
          <li key={c.caseNumber}><Link to={`/cases/${c.caseNumber}`}>{c.caseNumber}</Link> <span className="muted">{statusLabel(c.status)} · {c.subject}</span></li>
        ))}
      </ul>
      {list.length > 5 && <p><Link to={`/search?q=${encodeURIComponent(detail.customer.email)}`}>All cases of this customer</Link></p>}
    </>
  );
}
