import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import { LANGUAGES } from '../../api/types';
import { languageName } from '../../app/format';
import { FormError, useDocumentTitle } from '../../app/page';

/** Reply texts agents insert; variables are checked when saved. */
export function CannedResponsesPage() {
  const queryClient = useQueryClient();
  const canned = useQuery({ queryKey: ['admin', 'canned'], queryFn: () => unwrap(api.GET('/api/v1/admin/canned-responses')) });
  const departments = useQuery({ queryKey: ['admin', 'departments'], queryFn: () => unwrap(api.GET('/api/v1/admin/departments')) });
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ['admin', 'canned'] }), queryClient.invalidateQueries({ queryKey: ['canned'] })]);
  const [message, setMessage] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (form: FormData) => {
      const department = String(form.get('department') ?? '');
      return unwrap(api.POST('/api/v1/admin/canned-responses', {
        body: { title: String(form.get('title') ?? '').trim(), body: String(form.get('body') ?? ''), language: String(form.get('language') ?? 'en'), department: department || null },
      }));
    },
    onSuccess: () => { setMessage('Saved.'); void refresh(); },
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/admin/canned-responses/{id}', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  useDocumentTitle('Canned responses');
  const error = create.error instanceof ApiError ? create.error : null;
  return (
    <>
      <h1>Canned responses</h1>
      {remove.isError && <p className="field-error" role="alert">{remove.error.message}</p>}
      {canned.data && canned.data.cannedResponses.length === 0 && <p role="status">None yet.</p>}
      {canned.data && canned.data.cannedResponses.length > 0 && (
        <table className="cases">
          <caption className="visually-hidden">Canned responses</caption>
          <thead><tr><th scope="col">Title</th><th scope="col">Language</th><th scope="col">Department</th><th scope="col">Text</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {canned.data.cannedResponses.map((c) => (
              <tr key={c.id}>
                <td>{c.title}</td><td>{languageName(c.language)}</td><td>{c.department?.name ?? 'All'}</td>
                <td className="preview">{c.body}</td>
                <td><button type="button" className="secondary" onClick={() => remove.mutate(c.id)} aria-label={`Delete ${c.title}`}>Delete</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="card" aria-labelledby="new-canned" onSubmit={(event: FormEvent<HTMLFormElement>) => { event.preventDefault(); setMessage(null); create.mutate(new FormData(event.currentTarget)); }}>
        <h2 id="new-canned">Add a canned response</h2>
        <FormError error={error} />
        {message && <p className="success" role="status">{message}</p>}
        <label htmlFor="canned-title">Title</label><input id="canned-title" name="title" required />
        <label htmlFor="canned-language">Language</label>
        <select id="canned-language" name="language" defaultValue="en">{LANGUAGES.map((l) => <option key={l} value={l}>{languageName(l)}</option>)}</select>
        <label htmlFor="canned-department">Department</label>
        <select id="canned-department" name="department" defaultValue="">
          <option value="">All departments</option>
          {(departments.data?.departments ?? []).map((d) => <option key={d.slug} value={d.slug}>{d.name}</option>)}
        </select>
        <label htmlFor="canned-body">Text</label>
        <textarea id="canned-body" name="body" rows={6} required aria-describedby="canned-hint" />
        <p id="canned-hint" className="hint">Variables: {'{{customer.name}}'}, {'{{case.number}}'}, {'{{tracking.number}}'}, {'{{agent.name}}'}.</p>
        <button type="submit" disabled={create.isPending}>Save</button>
      </form>
    </>
  );
}
