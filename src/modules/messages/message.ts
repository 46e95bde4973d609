import type { Channel } from '../cases/case.js';

export type MessageDirection = 'inbound' | 'outbound' | 'internal' | 'system';
export type MessageAuthorType = 'customer' | 'agent' | 'system';

export type Attachment = {
  id: string;
  caseId: string;
  messageId: string;
  sha256: string;
  filename: string;
  contentType: string;
  size: number;
  createdAt: Date;
};

/** One entry on a case's thread; `html` is always sanitised before it is stored. */
export type Message = {
  id: string;
  caseId: string;
  direction: MessageDirection;
  channel: Channel;
  authorType: MessageAuthorType;
  authorId: string | null;
  subject: string | null;
  text: string;
  html: string | null;
  emailMessageId: string | null;
  createdAt: Date;
  attachments: Attachment[];
  /** Email only: the whole text with quoted history and signature (`text` is the visible reply). */
  fullText: string | null;
  /** Email only: the From address as written, which may differ from the customer's. */
  senderEmail: string | null;
  /** Email only: SPF/DKIM/DMARC results. */
  auth: Record<string, unknown> | null;
  /** Review flags, e.g. `{ unprovenClaim: 'PD-…' }`, `{ automatic: 'auto-replied' }`. */
  flags: Record<string, unknown> | null;
};
