import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/clock.js';
import { newId } from '../../kernel/ids.js';
import type { Logger } from '../../kernel/log.js';
import type { Database, Executor } from '../../storage/database.js';
import { fromDbTime, toDbTime } from '../../storage/dialect-helpers.js';
import { loadModel, trainClassifier, type TopicModel, type TopicModelJson } from './classifier.js';
import { loadLabelledMessages } from './classifier-data.js';
import { decideTriage, type TriageDecision, type TriageInput } from './triage.js';

export type Correction = { caseId: string; topic: string; subject: string | null; text: string; language: string | null; agentId: string | null };

/** Triage of every new contact, and learning from agents' corrections. */
export interface TriageService {
  triage(input: TriageInput): Promise<TriageDecision>;
  /** Stores a correction as a training example in the caller's transaction; call `learnCorrections` after the commit. */
  recordCorrection(executor: Executor, correction: Correction, now: Date): Promise<void>;
  /** Makes this process's next triage learn the stored corrections; other processes learn them within a minute. */
  learnCorrections(): void;
  /** Builds the model now (about a second of CPU) so that the first contact after a start is not the one that waits. */
  warm(): Promise<void>;
}

// Training on the shipped examples takes about a second: once per process, shared by every service.
let shippedModel: TopicModelJson | null = null;
/** The model trained on the shipped examples (trained on first use). */
export function shippedModelJson(): TopicModelJson {
  shippedModel ??= trainClassifier(loadLabelledMessages().map((m) => ({ topic: m.topic, text: m.text, subject: m.subject }))).toJSON();
  return shippedModel;
}

/** Another thread of this process trained it already (roles/worker-thread.ts): its copy is used instead of training again. */
export function useShippedModel(json: TopicModelJson): void {
  shippedModel ??= json;
}

const SYNC_INTERVAL_MS = 60_000;

/**
 * The model is the shipped one plus every correction in the database, applied in order; it is
 * built lazily on first use and re-synced with corrections other processes stored at most once a minute.
 */
export function createTriageService(deps: { db: Kysely<Database>; clock: Clock; log: Logger }): TriageService {
  let model: TopicModel | null = null;
  let lastSeen: string | null = null;
  let lastSync = 0;

  async function syncCorrections(current: TopicModel): Promise<void> {
    const rows = await deps.db
      .selectFrom('triage_examples')
      .select(['topic', 'subject', 'text', 'created_at'])
      // Not `> ''` for "from the start": PostgreSQL refuses '' as a timestamp.
      .$if(lastSeen !== null, (query) => query.where('created_at', '>', lastSeen!))
      .orderBy('created_at')
      .execute();
    for (const row of rows) {
      if (current.topics.includes(row.topic)) current.addExample({ topic: row.topic, subject: row.subject ?? undefined, text: row.text });
      lastSeen = fromDbTime(row.created_at).toISOString();
    }
    lastSync = Date.now();
  }

  async function currentModel(): Promise<TopicModel> {
    if (!model) {
      model = loadModel(shippedModelJson());
      await syncCorrections(model);
    } else if (Date.now() - lastSync > SYNC_INTERVAL_MS) {
      await syncCorrections(model);
    }
    return model;
  }

  return {
    async triage(input) {
      return decideTriage(input, await currentModel());
    },
    async recordCorrection(executor, correction, now) {
      await executor
        .insertInto('triage_examples')
        .values({
          id: newId(now.getTime()), case_id: correction.caseId, topic: correction.topic, subject: correction.subject,
          text: correction.text, language: correction.language, created_by: correction.agentId, created_at: toDbTime(now),
        })
        .execute();
    },
    async warm() {
      await currentModel();
    },
    learnCorrections() {
      lastSync = 0;
      deps.log.info('triage will learn new corrections on its next use');
    },
  };
}
