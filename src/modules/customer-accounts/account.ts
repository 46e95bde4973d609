import { isPlausibleEmail, normalizeEmail } from '../customers/customer.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../agents/passwords.js';
import { isCommonPassword } from './common-passwords.js';

/** A customer's optional account on the help hub; `customerId` is set once the address is verified. */
export type CustomerAccount = {
  id: string;
  email: string;
  name: string;
  locale: string;
  customerId: string | null;
  verifiedAt: Date | null;
  createdAt: Date;
};

/** A verified account in use: what a signed-in page needs to know about its customer. */
export type SignedInCustomer = { accountId: string; customerId: string; name: string; email: string; sessionId: string };

export const ACCOUNT_POLICY = {
  /** A verification link waits a day: people read their mail later. */
  verifyLinkMs: 24 * 60 * 60 * 1000,
  /** A sign-in link is used at once or not at all. */
  signInLinkMs: 20 * 60 * 1000,
  resetLinkMs: 60 * 60 * 1000,
  sessionMs: 14 * 24 * 60 * 60 * 1000,
  /** Failed sign-ins for one address within `failureWindowMs` before it is locked for `lockMs`. */
  maxFailures: 5,
  failureWindowMs: 15 * 60 * 1000,
  lockMs: 15 * 60 * 1000,
  /** Account emails to one address per hour: enough for a forgetful customer, too few to bomb a mailbox. */
  mailsPerAddressPerHour: 5,
} as const;

export type LinkPurpose = 'verify' | 'sign-in' | 'reset';

export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = {
  verify: ACCOUNT_POLICY.verifyLinkMs,
  'sign-in': ACCOUNT_POLICY.signInLinkMs,
  reset: ACCOUNT_POLICY.resetLinkMs,
};

export const NAME_MAX_LENGTH = 200;

export type SignUpField = 'name' | 'email' | 'password';
/** Why a field was refused: each code has its sentence in the help hub's locales (`account.errors`). */
export type FieldProblem =
  | 'nameMissing' | 'nameLong' | 'emailMissing' | 'emailInvalid'
  | 'passwordMissing' | 'passwordShort' | 'passwordLong' | 'passwordCommon' | 'passwordLikeEmail';
export type FieldProblems<F extends string> = Partial<Record<F, FieldProblem>>;

export type SignUpRequest = { name: string; email: string; password: string };

/** Checks a sign-up; the email comes back normalised as the customers table keeps it. */
export function validateSignUp(input: SignUpRequest): { ok: true; value: SignUpRequest } | { ok: false; problems: FieldProblems<SignUpField> } {
  const problems: FieldProblems<SignUpField> = {};
  const name = input.name.trim();
  const email = normalizeEmail(input.email);
  if (!name) problems.name = 'nameMissing';
  else if ([...name].length > NAME_MAX_LENGTH) problems.name = 'nameLong';
  if (!email) problems.email = 'emailMissing';
  else if (!isPlausibleEmail(email)) problems.email = 'emailInvalid';
  const password = checkNewPassword(input.password, { email, name });
  if (password) problems.password = password;
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, value: { name, email, password: input.password } };
}

/**
 * Why a new password is refused, or null. Length and a common-password check only (NIST SP
 * 800-63B §5.1.1.2: no composition rules), plus the customer's own address or name, which is the
 * first thing someone who knows them would try.
 */
export function checkNewPassword(password: string, owner: { email: string; name: string }): FieldProblem | null {
  const length = [...password].length;
  if (length === 0) return 'passwordMissing';
  if (length < PASSWORD_MIN_LENGTH) return 'passwordShort';
  if (length > PASSWORD_MAX_LENGTH) return 'passwordLong';
  if (isCommonPassword(password)) return 'passwordCommon';
  const lower = password.toLowerCase();
  const personal = [owner.email, owner.email.split('@')[0] ?? '', owner.name.toLowerCase()].filter((word) => word.length >= 4);
  if (personal.some((word) => lower === word.toLowerCase() || lower.replace(/[\d\W_]+$/, '') === word.toLowerCase())) return 'passwordLikeEmail';
  return null;
}

/** The failures counted for one address; null when there are none. */
export type SignInFailures = { failures: number; firstFailedAt: Date; lockedUntil: Date | null };

/** True while an address is locked after too many failed sign-ins. */
export function isSignInLocked(record: SignInFailures | null, now: Date): boolean {
  return record?.lockedUntil != null && record.lockedUntil.getTime() > now.getTime();
}

/** The record after one more failure: a new window when the last one has passed, a lock at the limit. */
export function recordSignInFailure(record: SignInFailures | null, now: Date): SignInFailures {
  const fresh = !record || now.getTime() - record.firstFailedAt.getTime() > ACCOUNT_POLICY.failureWindowMs;
  const failures = fresh ? 1 : record.failures + 1;
  const firstFailedAt = fresh ? now : record.firstFailedAt;
  const lockedUntil = failures >= ACCOUNT_POLICY.maxFailures ? new Date(now.getTime() + ACCOUNT_POLICY.lockMs) : null;
  // A lock, once set, lasts its full time; the counter starts again after it.
  return lockedUntil ? { failures: 0, firstFailedAt: now, lockedUntil } : { failures, firstFailedAt, lockedUntil: null };
}
