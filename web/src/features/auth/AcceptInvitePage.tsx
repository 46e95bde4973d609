import { useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import { useDocumentTitle } from '../../app/page';

/** Where an invitation email leads: choose a password, then sign in. The token rides in the fragment, never in logs. */
export function AcceptInvitePage({ onDone }: { onDone(notice: string): void }) {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle('Accept invitation');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setError(new ApiError(422, 'validation.failed', 'The two passwords are not the same.', { confirm: 'Type the same password twice' }));
      return;
    }
    setBusy(true);
    try {
      const name = String(form.get('name') ?? '').trim();
      await unwrap(api.POST('/api/v1/auth/accept-invite', { body: { token, password, ...(name ? { name } : {}) } }));
      window.history.replaceState(null, '', '/agent/');
      onDone('Your account is ready. Sign in with your email address and the new password.');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'unknown', 'Something went wrong. Try again.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>Join Postdesk</h1>
      {!token && <p className="field-error" role="alert">This link has no invitation token. Open the link from your invitation email.</p>}
      {error && (
        <div className="error-summary" role="alert">
          <h2>There is a problem</h2>
          <p>{error.message}</p>
          {Object.values(error.fields).map((m) => <p key={m}>{m}</p>)}
        </div>
      )}
      <form onSubmit={submit}>
        <label htmlFor="invite-name">Your name (optional)</label>
        <input id="invite-name" name="name" autoComplete="name" />
        <label htmlFor="invite-password">New password</label>
        <input id="invite-password" name="password" type="password" autoComplete="new-password" required minLength={10} aria-describedby="invite-password-hint" />
        <p id="invite-password-hint" className="hint">At least 10 characters.</p>
        <label htmlFor="invite-confirm">Type it again</label>
        <input id="invite-confirm" name="confirm" type="password" autoComplete="new-password" required />
        <button type="submit" disabled={busy || !token}>Create my account</button>
      </form>
    </main>
  );
}
