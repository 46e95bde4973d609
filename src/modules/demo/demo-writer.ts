/**
 * The demo generator's port to a database: rows as positional tuples (one allocation each, in the
 * order of the INSERT statements), written batch by batch. SQLite writes them with prepared
 * statements as they are generated (demo-sqlite-writer.ts); PostgreSQL collects a batch and
 * writes each table in one statement (demo-postgres-writer.ts).
 */

export type CustomerRow = readonly [id: string, email: string, name: string, phone: string | null, language: string, registered: boolean, createdAt: string, updatedAt: string];

export type CaseRow = readonly [
  id: string, number: string, customerId: string, topicId: string, departmentId: string, assigneeId: string | null, status: string, priority: string,
  channel: string, subject: string, language: string, firstResponseDueAt: string, firstRespondedAt: string | null, createdAt: string, updatedAt: string,
  resolvedAt: string | null,
];

export type MessageRow = readonly [
  id: string, caseId: string, direction: string, channel: string, authorType: string, authorId: string | null, subject: string | null, text: string,
  emailMessageId: string | null, createdAt: string, senderEmail: string | null,
];

/** A valid USPS tracking number of a case. */
export type TrackingRow = readonly [caseId: string, number: string];

export type EventRow = readonly [id: string, caseId: string, type: string, actorType: string, actorId: string | null, data: string, createdAt: string];

export type AgentRow = { id: string; email: string; name: string; role: 'agent' | 'supervisor' | 'admin'; passwordHash: string; createdAt: string };

/** Receives the rows of one batch, in any order: each writer sees that foreign keys hold by the batch's commit. */
export interface DemoRowSink {
  customer(row: CustomerRow): void;
  caseRow(row: CaseRow): void;
  message(row: MessageRow): void;
  tracking(row: TrackingRow): void;
  event(row: EventRow): void;
}

export type Catalogue = { topics: { id: string; slug: string; departmentId: string; departmentSlug: string }[]; triageDepartmentId: string | null };

export interface DemoWriter {
  countCases(): Promise<number>;
  /** The case numbers already taken (read only when adding to a database with cases). */
  caseNumbers(): Promise<Set<string>>;
  readCatalogue(): Promise<Catalogue>;
  /** Adds the agents whose email is not taken yet; returns the id of every agent by email. */
  insertAgents(rows: readonly AgentRow[]): Promise<Map<string, string>>;
  /**
   * Writes `batches` batches in order: `generate(sink, index)` makes batch `index`, `onWritten(index)`
   * follows it (on PostgreSQL once the server has it, while the next one is generated).
   */
  writeBatches(batches: number, generate: (sink: DemoRowSink, index: number) => void, onWritten: (index: number) => void): Promise<void>;
  /** Brings what is derived from the rows (search documents, statistics) up to date. */
  finish(): Promise<void>;
  close(): Promise<void>;
}

/** Topics with their departments, in form order; same SQL on both databases. */
export const CATALOGUE_SQL = `select t.id as "id", t.slug as "slug", t.department_id as "departmentId", d.slug as "departmentSlug"
  from topics t join departments d on d.id = t.department_id order by t.position`;
