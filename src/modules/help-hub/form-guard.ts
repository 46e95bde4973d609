import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../kernel/clock.js';

/** The hidden field carrying when the form was first shown, signed. */
export const STARTED_FIELD = 'formStarted';
/**
 * The honeypot: a field people never see nor reach by keyboard, that form-filling robots fill.
 * "website" is a name robots like and browsers' autofill does not offer for.
 */
export const HONEYPOT_FIELD = 'website';

/** How the contact form's anti-abuse checks judge one submission. */
export type FormVerdict =
  /** Looks like a person: go on. */
  | { kind: 'ok'; started: string }
  /** A robot filled the honeypot, sent a token we never signed, or was faster than a person types. */
  | { kind: 'automated'; reason: 'honeypot' | 'too-fast' | 'forged' }
  /** The page was open too long (or came from before this check existed): show it again, keep what was typed. */
  | { kind: 'stale' };

export type FormTiming = {
  /** Faster than this from first showing the form to sending it, nobody has typed a message. */
  minFillMs: number;
  /** A form older than this is shown again with a fresh token rather than sent. */
  maxAgeMs: number;
};

export const DEFAULT_FORM_TIMING: FormTiming = { minFillMs: 3_000, maxAgeMs: 24 * 3_600_000 };

export interface FormGuard {
  /** A token for a newly shown form: `<ms>.<hmac>`. */
  issue(): string;
  /** The token to render again with a re-shown form: the original one while valid, so the clock keeps running from the first showing. */
  carry(submitted: unknown): string;
  judge(fields: Record<string, unknown>): FormVerdict;
}

/**
 * Time and honeypot checks that cost people nothing: no puzzle, no third-party script. The token
 * is HMAC-signed with the instance secret, so a robot cannot make up an old "shown at" time.
 */
export function createFormGuard(deps: { secret: string; clock: Clock; timing: FormTiming }): FormGuard {
  const sign = (ms: string) => createHmac('sha256', deps.secret).update(`hub-form-started:${ms}`).digest('base64url');
  const read = (token: unknown): number | null => {
    if (typeof token !== 'string') return null;
    const match = /^(\d{1,16})\.([\w-]{43})$/.exec(token);
    if (!match) return null;
    const expected = Buffer.from(sign(match[1]!));
    const given = Buffer.from(match[2]!);
    return expected.length === given.length && timingSafeEqual(expected, given) ? Number(match[1]) : null;
  };
  const issue = () => {
    const ms = String(deps.clock.now().getTime());
    return `${ms}.${sign(ms)}`;
  };

  return {
    issue,
    carry(submitted) {
      const started = read(submitted);
      const now = deps.clock.now().getTime();
      return started !== null && now - started <= deps.timing.maxAgeMs ? (submitted as string) : issue();
    },
    judge(fields) {
      const honeypot = fields[HONEYPOT_FIELD];
      if (typeof honeypot === 'string' && honeypot.trim() !== '') return { kind: 'automated', reason: 'honeypot' };
      const token = fields[STARTED_FIELD];
      // A page rendered before this check existed has no token: a person's old tab, not a robot.
      if (token === undefined || token === '') return { kind: 'stale' };
      const started = read(token);
      if (started === null) return { kind: 'automated', reason: 'forged' };
      const age = deps.clock.now().getTime() - started;
      if (age > deps.timing.maxAgeMs) return { kind: 'stale' };
      if (age < deps.timing.minFillMs) return { kind: 'automated', reason: 'too-fast' };
      return { kind: 'ok', started: token as string };
    },
  };
}
