import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import { formatDateTime } from '../../app/format';
import { FormError, useDocumentTitle } from '../../app/page';

/** IMAP mailboxes Postdesk polls; passwords are stored encrypted and never shown again. */
export function MailboxesPage() {
  const queryClient = useQueryClient();
  const mailboxes = useQuery({ queryKey: ['admin', 'mailboxes'], queryFn: () => unwrap(api.GET('/api/v1/admin/mailboxes')) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'mailboxes'] });
  const toggle = useMutation({
    mutationFn: (mailbox: { id: string; active: boolean }) => unwrap(api.PATCH('/api/v1/admin/mailboxes/{id}', { params: { path: { id: mailbox.id } }, body: { active: !mailbox.active } })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/admin/mailboxes/{id}', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const [message, setMessage] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (form: FormData) => {
      const text = (name: string) => String(form.get(name) ?? '').trim();
      return unwrap(api.POST('/api/v1/admin/mailboxes', {
        body: {
          name: text('name'), host: text('host'), port: Number(text('port')), tls: form.get('tls') === 'on',
          username: text('username'), password: String(form.get('password') ?? ''),
          ...(text('folder') ? { folder: text('folder') } : {}),
          ...(text('processedFolder') ? { processedFolder: text('processedFolder') } : {}),
        },
      }));
    },
    onSuccess: () => { setMessage('Mailbox added; the imap role starts polling it.'); void refresh(); },
  });
  useDocumentTitle('Mailboxes');
  const error = create.error instanceof ApiError ? create.error : null;
  return (
    <>
      <h1>IMAP mailboxes</h1>
      {(toggle.error ?? remove.error) && <p className="field-error" role="alert">{(toggle.error ?? remove.error)?.message}</p>}
      {mailboxes.data && mailboxes.data.mailboxes.length === 0 && <p role="status">No mailboxes: mail arrives through the SMTP listener only.</p>}
      {mailboxes.data && mailboxes.data.mailboxes.length > 0 && (
        <table className="cases">
          <caption className="visually-hidden">Mailboxes</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Server</th><th scope="col">Folder</th><th scope="col">Last error</th><th scope="col">Active</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {mailboxes.data.mailboxes.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td><td>{m.username}@{m.host}:{m.port} {m.tls ? '(TLS)' : '(STARTTLS)'}</td>
                <td>{m.folder}{m.processedFolder ? ` → ${m.processedFolder}` : ''}</td><td>{m.lastError ?? ''}</td>
                <td><button type="button" className="secondary" onClick={() => toggle.mutate(m)} aria-label={`${m.active ? 'Pause' : 'Resume'} ${m.name}`}>{m.active ? 'On' : 'Off'}</button></td>
                <td><button type="button" className="secondary" onClick={() => remove.mutate(m.id)} aria-label={`Delete ${m.name}`}>Delete</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="card" aria-labelledby="new-mailbox" onSubmit={(event: FormEvent<HTMLFormElement>) => { event.preventDefault(); setMessage(null); create.mutate(new FormData(event.currentTarget)); }}>
        <h2 id="new-mailbox">Add a mailbox</h2>
        <FormError error={error} />
        {message && <p className="success" role="status">{message}</p>}
        <label htmlFor="mb-name">Name</label><input id="mb-name" name="name" required />
        <label htmlFor="mb-host">IMAP server</label><input id="mb-host" name="host" required />
        <label htmlFor="mb-port">Port</label><input id="mb-port" name="port" type="number" defaultValue={993} min={1} max={65535} required />
        <label className="checkbox"><input type="checkbox" name="tls" defaultChecked /> Implicit TLS (IMAPS); otherwise STARTTLS</label>
        <label htmlFor="mb-user">User name</label><input id="mb-user" name="username" autoComplete="off" required />
        <label htmlFor="mb-password">Password</label><input id="mb-password" name="password" type="password" autoComplete="new-password" required />
        <label htmlFor="mb-folder">Folder</label><input id="mb-folder" name="folder" placeholder="INBOX" />
        <label htmlFor="mb-processed">Move processed mail to</label><input id="mb-processed" name="processedFolder" />
        <button type="submit" disabled={create.isPending}>Add mailbox</button>
      </form>
      {mailboxes.data && mailboxes.data.mailboxes.some((m) => m.lastPolledAt) && (
        <p className="hint">Last polled: {mailboxes.data.mailboxes.filter((m) => m.lastPolledAt).map((m) => `${m.name} ${formatDateTime(m.lastPolledAt as string)}`).join(', ')}</p>
      )}
    </>
  );
}
