import { findCaseNumbers } from '../cases/case-number.js';
import type { CaseStatus } from '../cases/case.js';

/** What threading needs to know about a case. */
export type ThreadCase = {
  id: string;
  number: string;
  status: CaseStatus;
  customerEmail: string;
  resolvedAt: Date | null;
  /** For a merged case: the case it was merged into. */
  mergedIntoId: string | null;
};

/** Port: how threading looks cases up (the pipeline implements it over the repositories). */
export interface ThreadLookup {
  caseById(id: string): Promise<ThreadCase | null>;
  caseByNumber(number: string): Promise<ThreadCase | null>;
}

export type ThreadEvidence = {
  /** Case ids proven by an HMAC: from the reply-token address, then from our Message-IDs. */
  replyTokenCaseId: string | null;
  referencedCaseId: string | null;
  subject: string;
  text: string;
  sender: string;
  /** The sender's domain is proven (DMARC/DKIM/SPF aligned pass). */
  senderAuthenticated: boolean;
};

export type ThreadVia = 'reply-token' | 'message-id' | 'case-number';

export type ThreadDecision =
  | { kind: 'follow-up'; target: ThreadCase; via: ThreadVia; senderIsCustomer: boolean; reopen: boolean }
  | { kind: 'new-case'; reason: 'no-reference' }
  /** A reply to a case that can no longer take one (closed, or resolved long ago): a new linked case. */
  | { kind: 'new-linked-case'; reason: 'closed-case'; previous: ThreadCase; via: ThreadVia }
  /** Claims a case by number but cannot prove ownership: new case, linked and flagged; the claimed customer hears nothing. */
  | { kind: 'new-linked-case'; reason: 'unproven-claim'; previous: ThreadCase; via: 'case-number' };

/** Replies to a resolved case reopen it within this many days, else start a linked new case. */
export const REOPEN_WINDOW_DAYS = 14;

/**
 * Which case an inbound message joins, in ARCHITECTURE.md's order of trust: the reply-token
 * address, then In-Reply-To/References naming a Message-ID we signed, then a case number in the
 * subject or body — the last only when the sender is that case's customer and their domain is
 * authenticated, because a From address alone is trivially forged.
 */
export async function decideThread(evidence: ThreadEvidence, lookup: ThreadLookup, now: Date): Promise<ThreadDecision> {
  const proven: [string | null, ThreadVia][] = [[evidence.replyTokenCaseId, 'reply-token'], [evidence.referencedCaseId, 'message-id']];
  for (const [caseId, via] of proven) {
    const found = caseId ? await followMerges(await lookup.caseById(caseId), lookup) : null;
    if (found) return joinOrLink(found, via, found.customerEmail === evidence.sender, now);
  }
  for (const number of findCaseNumbers(`${evidence.subject}\n${evidence.text.slice(0, 20_000)}`)) {
    const claimed = await followMerges(await lookup.caseByNumber(number), lookup);
    if (!claimed) continue;
    if (claimed.customerEmail !== evidence.sender || !evidence.senderAuthenticated) {
      return { kind: 'new-linked-case', reason: 'unproven-claim', previous: claimed, via: 'case-number' };
    }
    return joinOrLink(claimed, 'case-number', true, now);
  }
  return { kind: 'new-case', reason: 'no-reference' };
}

function joinOrLink(target: ThreadCase, via: ThreadVia, senderIsCustomer: boolean, now: Date): ThreadDecision {
  if (target.status === 'closed' || target.status === 'merged') return { kind: 'new-linked-case', reason: 'closed-case', previous: target, via };
  if (target.status === 'resolved') {
    const age = target.resolvedAt ? now.getTime() - target.resolvedAt.getTime() : Infinity;
    if (age > REOPEN_WINDOW_DAYS * 86_400_000) return { kind: 'new-linked-case', reason: 'closed-case', previous: target, via };
    return { kind: 'follow-up', target, via, senderIsCustomer, reopen: true };
  }
  return { kind: 'follow-up', target, via, senderIsCustomer, reopen: false };
}

async function followMerges(found: ThreadCase | null, lookup: ThreadLookup): Promise<ThreadCase | null> {
  let current = found;
  for (let hops = 0; current?.status === 'merged' && current.mergedIntoId && hops < 5; hops += 1) {
    const next = await lookup.caseById(current.mergedIntoId);
    if (!next) break;
    current = next;
  }
  return current;
}
