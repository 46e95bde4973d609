import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_inbound_email.js';

/** Every migration in order. Shipped entries are frozen: add, never edit. */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_inbound_email': m0002,
};
