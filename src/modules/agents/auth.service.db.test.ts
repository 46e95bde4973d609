import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.js';
import { createManualClock } from '../../kernel/clock.js';
import type { AppError } from '../../kernel/errors.js';
import { listAudit } from '../audit/index.js';
import { createAuthService, type AuthService } from './auth.service.js';
import { findAgentByEmail } from './agents.repository.js';

const START = new Date('2025-03-03T09:00:00.000Z');
const MINUTE = 60_000;
const PASSWORD = 'correct horse battery';
const IP = '203.0.113.7';

let database: TestDatabase;
let clock: ReturnType<typeof createManualClock>;
let auth: AuthService;

beforeEach(async () => {
  database = await createTestDatabase();
  clock = createManualClock(START);
  auth = createAuthService({ db: database.db, clock, log: pino({ level: 'silent' }) });
});
afterEach(async () => {
  await database.cleanup();
});

/** Resolves to the AppError code a promise rejects with. */
async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as AppError).code;
  }
  throw new Error('expected a rejection');
}

async function createAda() {
  return auth.createAgent({ email: '  Ada@Example.org ', name: 'Ada Lovelace', role: 'supervisor', password: PASSWORD });
}

describe('createAgent', () => {
  it('stores a normalised email and an argon2id hash, never the password', async () => {
    const agent = await createAda();
    expect(agent).toMatchObject({ email: 'ada@example.org', name: 'Ada Lovelace', role: 'supervisor', active: true });
    const stored = await findAgentByEmail(database.db, 'ada@example.org');
    expect(stored?.passwordHash.startsWith('$argon2id$')).toBe(true);
    expect(stored?.passwordHash).not.toContain(PASSWORD);
  });

  it('refuses a duplicate email, whatever its case', async () => {
    await createAda();
    const duplicate = auth.createAgent({ email: 'ADA@example.org', name: 'Other', role: 'agent', password: PASSWORD });
    expect(await errorCode(duplicate)).toBe('agent.exists');
  });

  it('refuses a short password with a field error', async () => {
    const attempt = auth.createAgent({ email: 'bo@example.org', name: 'Bo', role: 'agent', password: 'short' });
    await expect(attempt).rejects.toMatchObject({ code: 'validation.failed', fields: { password: expect.any(String) } });
  });
});

describe('login', () => {
  it('opens a session that authenticate resolves to the agent and its CSRF token', async () => {
    const ada = await createAda();
    const result = await auth.login('ADA@example.org', PASSWORD, IP);
    expect(result.agent.id).toBe(ada.id);
    expect(result.expiresAt).toEqual(new Date(START.getTime() + 12 * 60 * MINUTE));
    const session = await auth.authenticate(result.sessionToken);
    expect(session?.agent.id).toBe(ada.id);
    expect(session?.csrfToken).toBe(result.csrfToken);
  });

  it('stores only the sha256 of the session token', async () => {
    await createAda();
    const { sessionToken } = await auth.login('ada@example.org', PASSWORD, IP);
    const rows = await database.db.selectFrom('agent_sessions').select('id').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.id).not.toBe(sessionToken);
  });

  it('answers a wrong password and an unknown email with the same error', async () => {
    await createAda();
    const wrong = await auth.login('ada@example.org', 'not the password', IP).catch((e: AppError) => e);
    const unknown = await auth.login('nobody@example.org', PASSWORD, IP).catch((e: AppError) => e);
    expect(wrong).toMatchObject({ code: 'auth.invalid_credentials' });
    expect(unknown).toMatchObject({ code: 'auth.invalid_credentials', message: (wrong as AppError).message });
  });

  it('locks the account after 5 consecutive failures, for 15 minutes', async () => {
    await createAda();
    for (let i = 1; i <= 4; i++) {
      expect(await errorCode(auth.login('ada@example.org', 'wrong password', IP))).toBe('auth.invalid_credentials');
    }
    expect(await errorCode(auth.login('ada@example.org', 'wrong password', IP))).toBe('auth.locked');
    expect(await errorCode(auth.login('ada@example.org', PASSWORD, IP))).toBe('auth.locked');
    clock.advance(15 * MINUTE - 1);
    expect(await errorCode(auth.login('ada@example.org', PASSWORD, IP))).toBe('auth.locked');
    clock.advance(1);
    await expect(auth.login('ada@example.org', PASSWORD, IP)).resolves.toMatchObject({ agent: { email: 'ada@example.org' } });
  });

  it('resets the failure count on success, so only consecutive failures lock', async () => {
    await createAda();
    for (let i = 0; i < 4; i++) await errorCode(auth.login('ada@example.org', 'wrong password', IP));
    await auth.login('ada@example.org', PASSWORD, IP);
    for (let i = 0; i < 4; i++) {
      expect(await errorCode(auth.login('ada@example.org', 'wrong password', IP))).toBe('auth.invalid_credentials');
    }
    await expect(auth.login('ada@example.org', PASSWORD, IP)).resolves.toBeDefined();
  });

  it('refuses an inactive agent like an unknown one, and its sessions stop working', async () => {
    const ada = await createAda();
    const { sessionToken } = await auth.login('ada@example.org', PASSWORD, IP);
    await database.db.updateTable('agents').set({ active: 0 }).where('id', '=', ada.id).execute();
    expect(await auth.authenticate(sessionToken)).toBeNull();
    expect(await errorCode(auth.login('ada@example.org', PASSWORD, IP))).toBe('auth.invalid_credentials');
  });
});

