import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { newId, newToken } from '../../kernel/ids.js';
import type { Logger } from '../../kernel/log.js';
import type { Database, Executor } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import { hashPassword, verifyPassword } from '../agents/passwords.js';
import { normalizeEmail } from '../customers/customer.js';
import { findOrCreateCustomer, markCustomerRegistered } from '../customers/customers.repository.js';
import { countAccountMailsTo, queueAccountMail, type AccountMail } from '../email-out/account-mail.js';
import type { MailSettings } from '../email-out/confirmation.service.js';
import type { MailIdentity } from '../email-out/mail-identity.js';
import {
  ACCOUNT_POLICY, LINK_LIFETIME_MS, checkNewPassword, isSignInLocked, recordSignInFailure, validateSignUp,
  type CustomerAccount, type FieldProblem, type FieldProblems, type LinkPurpose, type SignedInCustomer, type SignUpField, type SignUpRequest,
} from './account.js';
import {
  clearSignInFailures, deleteExpiredSessions, deleteSession, deleteSessionsOfAccount, findAccountByEmail, findAccountById,
  findSignedInCustomer, findUsableLinkToken, insertAccount, insertLinkToken, insertSession, lockSignInFailures, markAccountVerified, readSignInFailures,
  replacePendingSignUp, revokeLinkTokens, setAccountPassword, useLinkToken, writeSignInFailures,
} from './customer-accounts.repository.js';

/** A new session: the cookie's token (only its hash is stored) and when it ends. */
export type NewSession = { token: string; expiresAt: Date };

export type SignInOutcome =
  | { kind: 'signed-in'; session: NewSession }
  /** Unknown address or wrong password: the same answer for both. */
  | { kind: 'invalid' }
  /** Too many failures for this address, whether or not it has an account. */
  | { kind: 'locked' }
  /** The right password of an account whose address is not verified yet: a new link was mailed. */
  | { kind: 'unverified' };

export type VerifyOutcome = { kind: 'signed-in'; session: NewSession } | { kind: 'bad-link' } | { kind: 'wrong-password' } | { kind: 'locked' };
export type ResetOutcome = { kind: 'signed-in'; session: NewSession } | { kind: 'bad-link' } | { kind: 'invalid'; problem: FieldProblem };

/**
 * Customer accounts (issue #6 item 5): optional, password or emailed-link sign-in, recovery. No
 * answer tells a stranger whether an address has an account: what differs is only ever written
 * to the address itself.
 */
export interface CustomerAccountService {
  /** Refuses bad fields; otherwise mails a verification link, or a "you already have an account" notice. */
  signUp(input: SignUpRequest & { locale: string }): Promise<{ ok: true } | { ok: false; problems: FieldProblems<SignUpField> }>;
  /** Whether a verification link would still work (the page asks for the password only then). */
  isVerifyLinkUsable(token: string): Promise<boolean>;
  /** Link + the password chosen at sign-up: verified, registered, signed in. */
  verify(token: string, password: string): Promise<VerifyOutcome>;
  signIn(email: string, password: string): Promise<SignInOutcome>;
  /** Mails a single-use sign-in link to a verified account's address; silently nothing otherwise. */
  requestSignInLink(email: string, locale: string): Promise<void>;
  signInWithLink(token: string): Promise<NewSession | null>;
  /** Mails a single-use reset link when the address has an account; silently nothing otherwise. */
  requestPasswordReset(email: string, locale: string): Promise<void>;
  isResetLinkUsable(token: string): Promise<boolean>;
  /** A new password ends every other session; the browser that set it is signed in. */
  resetPassword(token: string, password: string): Promise<ResetOutcome>;
  authenticate(sessionToken: string): Promise<SignedInCustomer | null>;
  signOut(sessionToken: string): Promise<void>;
}

type Deps = { db: Kysely<Database>; dialect: Dialect; clock: Clock; log: Logger; identity: MailIdentity; mail: MailSettings };

const linkPurpose = (purpose: LinkPurpose) => `account-${purpose}`;
const LINK_PATHS: Record<LinkPurpose, string> = { verify: '/account/verify', 'sign-in': '/account/sign-in/open', reset: '/account/reset-password' };

