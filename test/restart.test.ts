import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signIn, waitFor, type TestApp } from './test-app.js';
import { submitCase, validForm, DEFAULT_TOPIC_SLUGS } from './factories.js';

type AdminMail = { kind: string; status: string; transport: string | null; to: string; subject: string; replyTo: string | null; messageId: string };

describe('a restart', () => {
  const apps: TestApp[] = [];
  let dataDir: string | undefined;
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  it('keeps every case, its customer and its queued confirmation', async () => {
    // No worker before the restart: the confirmations wait in the job table.
    const first = await createTestApp({ worker: false });
    apps.push(first);
    dataDir = first.dataDir;
    const created: { caseNumber: string; email: string; topic: string }[] = [];
    for (let i = 0; i < 20; i += 1) {
      const topic = DEFAULT_TOPIC_SLUGS[i % DEFAULT_TOPIC_SLUGS.length]!;
      const email = `restart.${i}@example.org`;
      const { caseNumber } = await submitCase(first.app, validForm(topic, { email }));
      created.push({ caseNumber, email, topic });
    }
    expect(new Set(created.map((c) => c.caseNumber)).size).toBe(20);
    await apps.pop()!.close();

    const second = await createTestApp({ dataDir });
    apps.push(second);
    const admin = await signIn(second.app);

    for (const { caseNumber, email, topic } of created) {
      const detail = await second.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}`, headers: admin });
      expect(detail.statusCode, caseNumber).toBe(200);
      expect(detail.json<{ case: { topic: string; customer: { email: string }; messages: unknown[] } }>().case).toMatchObject({ topic, customer: { email } });
      const status = await second.app.inject({ method: 'GET', url: `/api/v1/cases/${caseNumber}/status?email=${encodeURIComponent(email)}` });
      expect(status.statusCode, caseNumber).toBe(200);
      expect(status.json<{ caseNumber: string; status: string }>()).toMatchObject({ caseNumber, status: 'new', topic });
    }
    const list = await second.app.inject({ method: 'GET', url: '/api/v1/cases?limit=200', headers: admin });
    expect(list.json<{ cases: unknown[] }>().cases).toHaveLength(20);

    // Without a relay the mail preview is the delivery: the restarted worker sends all 20 confirmations.
    const mails = await waitFor(async () => {
      const response = await second.app.inject({ method: 'GET', url: '/api/v1/admin/mail?limit=500', headers: admin });
      const found = response.json<{ mails: AdminMail[] }>().mails;
      return found.length === 20 && found.every((m) => m.status === 'sent') ? found : undefined;
    }, 10_000);
    expect(mails.every((m) => m.kind === 'confirmation' && m.transport === 'preview')).toBe(true);
    for (const { caseNumber, email } of created) {
      const mail = mails.find((m) => m.to === email);
      expect(mail?.subject, email).toContain(`[${caseNumber}]`);
      // The generated secret survived the restart: reply addresses and Message-IDs still verify.
      const caseId = (await second.container.database.db.selectFrom('cases').select('id').where('number', '=', caseNumber).executeTakeFirstOrThrow()).id;
      expect(second.container.mailIdentity.parseReplyAddress(mail!.replyTo ?? '')).toEqual({ caseId });
      expect(second.container.mailIdentity.parseMessageId(mail!.messageId)).toEqual({ caseId });
    }
  });

  it('does not seed topics twice nor recreate the bootstrap admin', async () => {
    const first = await createTestApp({ worker: false });
    apps.push(first);
    dataDir = first.dataDir;
    const topicsBefore = (await first.app.inject({ method: 'GET', url: '/api/v1/topics' })).json<{ topics: unknown[] }>().topics;
    await apps.pop()!.close();

    const second = await createTestApp({ dataDir, worker: false, env: { POSTDESK_ADMIN_PASSWORD: 'another password 98765' } });
    apps.push(second);
    const topicsAfter = (await second.app.inject({ method: 'GET', url: '/api/v1/topics' })).json<{ topics: unknown[] }>().topics;
    expect(topicsAfter).toEqual(topicsBefore);
    expect(topicsAfter).toHaveLength(9);
    // The first start's password still works; the new variable is ignored on a non-empty agents table.
    await signIn(second.app);
    const rejected = await second.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@postdesk.test', password: 'another password 98765' } });
    expect(rejected.statusCode).toBe(401);
  });
});
