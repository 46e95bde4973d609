import type { DbTime } from '../../storage/dialect-helpers.js';

export type CustomerAccountsTable = {
  id: string;
  /** Normalised like `customers.email`; one account per address. */
  email: string;
  name: string;
  password_hash: string;
  /** The language the customer signed up in: their account emails are written in it. */
  locale: string;
  /** Set when the address is verified; only then does the account count as registered. */
  customer_id: string | null;
  verified_at: DbTime | null;
  created_at: DbTime;
  updated_at: DbTime;
};

export type CustomerAccountTokensTable = {
  id: string;
  account_id: string;
  /** `verify`, `sign-in` or `reset`. */
  purpose: string;
  /** sha256 of the emailed token. */
  token_hash: string;
  created_at: DbTime;
  expires_at: DbTime;
  used_at: DbTime | null;
};

export type CustomerSessionsTable = {
  /** sha256 of the cookie token. */
  id: string;
  account_id: string;
  created_at: DbTime;
  expires_at: DbTime;
};

export type CustomerSignInFailuresTable = {
  /** sha256 of the normalised address typed into the sign-in form, account or not. */
  email_key: string;
  failures: number;
  first_failed_at: DbTime;
  locked_until: DbTime | null;
};

export type CustomerAccountTables = {
  customer_accounts: CustomerAccountsTable;
  customer_account_tokens: CustomerAccountTokensTable;
  customer_sessions: CustomerSessionsTable;
  customer_sign_in_failures: CustomerSignInFailuresTable;
};
