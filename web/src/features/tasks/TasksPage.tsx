import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { formatDateTime, formatRelative } from '../../app/format';
import { useNow } from '../../app/use-now';
import { useDocumentTitle } from '../../app/page';

export function useMyTasks() {
  return useQuery({ queryKey: ['tasks', 'mine'], queryFn: () => unwrap(api.GET('/api/v1/tasks', { params: { query: { assignee: 'me', status: 'open' } } })) });
}

/** The agent's own phone follow-ups, soonest first; overdue ones stand out. */
export function TasksPage() {
  const tasks = useMyTasks();
  const queryClient = useQueryClient();
  const now = useNow(60_000);
  const done = useMutation({
    mutationFn: (id: string) => unwrap(api.PATCH('/api/v1/tasks/{id}', { params: { path: { id } }, body: { status: 'done' } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  });
  useDocumentTitle('My tasks');
  const list = [...(tasks.data?.tasks ?? [])].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return (
    <>
      <h1>My tasks</h1>
      {tasks.data && <p className="lead">{tasks.data.myOpenCount} open, {tasks.data.myOverdueCount} overdue.</p>}
      {done.isError && <p className="field-error" role="alert">{done.error.message}</p>}
      {tasks.isSuccess && list.length === 0 && <p role="status">No open tasks.</p>}
      {list.length > 0 && (
        <table className="cases">
          <caption className="visually-hidden">My open tasks</caption>
          <thead><tr><th scope="col">Call by</th><th scope="col">Case</th><th scope="col">Note</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {list.map((task) => (
              <tr key={task.id}>
                <td><span className={task.overdue ? 'sla breached' : 'sla ok'}>{formatDateTime(task.dueAt)} ({task.overdue ? 'overdue, ' : ''}{formatRelative(task.dueAt, now)})</span></td>
                <td><Link to={`/cases/${task.caseNumber}`}>{task.caseNumber}</Link> <span className="muted">{task.caseSubject}</span></td>
                <td>{task.note ?? ''}</td>
                <td><button type="button" className="secondary" onClick={() => done.mutate(task.id)} aria-label={`Mark the call for ${task.caseNumber} done`}>Done</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
