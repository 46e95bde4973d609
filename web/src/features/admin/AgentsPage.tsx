import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import { hasRole, useAgent } from '../auth/session';
import { FormError, useDocumentTitle } from '../../app/page';

type AgentPatch = paths['/api/v1/admin/agents/{id}']['patch']['requestBody']['content']['application/json'];
type Role = 'agent' | 'supervisor' | 'admin';
const ROLES: Role[] = ['agent', 'supervisor', 'admin'];

/** Staff: supervisors set departments and availability; admins also invite, change roles and deactivate. */
export function AgentsPage() {
  const me = useAgent();
  const isAdmin = hasRole(me, 'admin');
  const queryClient = useQueryClient();
  const agents = useQuery({ queryKey: ['admin', 'agents'], queryFn: () => unwrap(api.GET('/api/v1/admin/agents')) });
  const departments = useQuery({ queryKey: ['admin', 'departments'], queryFn: () => unwrap(api.GET('/api/v1/admin/departments')) });
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ['admin', 'agents'] }), queryClient.invalidateQueries({ queryKey: ['agents'] })]);
  const update = useMutation({
    mutationFn: (input: { id: string; patch: AgentPatch }) => unwrap(api.PATCH('/api/v1/admin/agents/{id}', { params: { path: { id: input.id } }, body: input.patch })),
    onSuccess: refresh,
  });
  useDocumentTitle('Agents');
  return (
    <>
      <h1>Agents</h1>
      {update.isError && <p className="field-error" role="alert">{update.error.message}</p>}
      {agents.data && (
        <table className="cases">
          <caption className="visually-hidden">Agents</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Departments</th><th scope="col">Status</th><th scope="col">Available</th></tr></thead>
          <tbody>
            {agents.data.agents.map((agent) => (
              <tr key={agent.id}>
                <td>{agent.name}<br /><span className="muted">{agent.email}</span></td>
                <td>
                  {isAdmin && agent.id !== me.id ? (
                    <select aria-label={`Role of ${agent.name}`} value={agent.role} onChange={(event) => update.mutate({ id: agent.id, patch: { role: event.target.value as Role } })}>
                      {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                    </select>
                  ) : agent.role}
                </td>
                <td>
                  <fieldset className="compact">
                    <legend className="visually-hidden">Departments of {agent.name}</legend>
                    {(departments.data?.departments ?? []).map((d) => {
                      const member = agent.departments.some((m) => m.slug === d.slug);
                      const next = member ? agent.departments.filter((m) => m.slug !== d.slug).map((m) => m.slug) : [...agent.departments.map((m) => m.slug), d.slug];
                      return (
                        <label key={d.slug} className="checkbox">
                          <input type="checkbox" checked={member} onChange={() => update.mutate({ id: agent.id, patch: { departments: next } })} /> {d.name}
                        </label>
                      );
                    })}
                  </fieldset>
                </td>
                <td>
                  {agent.status}
                  {isAdmin && agent.id !== me.id && agent.status !== 'invited' && (
                    <> <button type="button" className="link" onClick={() => update.mutate({ id: agent.id, patch: { active: agent.status !== 'active' } })}>
                      {agent.status === 'active' ? `Deactivate ${agent.name}` : `Reactivate ${agent.name}`}
                    </button></>
                  )}
                </td>
                <td>
                  <label className="checkbox">
                    <input type="checkbox" checked={agent.available} onChange={() => update.mutate({ id: agent.id, patch: { available: !agent.available } })} />
                    <span className="visually-hidden">{agent.name} is available</span>{agent.available ? 'Yes' : 'No'}
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isAdmin && <InviteForm departments={departments.data?.departments ?? []} onInvited={refresh} />}
    </>
  );
}

function InviteForm({ departments, onInvited }: { departments: { slug: string; name: string }[]; onInvited(): void }) {
  const [message, setMessage] = useState<string | null>(null);
  const invite = useMutation({
    mutationFn: (form: FormData) => unwrap(api.POST('/api/v1/admin/agents', {
      body: {
        email: String(form.get('email') ?? '').trim(),
        name: String(form.get('name') ?? '').trim(),
        role: String(form.get('role') ?? 'agent') as Role,
        departments: form.getAll('departments').map(String),
      },
    })),
    onSuccess: (result) => { setMessage(`Invitation emailed to ${result.agent.email}.`); onInvited(); },
  });
  const error = invite.error instanceof ApiError ? invite.error : null;
  return (
    <form className="card" aria-labelledby="invite-heading" onSubmit={(event: FormEvent<HTMLFormElement>) => { event.preventDefault(); setMessage(null); invite.mutate(new FormData(event.currentTarget)); }}>
      <h2 id="invite-heading">Invite an agent</h2>
      <FormError error={error} />
      {message && <p className="success" role="status">{message}</p>}
      <label htmlFor="invite-email">Email address</label><input id="invite-email" name="email" type="email" required />
      <label htmlFor="invite-name">Name</label><input id="invite-name" name="name" required />
      <label htmlFor="invite-role">Role</label>
      <select id="invite-role" name="role" defaultValue="agent">{ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select>
      <fieldset><legend>Departments</legend>
        {departments.map((d) => <label key={d.slug} className="checkbox"><input type="checkbox" name="departments" value={d.slug} /> {d.name}</label>)}
      </fieldset>
      <button type="submit" disabled={invite.isPending}>Send invitation</button>
    </form>
  );
}
