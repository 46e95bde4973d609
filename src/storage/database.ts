import type { Kysely, Transaction } from 'kysely';
import type { JobTables } from '../jobs/jobs.table.js';
import type { AgentTables } from '../modules/agents/agents.table.js';
import type { AuditTables } from '../modules/audit/audit.table.js';
import type { CaseTables } from '../modules/cases/cases.table.js';
import type { CustomerTables } from '../modules/customers/customers.table.js';
import type { EmailInTables } from '../modules/email-in/email-in.table.js';
import type { EmailOutTables } from '../modules/email-out/email-out.table.js';
import type { MessageTables } from '../modules/messages/messages.table.js';
import type { TopicTables } from '../modules/topics/topics.table.js';
import type { TriageTables } from '../modules/triage/triage.table.js';
import type { RoutingRuleTables } from '../modules/triage/routing-rules.table.js';
import type { SearchTables } from '../modules/search/search.table.js';
import type { AssignmentTables } from '../modules/assignment/assignment.table.js';
import type { InvitationTables } from '../modules/agents/invitations.table.js';
import type { TaskTables } from '../modules/tasks/tasks.table.js';
import type { StatusLinkTables } from '../modules/help-hub/status-links.table.js';
import type { CannedResponseTables } from '../modules/canned-responses/canned-responses.table.js';
import type { SatisfactionTables } from '../modules/satisfaction/satisfaction.table.js';
import type { KnowledgeTables } from '../modules/knowledge/knowledge.table.js';
import type { CustomerAccountTables } from '../modules/customer-accounts/customer-accounts.table.js';
import type { RateLimitTables } from '../http/rate-limit.table.js';

/** The whole schema as Kysely sees it: each module owns its tables in `<module>.table.ts`. */
export type Database = TopicTables &
  CustomerTables &
  AgentTables &
  CaseTables &
  MessageTables &
  EmailOutTables &
  EmailInTables &
  JobTables &
  AuditTables &
  TriageTables &
  RoutingRuleTables &
  SearchTables &
  AssignmentTables &
  InvitationTables &
  TaskTables &
  CannedResponseTables &
  StatusLinkTables &
  SatisfactionTables &
  KnowledgeTables &
  CustomerAccountTables &
  RateLimitTables;

/** What repositories take: the database or a transaction, so use cases can compose them atomically. */
export type Executor = Kysely<Database> | Transaction<Database>;
