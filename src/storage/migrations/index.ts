import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_inbound_email.js';
import * as m0003 from './0003_triage.js';
import * as m0004 from './0004_routing_rules.js';
import * as m0005 from './0005_search_and_queues.js';
import * as m0006 from './0006_console.js';
import * as m0007 from './0007_queue_indexes.js';
import * as m0008 from './0008_status_links.js';
import * as m0009 from './0009_knowledge_base.js';
import * as m0010 from './0010_customer_accounts.js';
import * as m0011 from './0011_satisfaction.js';
import * as m0013 from './0013_search_batching.js';
import * as m0014 from './0014_postgres_search.js';
import * as m0015 from './0015_article_search_unstemmed.js';
import * as m0016 from './0016_shared_rate_limits.js';

/** Every migration in order. Shipped entries are frozen: add, never edit. */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_inbound_email': m0002,
  '0003_triage': m0003,
  '0004_routing_rules': m0004,
  '0005_search_and_queues': m0005,
  '0006_console': m0006,
  '0007_queue_indexes': m0007,
  '0008_status_links': m0008,
  '0009_knowledge_base': m0009,
  '0010_customer_accounts': m0010,
  '0011_satisfaction': m0011,
  '0013_search_batching': m0013,
  '0014_postgres_search': m0014,
  '0015_article_search_unstemmed': m0015,
  '0016_shared_rate_limits': m0016,
};
