import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.gen';

/** A failed API call, carrying the server's stable error code and per-field messages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

let csrfToken = '';
let onSignedOut: () => void = () => {};

/** The session's CSRF token, learnt at sign-in or from /auth/me; sent on every state change. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when any request finds the session gone (expired, signed out elsewhere). */
export function setSignedOutHandler(handler: () => void): void {
  onSignedOut = handler;
}

const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD') request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.endsWith('/api/v1/auth/login') && !request.url.endsWith('/api/v1/auth/me')) onSignedOut();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(sessionMiddleware);

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful call, or an ApiError with the server's message. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok && data !== undefined) return data;
  if (response.ok) return undefined as T;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; fields?: Record<string, string> } };
  throw new ApiError(
    response.status,
    body.error?.code ?? 'http.error',
    body.error?.message ?? `The server answered ${response.status}.`,
    body.error?.fields ?? {},
  );
}