describe('sessions', () => {
  it('expire after 12 hours', async () => {
    await createAda();
    const { sessionToken } = await auth.login('ada@example.org', PASSWORD, IP);
    clock.advance(12 * 60 * MINUTE - 1);
    expect(await auth.authenticate(sessionToken)).not.toBeNull();
    clock.advance(1);
    expect(await auth.authenticate(sessionToken)).toBeNull();
  });

  it('end at logout', async () => {
    await createAda();
    const { sessionToken } = await auth.login('ada@example.org', PASSWORD, IP);
    await auth.logout(sessionToken, IP);
    expect(await auth.authenticate(sessionToken)).toBeNull();
  });

  it('reject unknown and empty tokens', async () => {
    expect(await auth.authenticate('')).toBeNull();
    expect(await auth.authenticate('no-such-token')).toBeNull();
  });
});

describe('ensureBootstrapAdmin', () => {
  it('creates an admin with a generated password once, then never again', async () => {
    const first = await auth.ensureBootstrapAdmin({ defaultEmail: 'admin@postdesk.localhost' });
    expect(first).toMatchObject({ created: true, email: 'admin@postdesk.localhost' });
    if (!first.created) throw new Error('unreachable');
    expect(first.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const { agent } = await auth.login(first.email, first.password, IP);
    expect(agent.role).toBe('admin');
    expect(await auth.ensureBootstrapAdmin({ defaultEmail: 'admin@postdesk.localhost' })).toEqual({ created: false });
  });

  it('uses the configured email and password', async () => {
    const result = await auth.ensureBootstrapAdmin({ email: 'Boss@Example.org', password: 'configured-secret', defaultEmail: 'x@y.z' });
    expect(result).toEqual({ created: true, email: 'boss@example.org', password: 'configured-secret' });
  });

  it('does nothing when any agent exists', async () => {
    await createAda();
    expect(await auth.ensureBootstrapAdmin({ defaultEmail: 'admin@postdesk.localhost' })).toEqual({ created: false });
  });
});

describe('audit log', () => {
  it('records sign-ins, failures with the client address, and sign-outs', async () => {
    // Entries within one millisecond have no defined order: step the clock between actions.
    const ada = await createAda();
    clock.advance(1000);
    await errorCode(auth.login('ada@example.org', 'wrong password', IP));
    clock.advance(1000);
    await errorCode(auth.login('ghost@example.org', PASSWORD, IP));
    clock.advance(1000);
    const { sessionToken } = await auth.login('ada@example.org', PASSWORD, IP);
    clock.advance(1000);
    await auth.logout(sessionToken, IP);

    const entries = (await listAudit(database.db, { limit: 10 })).reverse();
    expect(entries.map((e) => [e.action, e.actorId, e.data.reason ?? null])).toEqual([
      ['agent.created', null, null],
      ['agent.sign_in_failed', null, 'wrong_password'],
      ['agent.sign_in_failed', null, 'unknown_email'],
      ['agent.signed_in', ada.id, null],
      ['agent.signed_out', ada.id, null],
    ]);
    expect(entries.slice(1, 4).every((e) => e.data.clientAddress === IP)).toBe(true);
    expect(entries[1]?.subject).toBe(`agent:${ada.id}`);
    expect(entries[2]?.data.email).toBe('ghost@example.org');
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
  });
});
