/** One email Postdesk sends, stored before it is sent (transactional outbox) and kept afterwards. */
export type OutboundMail = {
  id: string;
  caseId: string | null;
  kind: 'confirmation' | 'reply' | 'acknowledgement' | 'notice' | 'status_link' | 'survey' | 'account';
  messageId: string;
  from: string;
  to: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  status: 'queued' | 'sent' | 'failed';
  transport: 'relay' | 'preview' | null;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
};
