import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.js';
import { createManualClock } from '../../kernel/clock.js';
import { createSecretBox } from '../../kernel/secret-box.js';
import { createMailboxService, type NewMailbox } from './mailboxes.service.js';

const START = new Date('2025-11-04T09:00:00.000Z');
const SECRET = 'mailbox-test-secret-0123456789abcdef';
const NEW: NewMailbox = {
  name: 'Support', host: 'IMAP.Example.org', port: 993, tls: true, username: 'support@example.org', password: 'pa55-word', folder: 'INBOX', processedFolder: null,
};

let database: TestDatabase;
let clock: ReturnType<typeof createManualClock>;
let service: ReturnType<typeof createMailboxService>;

beforeEach(async () => {
  database = await createTestDatabase();
  clock = createManualClock(START);
  service = createMailboxService({ db: database.db, dialect: database.dialect, clock, secretBox: createSecretBox(SECRET) });
});
afterEach(async () => {
  await database.cleanup();
});

describe('mailbox service', () => {
  it('stores the password encrypted and hands it, decrypted, only to the poller', async () => {
    const view = await service.create(NEW);
    expect(view).not.toHaveProperty('passwordEncrypted');
    expect(view).toMatchObject({ host: 'imap.example.org', active: true, lastUid: 0, uidValidity: null, createdAt: START });
    const [target] = await service.listActive();
    expect(target).toMatchObject({ id: view.id, password: 'pa55-word', folder: 'INBOX', lastUid: 0, lastError: null });
  });

  it('gives the poller null for a password that does not decrypt (another secret, or copied from another row)', async () => {
    const a = await service.create(NEW);
    const b = await service.create({ ...NEW, name: 'Other', password: 'other' });
    const rowA = await database.db.selectFrom('mailboxes').select('password_encrypted').where('id', '=', a.id).executeTakeFirstOrThrow();
    await database.db.updateTable('mailboxes').set({ password_encrypted: rowA.password_encrypted }).where('id', '=', b.id).execute();
    const targets = await service.listActive();
    expect(targets.find((t) => t.id === a.id)?.password).toBe('pa55-word');
    expect(targets.find((t) => t.id === b.id)?.password).toBeNull();

    const rotated = createMailboxService({ db: database.db, dialect: database.dialect, clock, secretBox: createSecretBox(`${SECRET}-rotated`) });
    expect((await rotated.listActive()).every((t) => t.password === null)).toBe(true);
  });

  it('keeps the resume point of the current folder only', async () => {
    const view = await service.create(NEW);
    await service.saveSyncState(view.id, { folder: 'INBOX', uidValidity: '7', lastUid: 12 });
    expect((await service.listActive())[0]).toMatchObject({ uidValidity: '7', lastUid: 12 });

    clock.advance(60_000);
    const moved = await service.update(view.id, { folder: 'Support' });
    expect(moved).toMatchObject({ folder: 'Support', uidValidity: null, lastUid: 0, updatedAt: clock.now() });
    // A poller still finishing a message in INBOX must not overwrite the new folder's fresh start.
    await service.saveSyncState(view.id, { folder: 'INBOX', uidValidity: '7', lastUid: 13 });
    expect((await service.listActive())[0]).toMatchObject({ folder: 'Support', uidValidity: null, lastUid: 0 });
    await service.saveSyncState(view.id, { folder: 'Support', uidValidity: '9', lastUid: 1 });
    expect((await service.listActive())[0]).toMatchObject({ uidValidity: '9', lastUid: 1 });
  });

  it('records polls without touching updated_at, and changes settingsKey only for connection settings', async () => {
    const view = await service.create(NEW);
    const [before] = await service.listActive();
    await service.recordPoll(view.id, { lastError: 'Polling failed: refused' });
    await service.recordPoll(view.id, { polledAt: new Date('2025-11-04T09:05:00.000Z') });
    await service.saveSyncState(view.id, { folder: 'INBOX', uidValidity: '1', lastUid: 3 });
    const [listed] = await service.list();
    expect(listed).toMatchObject({ lastError: 'Polling failed: refused', lastPolledAt: new Date('2025-11-04T09:05:00.000Z'), updatedAt: START });
    const [after] = await service.listActive();
    expect(after!.settingsKey).toBe(before!.settingsKey);

    await service.recordPoll(view.id, { lastError: null });
    expect((await service.list())[0]!.lastError).toBeNull();
    await service.update(view.id, { name: 'Renamed' });
    expect((await service.listActive())[0]!.settingsKey).toBe(before!.settingsKey);
    await service.update(view.id, { password: 'changed' });
    expect((await service.listActive())[0]!.settingsKey).not.toBe(before!.settingsKey);
  });

  it('leaves deactivated mailboxes out of polling; a new password or reactivation clears the last error', async () => {
    const view = await service.create(NEW);
    await service.recordPoll(view.id, { lastError: 'Polling failed: auth' });
    expect(await service.deactivate(view.id)).toMatchObject({ active: false, lastError: 'Polling failed: auth' });
    expect(await service.listActive()).toEqual([]);
    expect(await service.update(view.id, { active: true })).toMatchObject({ active: true, lastError: null });
    expect(await service.deactivate('missing')).toBeNull();
    expect(await service.update('missing', { name: 'x' })).toBeNull();
  });
});
