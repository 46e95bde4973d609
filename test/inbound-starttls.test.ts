import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, waitFor, type TestApp } from './test-app.js';
import { createSmtpListener } from '../src/modules/email-in/smtp-listener.js';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasOpenssl) console.warn('STARTTLS test skipped: openssl is not installed (it makes the throw-away certificate)');

describe.skipIf(!hasOpenssl)('inbound SMTP with STARTTLS', () => {
  let t: TestApp;
  let dir: string;
  let listener: ReturnType<typeof createSmtpListener>;
  let port: number;
  let cert: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    cert = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    t = await createTestApp({ env: { POSTDESK_SMTP_PORT: '0' } });
    listener = createSmtpListener({
      host: '127.0.0.1', port: 0, mailDomain: 'postdesk.test', store: t.container.inboundStore, log: t.container.log, events: t.container.events,
      tls: { certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem') }, limitConnectionsPerAddress: true,
    });
    ({ port } = await listener.listen());
  });
  afterAll(async () => {
    await listener.close();
    await t.close({ removeData: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('offers STARTTLS and takes mail over the encrypted session', async () => {
    // The client trusts exactly this certificate (no verification switched off).
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, requireTLS: true, tls: { ca: [cert], servername: 'localhost' } });
    const info = await transport.sendMail({ from: 'tls@example.org', to: 'support@postdesk.test', subject: 'Over TLS', text: 'Encrypted hello', messageId: '<tls-1@example.org>' });
    expect(info.response).toMatch(/^250 /);
    const row = await waitFor(async () => t.container.database.db.selectFrom('inbound_messages').select(['status', 'message_id_header']).where('message_id_header', '=', '<tls-1@example.org>').executeTakeFirst());
    expect(row.message_id_header).toBe('<tls-1@example.org>');
    transport.close();
  });
});
