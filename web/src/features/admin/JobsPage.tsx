import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../app/format';
import { useDocumentTitle } from '../../app/page';

const STATUSES = ['dead', 'queued', 'running', 'done'] as const;
type JobStatus = (typeof STATUSES)[number];

/** Background jobs; dead-lettered ones can be retried once their cause is fixed. */
export function JobsPage() {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<JobStatus>('dead');
  const jobs = useQuery({ queryKey: ['admin', 'jobs', status], staleTime: 0, queryFn: () => unwrap(api.GET('/api/v1/admin/jobs', { params: { query: { status, limit: 100 } } })) });
  const retry = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/admin/jobs/{id}/retry', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'jobs'] }),
  });
  useDocumentTitle('Jobs');
  return (
    <>
      <h1>Jobs</h1>
      {jobs.data && (
        <p className="lead">{STATUSES.map((s) => `${jobs.data.counts[s] ?? 0} ${s}`).join(' · ')}</p>
      )}
      <div className="filters">
        <div className="field">
          <label htmlFor="job-status">Show</label>
          <select id="job-status" value={status} onChange={(event) => setStatus(event.target.value as JobStatus)}>
            {STATUSES.map((s) => <option key={s} value={s}>{s === 'dead' ? 'Dead-lettered' : s}</option>)}
          </select>
        </div>
      </div>
      {retry.isError && <p className="field-error" role="alert">{retry.error.message}</p>}
      {jobs.data && jobs.data.jobs.length === 0 && <p role="status">No {status} jobs.</p>}
      {jobs.data && jobs.data.jobs.length > 0 && (
        <table className="cases">
          <caption className="visually-hidden">{status} jobs</caption>
          <thead><tr><th scope="col">Type</th><th scope="col">Attempts</th><th scope="col">Last error</th><th scope="col">Updated</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {jobs.data.jobs.map((job) => (
              <tr key={job.id}>
                <td>{job.type}</td><td>{job.attempts}/{job.maxAttempts}</td><td>{job.lastError ?? ''}</td><td>{formatDateTime(job.updatedAt)}</td>
                <td>{job.status === 'dead' && <button type="button" onClick={() => retry.mutate(job.id)} disabled={retry.isPending}>Retry</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
