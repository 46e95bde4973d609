/** A customer is identified by a normalised email address; see ARCHITECTURE.md "Domain vocabulary". */
export type PostalAddress = { street: string; city: string; state: string; zip: string };

export type Customer = {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  address: PostalAddress | null;
  language: string | null;
  registered: boolean;
  createdAt: Date;
};

/**
 * Lower-cases the whole address: the local part is case-sensitive in theory (RFC 5321 §2.4) but
 * no mailbox provider a carrier's customers use treats it so, and one person must be one customer.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Deliberately practical, not RFC 5322 complete: dot-atom local part, a dotted domain with a
// letter TLD. Quoted local parts and IP literals are legal but are typos in a contact form.
const EMAIL_PATTERN = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function isPlausibleEmail(email: string): boolean {
  const at = email.lastIndexOf('@');
  return email.length <= 254 && at > 0 && at <= 64 && EMAIL_PATTERN.test(email);
}
