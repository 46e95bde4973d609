import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, signInNewAgent, type TestApp } from '../../../test/test-app.js';

type MailboxBody = { mailbox: Record<string, unknown> & { id: string } };
type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

const PASSWORD = 'Imap-Pa55word-that-must-never-leak';
const VALID = { name: 'Support inbox', host: 'imap.example.org', port: 993, tls: true, username: 'support@example.org', password: PASSWORD };

describe('admin mailboxes API: /api/v1/admin/mailboxes', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;
  let agent: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    t = await createTestApp({ worker: false });
    admin = await signIn(t.app);
    agent = (await signInNewAgent(t, { email: 'agent@postdesk.test', role: 'agent' })).headers;
  });
  afterAll(async () => {
    await t.close({ removeData: true });
  });

  const create = (payload: Record<string, unknown>, headers: Record<string, string> = admin) =>
    t.app.inject({ method: 'POST', url: '/api/v1/admin/mailboxes', headers, payload });

  it('needs a session (401), the admin role (403) and the CSRF header (403)', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/admin/mailboxes' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json<ErrorBody>().error.code).toBe('auth.required');

    const byAgent = await t.app.inject({ method: 'GET', url: '/api/v1/admin/mailboxes', headers: agent });
    expect(byAgent.statusCode).toBe(403);
    expect(byAgent.json<ErrorBody>().error.code).toBe('auth.forbidden');
    expect((await create(VALID, agent)).statusCode).toBe(403);

    const withoutCsrf = await create(VALID, { cookie: admin.cookie });
    expect(withoutCsrf.statusCode).toBe(403);
    expect(withoutCsrf.json<ErrorBody>().error.code).toBe('auth.csrf');
  });

  it.each([
    ['a missing password', { password: undefined }, 'password'],
    ['a port out of range', { port: 70000 }, 'port'],
    ['a host with spaces', { host: 'imap example org' }, 'host'],
    ['an unknown field', { verifyCertificates: false }, 'body'],
    ['a control character in the folder', { folder: 'INBOX\r\nA1 LOGOUT' }, 'folder'],
    ['a processed folder equal to the folder', { folder: 'Support', processedFolder: 'Support' }, 'processedFolder'],
  ])('refuses %s (422)', async (_name, change, field) => {
    const response = await create({ ...VALID, ...change });
    expect(response.statusCode, response.body).toBe(422);
    const body = response.json<ErrorBody>();
    expect(body.error.code).toBe('validation.failed');
    if (field !== 'body') expect(Object.keys(body.error.fields ?? {}).join(' ')).toContain(field);
  });

  it('creates a mailbox (201) that never shows its password', async () => {
    const response = await create(VALID);
    expect(response.statusCode, response.body).toBe(201);
    const { mailbox } = response.json<MailboxBody>();
    expect(mailbox).toMatchObject({
      name: 'Support inbox', host: 'imap.example.org', port: 993, tls: true, username: 'support@example.org',
      folder: 'INBOX', processedFolder: null, active: true, uidValidity: null, lastUid: 0, lastError: null, lastPolledAt: null,
    });
    expect(Object.keys(mailbox).some((key) => /password/i.test(key))).toBe(false);
    expect(response.body).not.toContain(PASSWORD);

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/admin/mailboxes', headers: admin });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ mailboxes: { id: string }[] }>().mailboxes.map((m) => m.id)).toContain(mailbox.id);
    expect(list.body).not.toContain(PASSWORD);
    expect(list.body).not.toContain('v1.');

    const row = await t.container.database.db.selectFrom('mailboxes').select('password_encrypted').where('id', '=', mailbox.id).executeTakeFirstOrThrow();
    expect(row.password_encrypted).toMatch(/^v1\./);
    expect(row.password_encrypted).not.toContain(PASSWORD);
  });

  it('changes settings with PATCH; a new folder starts from UID 0; unknown ids are 404', async () => {
    const { mailbox } = (await create({ ...VALID, name: 'To patch' })).json<MailboxBody>();
    await t.container.database.db.updateTable('mailboxes').set({ uid_validity: '42', last_uid: 17, last_error: 'Polling failed: boom' }).where('id', '=', mailbox.id).execute();
    const before = await t.container.database.db.selectFrom('mailboxes').select('password_encrypted').where('id', '=', mailbox.id).executeTakeFirstOrThrow();

    const patched = await t.app.inject({
      method: 'PATCH', url: `/api/v1/admin/mailboxes/${mailbox.id}`, headers: admin,
      payload: { folder: 'Support', processedFolder: 'Support/Done', password: 'a new password', active: false },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<MailboxBody>().mailbox).toMatchObject({
      folder: 'Support', processedFolder: 'Support/Done', active: false, uidValidity: null, lastUid: 0, lastError: null,
    });
    expect(patched.body).not.toContain('a new password');
    const after = await t.container.database.db.selectFrom('mailboxes').select('password_encrypted').where('id', '=', mailbox.id).executeTakeFirstOrThrow();
    expect(after.password_encrypted).not.toBe(before.password_encrypted);

    const empty = await t.app.inject({ method: 'PATCH', url: `/api/v1/admin/mailboxes/${mailbox.id}`, headers: admin, payload: {} });
    expect(empty.statusCode).toBe(422);
    const missing = await t.app.inject({ method: 'PATCH', url: '/api/v1/admin/mailboxes/nope', headers: admin, payload: { active: true } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ErrorBody>().error.code).toBe('mailbox.not_found');
  });

  it('DELETE deactivates (the row stays for the inbound messages that point at it)', async () => {
    const { mailbox } = (await create({ ...VALID, name: 'To delete' })).json<MailboxBody>();
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/mailboxes/${mailbox.id}`, headers: admin });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json<MailboxBody>().mailbox).toMatchObject({ id: mailbox.id, active: false });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/admin/mailboxes', headers: admin });
    expect(list.json<{ mailboxes: { id: string; active: boolean }[] }>().mailboxes.find((m) => m.id === mailbox.id)?.active).toBe(false);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/admin/mailboxes/nope', headers: admin })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/admin/mailboxes/${mailbox.id}`, headers: { cookie: admin.cookie } })).statusCode).toBe(403);
  });
});
