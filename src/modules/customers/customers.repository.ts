import type { Executor } from '../../storage/database.js';
import { fromDbBool, fromDbJson, fromDbTime, toDbBool, toDbJson, toDbTime, type Dialect } from '../../storage/dialect-helpers.js';
import { newId } from '../../kernel/ids.js';
import type { Customer, PostalAddress } from './customer.js';

export type CustomerContact = {
  email: string;
  name: string;
  phone: string | null;
  address: PostalAddress | null;
  language: string | null;
};

/**
 * Finds the customer by normalised email or creates them. Contact details from a form are
 * unverified, so they only fill gaps: a stranger typing someone's address cannot rename them.
 */
export async function findOrCreateCustomer(executor: Executor, dialect: Dialect, contact: CustomerContact, now: Date): Promise<Customer> {
  const existing = await selectCustomerByEmail(executor, contact.email);
  if (existing) return fillMissingContact(executor, existing, contact, now);
  const row = {
    id: newId(now.getTime()),
    email: contact.email,
    name: contact.name,
    phone: contact.phone,
    address: contact.address ? toDbJson(contact.address) : null,
    language: contact.language,
    registered: toDbBool(false, dialect),
    created_at: toDbTime(now),
    updated_at: toDbTime(now),
  };
  // PostgreSQL runs two first contacts of one address side by side: the second insert waits for the
  // first to commit, inserts nothing, and then finds that customer (a failed statement would abort the transaction).
  const inserted = await executor.insertInto('customers').values(row).onConflict((oc) => oc.column('email').doNothing()).returning('id').executeTakeFirst();
  if (inserted) return toCustomer(row);
  const winner = await selectCustomerByEmail(executor, contact.email);
  if (!winner) throw new Error('A customer with this email was being created and is gone again');
  return fillMissingContact(executor, winner, contact, now);
}

function selectCustomerByEmail(executor: Executor, email: string) {
  return executor.selectFrom('customers').selectAll().where('email', '=', email).executeTakeFirst();
}

/** Adds what an earlier contact left out (phone, address, language); never overwrites. */
async function fillMissingContact(executor: Executor, existing: CustomerRow, contact: CustomerContact, now: Date): Promise<Customer> {
  const fill: { phone?: string; address?: string; language?: string; updated_at?: string } = {};
  if (existing.phone === null && contact.phone) fill.phone = contact.phone;
  if (existing.address === null && contact.address) fill.address = toDbJson(contact.address);
  if (existing.language === null && contact.language) fill.language = contact.language;
  if (Object.keys(fill).length === 0) return toCustomer(existing);
  fill.updated_at = toDbTime(now);
  await executor.updateTable('customers').set(fill).where('id', '=', existing.id).execute();
  return toCustomer({ ...existing, ...fill });
}

export async function findCustomerById(executor: Executor, id: string): Promise<Customer | null> {
  const row = await executor.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toCustomer(row) : null;
}

type CustomerRow = {
  id: string; email: string; name: string; phone: string | null; address: unknown; language: string | null;
  registered: number | boolean; created_at: string | Date;
};

function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    address: row.address === null ? null : fromDbJson<PostalAddress>(row.address),
    language: row.language,
    registered: fromDbBool(row.registered),
    createdAt: fromDbTime(row.created_at),
  };
}

/** A permanent bounce: later mail to this address is pointless until the customer gives a new one. */
export async function markCustomerEmailBounced(executor: Executor, email: string, now: Date): Promise<boolean> {
  const result = await executor
    .updateTable('customers')
    .set({ email_bounced_at: toDbTime(now), updated_at: toDbTime(now) })
    .where('email', '=', email)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The customer wrote to us from the address, proven (authenticated): the mailbox works again, so
 * mail that a bounce stopped (surveys) may go to it. Returns whether a bounce mark was lifted.
 */
export async function clearCustomerEmailBounce(executor: Executor, email: string, now: Date): Promise<boolean> {
  const result = await executor
    .updateTable('customers')
    .set({ email_bounced_at: null, updated_at: toDbTime(now) })
    .where('email', '=', email)
    .where('email_bounced_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findCustomerByEmail(executor: Executor, email: string): Promise<Customer | null> {
  const row = await executor.selectFrom('customers').selectAll().where('email', '=', email).executeTakeFirst();
  return row ? toCustomer(row) : null;
}

/**
 * The customer proved the address with a verified account: they count as registered from now on,
 * and the name they gave (as the mailbox's proven owner) replaces one typed into a form by anyone.
 */
export async function markCustomerRegistered(executor: Executor, dialect: Dialect, customerId: string, name: string, now: Date): Promise<void> {
  await executor.updateTable('customers')
    .set({ registered: toDbBool(true, dialect), name, updated_at: toDbTime(now) })
    .where('id', '=', customerId)
    .execute();
}
