import type { DbBool, DbJson, DbTime } from '../../storage/dialect-helpers.js';

export type CustomersTable = {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  address: DbJson | null;
  language: string | null;
  registered: DbBool;
  created_at: DbTime;
  updated_at: DbTime;
  email_bounced_at: DbTime | null;
};

export type CustomerTables = { customers: CustomersTable };
