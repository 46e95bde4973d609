import { createHash } from 'node:crypto';
import type { Executor } from '../../storage/database.js';
import { fromDbTime, fromDbTimeOrNull, toDbTime } from '../../storage/dialect-helpers.js';
import type { CustomerAccount, LinkPurpose, SignedInCustomer, SignInFailures } from './account.js';
import type { CustomerAccountsTable } from './customer-accounts.table.js';

/** Tokens (links, cookies) and typed addresses are stored as SHA-256: a leaked database yields neither. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export type AccountWithPassword = { account: CustomerAccount; passwordHash: string };

function toAccount(row: CustomerAccountsTable): CustomerAccount {
  return {
    id: row.id, email: row.email, name: row.name, locale: row.locale, customerId: row.customer_id,
    verifiedAt: fromDbTimeOrNull(row.verified_at), createdAt: fromDbTime(row.created_at),
  };
}

export async function findAccountByEmail(executor: Executor, email: string): Promise<AccountWithPassword | null> {
  const row = await executor.selectFrom('customer_accounts').selectAll().where('email', '=', email).executeTakeFirst();
  return row ? { account: toAccount(row), passwordHash: row.password_hash } : null;
}

export async function findAccountById(executor: Executor, id: string): Promise<AccountWithPassword | null> {
  const row = await executor.selectFrom('customer_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { account: toAccount(row), passwordHash: row.password_hash } : null;
}

/** False when an account with this address exists already (inserted by a concurrent transaction). */
export async function insertAccount(executor: Executor, input: { id: string; email: string; name: string; passwordHash: string; locale: string }, now: Date): Promise<boolean> {
  const inserted = await executor.insertInto('customer_accounts').values({
    id: input.id, email: input.email, name: input.name, password_hash: input.passwordHash, locale: input.locale,
    customer_id: null, verified_at: null, created_at: toDbTime(now), updated_at: toDbTime(now),
  }).onConflict((oc) => oc.column('email').doNothing()).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

/** A pending (unverified) sign-up typed again: the latest one wins. */
export async function replacePendingSignUp(executor: Executor, id: string, input: { name: string; passwordHash: string; locale: string }, now: Date): Promise<void> {
  await executor.updateTable('customer_accounts')
    .set({ name: input.name, password_hash: input.passwordHash, locale: input.locale, updated_at: toDbTime(now) })
    .where('id', '=', id).where('verified_at', 'is', null).execute();
}

export async function setAccountPassword(executor: Executor, id: string, passwordHash: string, now: Date): Promise<void> {
  await executor.updateTable('customer_accounts').set({ password_hash: passwordHash, updated_at: toDbTime(now) }).where('id', '=', id).execute();
}

export async function markAccountVerified(executor: Executor, id: string, customerId: string, now: Date): Promise<void> {
  await executor.updateTable('customer_accounts')
    .set({ customer_id: customerId, verified_at: toDbTime(now), updated_at: toDbTime(now) })
    .where('id', '=', id).execute();
}

export async function insertLinkToken(
  executor: Executor, token: { id: string; accountId: string; purpose: LinkPurpose; token: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await executor.insertInto('customer_account_tokens').values({
    id: token.id, account_id: token.accountId, purpose: token.purpose, token_hash: sha256(token.token),
    created_at: toDbTime(token.createdAt), expires_at: toDbTime(token.expiresAt), used_at: null,
  }).execute();
}

/**
 * Uses a link once: one conditional update, so of two concurrent uses only one wins. Returns the
 * account it was for, or null for a used, expired, revoked or unknown link.
 */
export async function useLinkToken(executor: Executor, input: { id: string; purpose: LinkPurpose; token: string; now: Date }): Promise<string | null> {
  const result = await executor.updateTable('customer_account_tokens').set({ used_at: toDbTime(input.now) })
    .where('id', '=', input.id).where('purpose', '=', input.purpose).where('token_hash', '=', sha256(input.token))
    .where('used_at', 'is', null).where('expires_at', '>', toDbTime(input.now)).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return null;
  const row = await executor.selectFrom('customer_account_tokens').select('account_id').where('id', '=', input.id).executeTakeFirstOrThrow();
  return row.account_id;
}

/** The account a link is for while it would still work, without using it (the page that asks for a password). */
export async function findUsableLinkToken(executor: Executor, input: { id: string; purpose: LinkPurpose; token: string; now: Date }): Promise<string | null> {
  const row = await executor.selectFrom('customer_account_tokens').select('account_id')
    .where('id', '=', input.id).where('purpose', '=', input.purpose).where('token_hash', '=', sha256(input.token))
    .where('used_at', 'is', null).where('expires_at', '>', toDbTime(input.now)).executeTakeFirst();
  return row?.account_id ?? null;
}

/** Makes every unused link of this purpose unusable (a newer sign-up, a finished reset). */
export async function revokeLinkTokens(executor: Executor, accountId: string, purposes: LinkPurpose[], now: Date): Promise<void> {
  await executor.updateTable('customer_account_tokens').set({ used_at: toDbTime(now) })
    .where('account_id', '=', accountId).where('purpose', 'in', purposes).where('used_at', 'is', null).execute();
}

export async function insertSession(executor: Executor, session: { token: string; accountId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await executor.insertInto('customer_sessions').values({
    id: sha256(session.token), account_id: session.accountId, created_at: toDbTime(session.createdAt), expires_at: toDbTime(session.expiresAt),
  }).execute();
}

/** The verified account behind an unexpired session token, or null. */
export async function findSignedInCustomer(executor: Executor, token: string, now: Date): Promise<SignedInCustomer | null> {
  const row = await executor.selectFrom('customer_sessions as s')
    .innerJoin('customer_accounts as a', 'a.id', 's.account_id')
    .select(['s.id as session_id', 'a.id as account_id', 'a.customer_id', 'a.name', 'a.email'])
    .where('s.id', '=', sha256(token)).where('s.expires_at', '>', toDbTime(now)).where('a.verified_at', 'is not', null)
    .executeTakeFirst();
  if (!row || row.customer_id === null) return null;
  return { accountId: row.account_id, customerId: row.customer_id, name: row.name, email: row.email, sessionId: row.session_id };
}

export async function deleteSession(executor: Executor, token: string): Promise<void> {
  await executor.deleteFrom('customer_sessions').where('id', '=', sha256(token)).execute();
}

export async function deleteSessionsOfAccount(executor: Executor, accountId: string): Promise<void> {
  await executor.deleteFrom('customer_sessions').where('account_id', '=', accountId).execute();
}

export async function deleteExpiredSessions(executor: Executor, accountId: string, now: Date): Promise<void> {
  await executor.deleteFrom('customer_sessions').where('account_id', '=', accountId).where('expires_at', '<=', toDbTime(now)).execute();
}

export async function readSignInFailures(executor: Executor, email: string): Promise<SignInFailures | null> {
  const row = await executor.selectFrom('customer_sign_in_failures').selectAll().where('email_key', '=', sha256(email)).executeTakeFirst();
  return row ? { failures: row.failures, firstFailedAt: fromDbTime(row.first_failed_at), lockedUntil: fromDbTimeOrNull(row.locked_until) } : null;
}

/**
 * The address's failures, locked for the rest of the transaction: one upsert that creates the row as
 * "none yet" (which `recordSignInFailure` counts like no record) or, on PostgreSQL, waits for and
 * locks the existing one. Simultaneous failed sign-ins then count one by one, where reading and
 * writing unlocked counted a burst of guesses as one.
 */
export async function lockSignInFailures(executor: Executor, email: string, now: Date): Promise<SignInFailures> {
  const emailKey = sha256(email);
  const row = await executor.insertInto('customer_sign_in_failures').values({ email_key: emailKey, failures: 0, first_failed_at: toDbTime(now), locked_until: null })
    .onConflict((oc) => oc.column('email_key').doUpdateSet((eb) => ({ email_key: eb.ref('excluded.email_key') })))
    .returningAll().executeTakeFirstOrThrow();
  return { failures: row.failures, firstFailedAt: fromDbTime(row.first_failed_at), lockedUntil: fromDbTimeOrNull(row.locked_until) };
}

export async function writeSignInFailures(executor: Executor, email: string, record: SignInFailures): Promise<void> {
  const values = {
    failures: record.failures, first_failed_at: toDbTime(record.firstFailedAt), locked_until: record.lockedUntil ? toDbTime(record.lockedUntil) : null,
  };
  await executor.insertInto('customer_sign_in_failures').values({ email_key: sha256(email), ...values })
    .onConflict((oc) => oc.column('email_key').doUpdateSet(values)).execute();
}

export async function clearSignInFailures(executor: Executor, email: string): Promise<void> {
  await executor.deleteFrom('customer_sign_in_failures').where('email_key', '=', sha256(email)).execute();
}
