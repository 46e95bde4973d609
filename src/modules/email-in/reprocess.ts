import type { Container } from '../../container.js';
import { enqueueJob } from '../../jobs/queue.js';
import { AppError } from '../../kernel/errors.js';
import { newToken } from '../../kernel/ids.js';
import { markForReprocessing } from './inbound.repository.js';
import { PROCESS_MESSAGE_JOB } from './job-types.js';
import { PROCESS_MESSAGE_MAX_ATTEMPTS } from './process-message.js';

/**
 * Sends a stored raw message through the pipeline again, e.g. after a fix for a message whose
 * processing was dead-lettered. A completed one needs `force` (it would add a second copy).
 */
export async function requeueInbound(container: Container, id: string, force: boolean): Promise<string> {
  const { db } = container.database;
  const now = container.clock.now();
  const status = await db.transaction().execute(async (trx) => {
    const result = await markForReprocessing(trx, id, force);
    if (result === 'received') {
      await enqueueJob(trx, {
        type: PROCESS_MESSAGE_JOB, payload: { inboundId: id }, idempotencyKey: `inbound:${id}:reprocess:${newToken(6)}`,
        maxAttempts: PROCESS_MESSAGE_MAX_ATTEMPTS,
      }, now);
    }
    return result;
  });
  if (status === null) throw new AppError('validation.failed', `No inbound message has the id ${id}.`);
  if (status !== 'received') return `Inbound message ${id} is already ${status}; use --force to process it again.`;
  container.events.publish({ type: 'job.enqueued', jobType: PROCESS_MESSAGE_JOB });
  return `Inbound message ${id} is queued for processing; a running worker picks it up.`;
}
