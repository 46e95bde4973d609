import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useDocumentTitle } from '../../app/page';

const MODES = [
  ['manual', 'Manual: agents pick cases'],
  ['round_robin', 'Round robin among available members'],
  ['least_open', 'Fewest open cases among available members'],
] as const;
type Mode = (typeof MODES)[number][0];

/** How each department hands out new cases; supervisors decide. */
export function DepartmentsPage() {
  const queryClient = useQueryClient();
  const departments = useQuery({ queryKey: ['admin', 'departments'], queryFn: () => unwrap(api.GET('/api/v1/admin/departments')) });
  const update = useMutation({
    mutationFn: (input: { slug: string; assignmentMode: Mode }) =>
      unwrap(api.PATCH('/api/v1/admin/departments/{slug}', { params: { path: { slug: input.slug } }, body: { assignmentMode: input.assignmentMode } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'departments'] }),
  });
  useDocumentTitle('Departments');
  return (
    <>
      <h1>Departments</h1>
      <p className="lead">Automatic modes assign each new or re-routed case to an available member; with nobody available the case stays unassigned.</p>
      {update.isError && <p className="field-error" role="alert">{update.error.message}</p>}
      {departments.data && (
        <table className="cases">
          <caption className="visually-hidden">Departments</caption>
          <thead><tr><th scope="col">Department</th><th scope="col">Assignment</th><th scope="col">Members</th></tr></thead>
          <tbody>
            {departments.data.departments.map((d) => (
              <tr key={d.slug}>
                <td>{d.name}</td>
                <td>
                  <select aria-label={`Assignment in ${d.name}`} value={d.assignmentMode} onChange={(event) => update.mutate({ slug: d.slug, assignmentMode: event.target.value as Mode })}>
                    {MODES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                  </select>
                </td>
                <td>{d.members.length === 0 ? <span className="muted">none</span> : d.members.map((m) => `${m.name}${m.available ? '' : ' (away)'}`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
