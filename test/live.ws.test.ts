import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerFrame } from '../src/modules/live/index.js';
import { createTestApp, signIn, signInNewAgent, waitFor, TEST_ADMIN, type TestApp } from './test-app.js';
import { submitCase, validForm } from './factories.js';

/** A real WebSocket client that records every frame it receives. */
type Client = { socket: WebSocket; frames: ServerFrame[]; send(frame: unknown): void; close(): void };

let t: TestApp;
let url: string;
let origin: string;
let admin: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ options: { live: { batchMs: 50, presenceTtlMs: 60_000, sessionRecheckMs: 200 } } });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (t.app.server.address() as AddressInfo).port;
  url = `ws://127.0.0.1:${port}/api/v1/live`;
  origin = `http://127.0.0.1:${port}`;
  admin = await signIn(t.app);
});
afterAll(() => t.close({ removeData: true }));

function connect(headers: Record<string, string>): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const frames: ServerFrame[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data)) as ServerFrame));
    socket.once('open', () => resolve({ socket, frames, send: (frame) => socket.send(JSON.stringify(frame)), close: () => socket.close() }));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

describe('live channel /api/v1/live', () => {
  it('refuses an upgrade without a session (401) and from another origin (403)', async () => {
    await expect(connect({})).rejects.toThrow('HTTP 401');
    await expect(connect({ cookie: admin.cookie!, origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('tells connected agents which cases changed', async () => {
    const client = await connect({ cookie: admin.cookie!, origin });
    await waitFor(() => client.frames.find((f) => f.type === 'hello'));
    const first = await submitCase(t.app, validForm());
    const second = await submitCase(t.app, validForm('tracking'));
    const ids = await Promise.all([first, second].map(async (c) => (await t.app.inject({ url: `/api/v1/cases/${c.caseNumber}`, headers: admin })).json().case.id as string));
    const changed = await waitFor(() => {
      const seen = new Set(client.frames.flatMap((f) => (f.type === 'cases.changed' ? f.caseIds : [])));
      return ids.every((id) => seen.has(id)) ? seen : undefined;
    });
    expect(changed.size).toBeGreaterThanOrEqual(2);
    client.close();
  });

  it('shares who is viewing and typing in a case, and forgets a closed connection', async () => {
    const ana = await connect({ cookie: admin.cookie!, origin });
    const bo = await connect({ cookie: (await signInNewAgent(t, { email: 'bo.live@postdesk.test', name: 'Bo Live', role: 'agent' })).headers.cookie!, origin });
    ana.send({ type: 'presence', caseNumber: 'PD-TEST-0001', state: 'viewing' });
    bo.send({ type: 'presence', caseNumber: 'PD-TEST-0001', state: 'typing' });
    const both = await waitFor(() => ana.frames.find((f) => f.type === 'presence' && f.agents.length === 2));
    expect(both).toMatchObject({ caseNumber: 'PD-TEST-0001', agents: [{ name: 'Administrator', state: 'viewing' }, { name: 'Bo Live', state: 'typing' }] });
    bo.close();
    await waitFor(() => {
      const last = ana.frames.filter((f) => f.type === 'presence').at(-1);
      return last?.type === 'presence' && last.agents.length === 1 && last.agents[0]?.name === 'Administrator';
    });
    ana.send({ type: 'nonsense' });
    await waitFor(() => ana.frames.find((f) => f.type === 'error' && f.code === 'frame.invalid'));
    ana.close();
  });

  it('closes the connection soon after the agent signs out', async () => {
    const session = await signIn(t.app, TEST_ADMIN);
    const client = await connect({ cookie: session.cookie!, origin });
    const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session })).statusCode).toBe(204);
    expect(await closed).toBe(4401);
  });
});
