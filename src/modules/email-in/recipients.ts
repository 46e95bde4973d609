/**
 * Which envelope recipients the listener accepts: `support@<domain>` and plus-addressed
 * `support+<anything>@<domain>` (the reply tokens), case-insensitively (RFC 5321 §2.4 lets the
 * local part be case-sensitive, but MTAs that lower-case it are common).
 */
export function isSupportRecipient(address: string, mailDomain: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at).toLowerCase();
  const domain = address.slice(at + 1).toLowerCase();
  return domain === mailDomain.toLowerCase() && (local === 'support' || /^support\+[a-z0-9._-]{1,100}$/.test(local));
}
