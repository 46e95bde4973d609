import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Mail } from '../../api/types';
import { formatDateTime } from '../../app/format';
import { useDocumentTitle } from '../../app/page';

/** Every email Postdesk sent, or would have sent without a relay: what the customer got, headers included. */
export function MailPreviewPage() {
  const [to, setTo] = useState('');
  const [open, setOpen] = useState<Mail | null>(null);
  const mails = useQuery({
    queryKey: ['admin', 'mail', to],
    // Logs change behind our back (the worker sends mail): always fresh on arrival.
    staleTime: 0,
    queryFn: () => unwrap(api.GET('/api/v1/admin/mail', { params: { query: to ? { to, limit: 100 } : { limit: 100 } } })),
  });
  useDocumentTitle('Mail preview');
  return (
    <>
      <h1>Mail preview</h1>
      <p className="lead">Outgoing email, newest first. Without a relay (POSTDESK_SMTP_RELAY_URL) mail stays here.</p>
      <form className="filters" role="search" aria-label="Mail by recipient" onSubmit={(event) => { event.preventDefault(); setTo(String(new FormData(event.currentTarget).get('to') ?? '').trim()); }}>
        <div className="field"><label htmlFor="mail-to">Recipient</label><input id="mail-to" name="to" type="email" /></div>
        <button type="submit" className="secondary">Filter</button>
      </form>
      {mails.isError && <p className="field-error" role="alert">{mails.error.message}</p>}
      {mails.data && mails.data.mails.length === 0 && <p role="status">No mail yet.</p>}
      {mails.data && mails.data.mails.length > 0 && (
        <table className="cases">
          <caption className="visually-hidden">Outgoing mail</caption>
          <thead><tr><th scope="col">Subject</th><th scope="col">To</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Created</th></tr></thead>
          <tbody>
            {mails.data.mails.map((mail) => (
              <tr key={mail.id} className={open?.id === mail.id ? 'selected' : undefined}>
                <td><button type="button" className="link" onClick={() => setOpen(mail)}>{mail.subject}</button></td>
                <td>{mail.to}</td><td>{mail.kind}</td><td>{mail.status}{mail.error ? ` (${mail.error})` : ''}</td><td>{formatDateTime(mail.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && (
        <section className="card mail" aria-labelledby="mail-heading">
          <h2 id="mail-heading">{open.subject}</h2>
          <dl className="headers">
            {Object.entries({ From: open.from, To: open.to, 'Reply-To': open.replyTo ?? '', 'Message-ID': open.messageId, ...open.headers }).map(([name, value]) => (
              <div key={name}><dt>{name}</dt><dd>{value}</dd></div>
            ))}
          </dl>
          <pre className="body">{open.text}</pre>
          <button type="button" className="secondary" onClick={() => setOpen(null)}>Close</button>
        </section>
      )}
    </>
  );
}
