import { Type } from 'typebox';
import type { Kysely } from 'kysely';
import { defineJob } from '../../jobs/define-job.js';
import type { Clock } from '../../kernel/clock.js';
import type { EventBus } from '../../kernel/events.js';
import type { Database } from '../../storage/database.js';
import type { Dialect } from '../../storage/dialect-helpers.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import type { BusinessCalendar } from '../sla/business-calendar.js';
import type { MailIdentity } from '../email-out/mail-identity.js';
import type { OutboundMailService } from '../email-out/confirmation.service.js';
import { PROCESS_MESSAGE_JOB } from './job-types.js';
import { findInbound, finishInbound } from './inbound.repository.js';
import { runPipeline, type PipelineState } from './pipeline.js';
import { createPipelineSteps } from './steps.js';
import type { ContactRouter } from '../triage/contact-router.js';
import type { DnsResolver } from './sender-auth.js';

export type InboundProcessingDeps = {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  events: EventBus;
  blobs: BlobStore;
  calendar: BusinessCalendar;
  identity: MailIdentity;
  outboundMail: OutboundMailService;
  resolver: DnsResolver;
  mailDomain: string;
  router: ContactRouter;
  confirmationsPerHour: number;
};

export const PROCESS_MESSAGE_MAX_ATTEMPTS = 5;

/**
 * Processes one stored raw message through the inbound pipeline. Idempotent: a message that
 * already reached a final state is skipped, and the step that stores a case, its message and
 * the inbound row's new state does so in one transaction. On the last failed attempt the row is
 * marked `failed` (the mail is kept; `npx postdesk reprocess <id>` runs it again after a fix).
 */
export function createProcessMessageJob(deps: InboundProcessingDeps) {
  const steps = createPipelineSteps(deps);
  return defineJob({
    type: PROCESS_MESSAGE_JOB,
    payload: Type.Object({ inboundId: Type.String() }),
    maxAttempts: PROCESS_MESSAGE_MAX_ATTEMPTS,
    async handle({ inboundId }, ctx) {
      const inbound = await findInbound(deps.db, inboundId);
      if (!inbound) throw new Error(`inbound message ${inboundId} does not exist`);
      // `failed` is processed again when an admin retries the dead job after a fix.
      if (inbound.status !== 'received' && inbound.status !== 'failed') return;
      const state: PipelineState = { inbound, log: ctx.log.child({ inboundId }) };
      try {
        const result = await runPipeline(steps, state);
        if (!result.recorded) await finishInbound(deps.db, inbound.id, result, deps.clock.now());
        deps.events.publish({ type: 'inbound.processed', status: result.status, outcome: result.outcome.kind });
        state.log.info({ outcome: result.outcome.kind, status: result.status }, 'inbound message processed');
      } catch (error) {
        if (ctx.attempt >= PROCESS_MESSAGE_MAX_ATTEMPTS) {
          const reason = error instanceof Error ? error.message : String(error);
          await finishInbound(deps.db, inbound.id, { status: 'failed', caseId: null, outcome: { kind: 'failed', reason } }, deps.clock.now());
          deps.events.publish({ type: 'inbound.processed', status: 'failed', outcome: 'failed' });
        }
        throw error;
      }
    },
  });
}