export function createCustomerAccountService(deps: Deps): CustomerAccountService {
  const { db, clock } = deps;
  // Unknown addresses still cost one verification, so the time taken does not tell which exist.
  let dummyHash: Promise<string> | undefined;
  const spendVerification = async (password: string) => {
    dummyHash ??= hashPassword(newToken());
    await verifyPassword(await dummyHash, password);
  };

  /** Sends unless the address already had its hourly share: past that, silently nothing. */
  async function sendMail(trx: Executor, account: Pick<CustomerAccount, 'email' | 'name'>, locale: string, mail: AccountMail, now: Date): Promise<void> {
    if (await countAccountMailsTo(trx, account.email, new Date(now.getTime() - 3_600_000)) >= ACCOUNT_POLICY.mailsPerAddressPerHour) {
      deps.log.warn('account mail not sent: hourly limit for the address reached');
      return;
    }
    await queueAccountMail(trx, deps.mail, { to: { email: account.email, name: account.name }, locale, mail }, now);
  }

  /** A new single-use link, its older siblings revoked: only the latest mail works. */
  async function issueLink(trx: Executor, accountId: string, purpose: LinkPurpose, now: Date): Promise<string> {
    await revokeLinkTokens(trx, accountId, [purpose], now);
    const id = newId(now.getTime());
    const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS[purpose]);
    // The HMAC of mail-identity makes a forged link fail before any lookup; the stored hash makes a real one work once.
    const token = deps.identity.signedLinkToken(linkPurpose(purpose), id, expiresAt);
    await insertLinkToken(trx, { id, accountId, purpose, token, createdAt: now, expiresAt });
    return `${deps.mail.publicUrl}${LINK_PATHS[purpose]}?token=${encodeURIComponent(token)}`;
  }

  async function usableLinkAccount(purpose: LinkPurpose, token: string, now: Date): Promise<string | null> {
    const id = deps.identity.verifyLinkToken(linkPurpose(purpose), token, now);
    return id ? findUsableLinkToken(db, { id, purpose, token, now }) : null;
  }

  async function openSession(trx: Executor, accountId: string, now: Date): Promise<NewSession> {
    const token = newToken();
    const expiresAt = new Date(now.getTime() + ACCOUNT_POLICY.sessionMs);
    await deleteExpiredSessions(trx, accountId, now);
    await insertSession(trx, { token, accountId, createdAt: now, expiresAt });
    return { token, expiresAt };
  }

  /** The mailbox is proven: link (or create) the customer row by address, mark it registered. */
  async function completeVerification(trx: Executor, account: CustomerAccount, now: Date): Promise<void> {
    if (account.verifiedAt) return;
    const customer = await findOrCreateCustomer(trx, deps.dialect, { email: account.email, name: account.name, phone: null, address: null, language: account.locale }, now);
    await markCustomerRegistered(trx, deps.dialect, customer.id, account.name, now);
    await markAccountVerified(trx, account.id, customer.id, now);
    await revokeLinkTokens(trx, account.id, ['verify'], now);
    deps.log.info({ accountId: account.id, customerId: customer.id }, 'customer account verified');
  }

  /** One more failure for the address; true when it is now locked. */
  async function countFailure(email: string, now: Date): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      const record = recordSignInFailure(await lockSignInFailures(trx, email, now), now);
      await writeSignInFailures(trx, email, record);
      return isSignInLocked(record, now);
    });
  }

  return {
    async signUp(input) {
      const checked = validateSignUp(input);
      if (!checked.ok) return checked;
      const { name, email, password } = checked.value;
      // Hashed before anything is looked up, so the time taken is the same whether the address has an account.
      const passwordHash = await hashPassword(password);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const newAccountId = newId(now.getTime());
        // On PostgreSQL a simultaneous sign-up with this address may insert first: it is then the existing one.
        const existing = (await findAccountByEmail(trx, email))
          ?? (await insertAccount(trx, { id: newAccountId, email, name, passwordHash, locale: input.locale }, now) ? null : await findAccountByEmail(trx, email));
        if (existing?.account.verifiedAt) {
          const { publicUrl } = deps.mail;
          await sendMail(trx, existing.account, input.locale, { kind: 'alreadyRegistered', signInLink: `${publicUrl}/account/sign-in`, resetLink: `${publicUrl}/account/forgot-password` }, now);
          return;
        }
        const accountId = existing?.account.id ?? newAccountId;
        if (existing) await replacePendingSignUp(trx, accountId, { name, passwordHash, locale: input.locale }, now);
        await sendMail(trx, { email, name }, input.locale, { kind: 'verify', link: await issueLink(trx, accountId, 'verify', now) }, now);
      });
      return { ok: true };
    },

    async isVerifyLinkUsable(token) {
      return (await usableLinkAccount('verify', token, clock.now())) !== null;
    },

    async verify(token, password) {
      const now = clock.now();
      const accountId = await usableLinkAccount('verify', token, now);
      const found = accountId ? await findAccountById(db, accountId) : null;
      if (!found) return { kind: 'bad-link' };
      if (isSignInLocked(await readSignInFailures(db, found.account.email), now)) return { kind: 'locked' };
      if (!(await verifyPassword(found.passwordHash, password))) {
        return (await countFailure(found.account.email, now)) ? { kind: 'locked' } : { kind: 'wrong-password' };
      }
      const session = await db.transaction().execute(async (trx) => {
        const tokenId = deps.identity.verifyLinkToken(linkPurpose('verify'), token, now);
        if (!tokenId || !(await useLinkToken(trx, { id: tokenId, purpose: 'verify', token, now }))) return null;
        await completeVerification(trx, found.account, now);
        await clearSignInFailures(trx, found.account.email);
        return openSession(trx, found.account.id, now);
      });
      return session ? { kind: 'signed-in', session } : { kind: 'bad-link' };
    },

    async signIn(emailInput, password) {
      const now = clock.now();
      const email = normalizeEmail(emailInput);
      if (isSignInLocked(await readSignInFailures(db, email), now)) return { kind: 'locked' };
      const found = await findAccountByEmail(db, email);
      const matches = found ? await verifyPassword(found.passwordHash, password) : (await spendVerification(password), false);
      if (!found || !matches) return (await countFailure(email, now)) ? { kind: 'locked' } : { kind: 'invalid' };
      const { account } = found;
      return db.transaction().execute(async (trx): Promise<SignInOutcome> => {
        if (!account.verifiedAt) {
          // Only someone who knows the password learns that the address is still unverified.
          await sendMail(trx, account, account.locale, { kind: 'verify', link: await issueLink(trx, account.id, 'verify', now) }, now);
          return { kind: 'unverified' };
        }
        await clearSignInFailures(trx, email);
        return { kind: 'signed-in', session: await openSession(trx, account.id, now) };
      });
    },

    async requestSignInLink(emailInput, locale) {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const found = await findAccountByEmail(trx, normalizeEmail(emailInput));
        // A pending sign-up gets no sign-in link: signing in would verify it with a password its mailbox owner may never have chosen.
        if (!found?.account.verifiedAt) return;
        await sendMail(trx, found.account, locale, { kind: 'signInLink', link: await issueLink(trx, found.account.id, 'sign-in', now) }, now);
      });
    },

    async signInWithLink(token) {
      const now = clock.now();
      const id = deps.identity.verifyLinkToken(linkPurpose('sign-in'), token, now);
      if (!id) return null;
      return db.transaction().execute(async (trx) => {
        const accountId = await useLinkToken(trx, { id, purpose: 'sign-in', token, now });
        const found = accountId ? await findAccountById(trx, accountId) : null;
        if (!found?.account.verifiedAt) return null;
        await clearSignInFailures(trx, found.account.email);
        return openSession(trx, found.account.id, now);
      });
    },

    async requestPasswordReset(emailInput, locale) {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const found = await findAccountByEmail(trx, normalizeEmail(emailInput));
        if (!found) return;
        await sendMail(trx, found.account, locale, { kind: 'reset', link: await issueLink(trx, found.account.id, 'reset', now) }, now);
      });
    },

    async isResetLinkUsable(token) {
      return (await usableLinkAccount('reset', token, clock.now())) !== null;
    },

    async resetPassword(token, password) {
      const now = clock.now();
      const accountId = await usableLinkAccount('reset', token, now);
      const found = accountId ? await findAccountById(db, accountId) : null;
      if (!found) return { kind: 'bad-link' };
      const problem = checkNewPassword(password, found.account);
      if (problem) return { kind: 'invalid', problem };
      const passwordHash = await hashPassword(password);
      const session = await db.transaction().execute(async (trx) => {
        const tokenId = deps.identity.verifyLinkToken(linkPurpose('reset'), token, now);
        if (!tokenId || !(await useLinkToken(trx, { id: tokenId, purpose: 'reset', token, now }))) return null;
        await setAccountPassword(trx, found.account.id, passwordHash, now);
        // Whoever knew the old password, or holds an old cookie or link, is out.
        await deleteSessionsOfAccount(trx, found.account.id);
        await revokeLinkTokens(trx, found.account.id, ['sign-in', 'reset', 'verify'], now);
        // The reset link proved the mailbox, and the password is now the owner's: a pending account is verified too.
        await completeVerification(trx, found.account, now);
        await clearSignInFailures(trx, found.account.email);
        return openSession(trx, found.account.id, now);
      });
      if (session) deps.log.info({ accountId: found.account.id }, 'customer password reset; other sessions ended');
      return session ? { kind: 'signed-in', session } : { kind: 'bad-link' };
    },

    async authenticate(sessionToken) {
      return sessionToken ? findSignedInCustomer(db, sessionToken, clock.now()) : null;
    },

    async signOut(sessionToken) {
      if (sessionToken) await deleteSession(db, sessionToken);
    },
  };
}
