import { isPlausibleEmail, normalizeEmail } from '../customers/customer.js';
import { suggestEmailCorrection } from '../customers/email-typo.js';

/** Hidden field: the address the "did you mean" question was asked about (set by the server, or by the script's "keep"). */
export const EMAIL_TYPO_FOR = 'emailTypoFor';
/** Radio answer to the question: `suggested` or `typed`. */
export const EMAIL_TYPO_CHOICE = 'emailTypoChoice';

export type EmailTypo = { typed: string; suggested: string };

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * The second look at a likely mistyped address, asked once per address before any case exists.
 * An answer applies only to the address it was asked about, so a customer who edits the field
 * gets a fresh look at the new address; the same address is never asked about twice (no loop),
 * and an unanswered question counts as "keep what I typed".
 */
export function reviewEmail(posted: Record<string, unknown>): { fields: Record<string, unknown>; ask: EmailTypo | null } {
  const { [EMAIL_TYPO_FOR]: askedFor, [EMAIL_TYPO_CHOICE]: choice, ...fields } = posted;
  const email = text(fields.email);
  if (!email || !isPlausibleEmail(normalizeEmail(email))) return { fields, ask: null };
  const suggested = suggestEmailCorrection(email);
  if (!suggested) return { fields, ask: null };
  if (normalizeEmail(text(askedFor)) !== normalizeEmail(email)) return { fields, ask: { typed: email, suggested } };
  if (choice !== 'suggested') return { fields, ask: null };
  const confirmation = normalizeEmail(text(fields.emailConfirmation));
  const confirmationFollows = confirmation === normalizeEmail(email) || confirmation === normalizeEmail(suggested);
  return { fields: { ...fields, email: suggested, ...(confirmationFollows ? { emailConfirmation: suggested } : {}) }, ask: null };
}
