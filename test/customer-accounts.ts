import type { LightMyRequestResponse as Response } from 'fastify';
import { expect } from 'vitest';
import type { HttpApp } from '../src/http/types.js';

/** What the admin mail preview shows of one email. */
export type PreviewMail = { id: string; kind: string; to: string; subject: string; text: string; html: string | null; headers: Record<string, string> };

/**
 * A person's browser on the help hub, through `app.inject`: it keeps the cookies it is given
 * (dropping the ones cleared), and posts forms with the CSRF token of the last page it read.
 */
export class HubBrowser {
  private static count = 0;
  readonly cookies = new Map<string, string>();
  csrfToken = '';
  private readonly remoteAddress: string;

  /** Each browser has its own client address unless told, so per-address rate limits stay out of unrelated tests. */
  constructor(private readonly app: HttpApp, remoteAddress?: string) {
    HubBrowser.count += 1;
    this.remoteAddress = remoteAddress ?? `198.18.${Math.floor(HubBrowser.count / 250) % 250}.${(HubBrowser.count % 250) + 1}`;
  }

  private cookieHeader(): Record<string, string> {
    return this.cookies.size > 0 ? { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') } : {};
  }

  private remember(response: Response): Response {
    for (const cookie of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const cleared = cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() < Date.now()) || cookie.value === '';
      if (cleared) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="csrfToken" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
    return response;
  }

  async get(url: string): Promise<Response> {
    return this.remember(await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: this.cookieHeader() }));
  }

  /** Posts a urlencoded form; the CSRF token is added unless `fields` names its own (or `csrf: false`). */
  async post(url: string, fields: Record<string, string>, options: { csrf?: boolean } = {}): Promise<Response> {
    const body = options.csrf === false || 'csrfToken' in fields ? fields : { csrfToken: this.csrfToken, ...fields };
    return this.remember(await this.app.inject({
      method: 'POST', url, remoteAddress: this.remoteAddress,
      headers: { ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(body).toString(),
    }));
  }

  /** Reads a form page first (for its CSRF token), then posts it. */
  async submit(url: string, fields: Record<string, string>): Promise<Response> {
    const page = await this.get(url);
    expect(page.statusCode, `GET ${url}`).toBe(200);
    // The contact form's signed "shown at" field (form-guard.ts) goes back as a browser sends it.
    const started = /name="formStarted" value="([^"]+)"/.exec(page.body)?.[1];
    return this.post(url, started ? { formStarted: started, ...fields } : fields);
  }
}

/** The account emails sent to `to`, newest first, with their text. */
export async function accountMailsTo(app: HttpApp, admin: Record<string, string>, to: string): Promise<PreviewMail[]> {
  const list = await app.inject({ method: 'GET', url: `/api/v1/admin/mail?limit=500&to=${encodeURIComponent(to)}`, headers: admin });
  const mails = list.json<{ mails: PreviewMail[] }>().mails.filter((m) => m.kind === 'account');
  return Promise.all(mails.map(async (m) => (await app.inject({ method: 'GET', url: `/api/v1/admin/mail/${m.id}`, headers: admin })).json<{ mail: PreviewMail }>().mail));
}

/** The path and query of the first link to `path` in a mail's text (the host is our test server's public URL). */
export function linkIn(mail: PreviewMail | undefined, path: string): string {
  const escaped = path.replace(/[/?]/g, (c) => `\\${c}`);
  const match = new RegExp(`https?://[^/\\s]+(${escaped}\\?token=\\S+)`).exec(mail?.text ?? '');
  if (!match?.[1]) throw new Error(`no ${path} link in the mail: ${mail?.text ?? '(no mail)'}`);
  return match[1];
}

/** The token of a link, as the page's hidden field carries it. */
export function tokenOf(link: string): string {
  return decodeURIComponent(link.split('token=')[1] ?? '');
}

export const STRONG_PASSWORD = 'lantern orbit meadow 42';

/** Signs up, opens the verification mail's link and confirms with the password: a signed-in browser. */
export async function registerCustomer(
  app: HttpApp, admin: Record<string, string>, input: { name?: string; email: string; password?: string; remoteAddress?: string },
): Promise<HubBrowser> {
  const browser = new HubBrowser(app, input.remoteAddress);
  const password = input.password ?? STRONG_PASSWORD;
  const sent = await browser.submit('/account/sign-up', { name: input.name ?? 'Ana Popescu', email: input.email, password });
  expect(sent.statusCode, sent.body).toBe(200);
  const link = linkIn((await accountMailsTo(app, admin, input.email.toLowerCase()))[0], '/account/verify');
  expect((await browser.get(link)).statusCode).toBe(200);
  const verified = await browser.post('/account/verify', { token: tokenOf(link), password });
  expect(verified.statusCode, verified.body).toBe(303);
  return browser;
}
