import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { CaseDetail } from '../../api/types';
import { ActionForm } from './CaseActions';

function useCaseRefresh(caseNumber: string) {
  const queryClient = useQueryClient();
  return () => Promise.all([
    queryClient.invalidateQueries({ queryKey: ['case', caseNumber] }),
    queryClient.invalidateQueries({ queryKey: ['queues'] }),
    queryClient.invalidateQueries({ queryKey: ['cases'] }),
  ]);
}

/** Merging moves this case's thread into the other case of the same customer; this one becomes "merged". */
export function MergeForm({ detail }: { detail: CaseDetail }) {
  const refresh = useCaseRefresh(detail.caseNumber);
  const navigate = useNavigate();
  const merge = useMutation({
    mutationFn: (input: { into: string; reason: string }) =>
      unwrap(api.POST('/api/v1/cases/{caseNumber}/merge', { params: { path: { caseNumber: detail.caseNumber } }, body: input })),
    onSuccess: async (result) => {
      await refresh();
      navigate(`/cases/${result.target.caseNumber}`);
    },
  });
  if (detail.status === 'merged') return null;
  return (
    <ActionForm title="Merge into another case" submitLabel="Merge" pending={merge.isPending} error={merge.error} success={null}
      onSubmit={(form) => merge.mutate({ into: String(form.get('into') ?? '').trim(), reason: String(form.get('reason') ?? '') })}>
      <label htmlFor="merge-into">Case number to keep</label>
      <input id="merge-into" name="into" required placeholder="PD-XXXX-XXXX" aria-describedby="merge-hint" autoComplete="off" />
      <p id="merge-hint" className="hint">Same customer only. This case’s messages move there and this case closes as merged.</p>
      <label htmlFor="merge-reason">Reason for merging</label>
      <input id="merge-reason" name="reason" />
    </ActionForm>
  );
}

export function LinkForm({ detail }: { detail: CaseDetail }) {
  const refresh = useCaseRefresh(detail.caseNumber);
  const [saved, setSaved] = useState<string | null>(null);
  const link = useMutation({
    mutationFn: (caseNumber: string) => unwrap(api.POST('/api/v1/cases/{caseNumber}/links', { params: { path: { caseNumber: detail.caseNumber } }, body: { caseNumber } })),
    onSuccess: async () => { setSaved('Linked.'); await refresh(); },
  });
  return (
    <ActionForm title="Link a related case" submitLabel="Link" pending={link.isPending} error={link.error} success={saved}
      onSubmit={(form) => link.mutate(String(form.get('caseNumber') ?? '').trim())}>
      <label htmlFor="link-case">Case number</label>
      <input id="link-case" name="caseNumber" required placeholder="PD-XXXX-XXXX" autoComplete="off" />
    </ActionForm>
  );
}

/** Linked cases with an unlink button for the links agents make (related, duplicate). */
export function LinkedCases({ detail }: { detail: CaseDetail }) {
  const refresh = useCaseRefresh(detail.caseNumber);
  const unlink = useMutation({
    mutationFn: (other: string) => unwrap(api.DELETE('/api/v1/cases/{caseNumber}/links/{other}', { params: { path: { caseNumber: detail.caseNumber, other } } })),
    onSuccess: refresh,
  });
  if (detail.linkedCases.length === 0) return null;
  return (
    <section aria-labelledby="linked-heading" className="card">
      <h2 id="linked-heading">Linked cases</h2>
      {unlink.isError && <p className="field-error" role="alert">{unlink.error.message}</p>}
      <ul>
        {detail.linkedCases.map((l) => (
          <li key={`${l.caseNumber}${l.kind}`}>
            <Link to={`/cases/${l.caseNumber}`}>{l.caseNumber}</Link> <span className="muted">{l.kind.replace(/[-_]/g, ' ')}</span>{' '}
            {(l.kind === 'related' || l.kind === 'duplicate') && (
              <button type="button" className="link" onClick={() => unlink.mutate(l.caseNumber)} aria-label={`Unlink ${l.caseNumber}`}>Unlink</button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
