import { useEffect } from 'react';
import { ApiError } from '../api/client';

/** Sets the tab title the way every console page names itself. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Postdesk`;
  }, [title]);
}

/** A failed save: the server's message and its per-field messages, announced to screen readers. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const text = apiError
    ? [apiError.message, ...Object.entries(apiError.fields).map(([field, message]) => `${field}: ${message}`)].join(' ')
    : 'Something went wrong.';
  return <p className="field-error" role="alert">{text}</p>;
}
