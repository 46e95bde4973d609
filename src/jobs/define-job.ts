import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Logger } from '../kernel/log.js';

/** What a handler learns about the run it is part of; `log` already carries jobId, type and attempt. */
export type JobContext = { jobId: string; attempt: number; log: Logger };

/** The input of `enqueueJob`: a job type, its JSON payload and scheduling options. */
export type JobRequest = {
  type: string;
  payload: unknown;
  idempotencyKey?: string;
  runAt?: Date;
  maxAttempts?: number;
};

export type JobRequestOptions = Omit<JobRequest, 'type' | 'payload'>;

export type PayloadCheck = { valid: true } | { valid: false; reason: string };

/** A job type as typed data: its name, payload schema, attempt budget and handler. */
export type JobDefinition<S extends TSchema = TSchema> = {
  readonly type: string;
  readonly payload: S;
  readonly maxAttempts: number | undefined;
  handle(payload: Static<S>, ctx: JobContext): Promise<void>;
  /** Checks a stored payload against the schema; the reason names paths and rules, never values. */
  checkPayload(payload: unknown): PayloadCheck;
  /** Builds a typed `enqueueJob` input, carrying this definition's `maxAttempts` unless overridden. */
  request(payload: Static<S>, options?: JobRequestOptions): JobRequest;
};

export type JobDefinitionInput<S extends TSchema> = {
  type: string;
  payload: S;
  maxAttempts?: number;
  handle(payload: Static<S>, ctx: JobContext): Promise<void>;
};

/** `<module>.<verb-noun>`, e.g. `email-out.send-mail`. */
const JOB_TYPE_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Declares a job type. The handler must be safe to run twice: delivery is at least once, because
 * a worker can crash (or outlive its lease) after the effect happened but before the job was
 * marked done, and the job is then run again. Make effects idempotent — look the work up by the
 * ids in the payload, skip what is already done, and give external calls a deterministic key
 * (for mail, the Message-ID). Payloads carry ids, not data that may go stale.
 */
export function defineJob<S extends TSchema>(input: JobDefinitionInput<S>): JobDefinition<S> {
  if (!JOB_TYPE_PATTERN.test(input.type)) {
    throw new Error(`Job type "${input.type}" must look like <module>.<verb-noun>, e.g. email-out.send-mail`);
  }
  if (input.maxAttempts !== undefined && (!Number.isInteger(input.maxAttempts) || input.maxAttempts < 1)) {
    throw new Error(`Job type "${input.type}": maxAttempts must be a positive integer`);
  }
  const validator = Compile(input.payload);
  const maxAttempts = input.maxAttempts;
  return {
    type: input.type,
    payload: input.payload,
    maxAttempts,
    handle: input.handle,
    checkPayload(payload) {
      if (validator.Check(payload)) return { valid: true };
      const reasons = validator.Errors(payload).map((e) => `${e.instancePath || '/'} ${e.message}`);
      return { valid: false, reason: reasons.slice(0, 5).join('; ') };
    },
    request(payload, options = {}) {
      const attempts = options.maxAttempts ?? maxAttempts;
      return { ...options, type: input.type, payload, ...(attempts === undefined ? {} : { maxAttempts: attempts }) };
    },
  };
}
