import { newId } from '../../kernel/ids.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import { safeAnyFilename } from '../attachments/content-type.js';
import type { Attachment } from '../messages/message.js';
import { extractVisibleReply, htmlToText, sanitizeEmailHtml } from './content.js';
import type { ParsedMail } from './parse.js';

/** What a case stores of an email: the visible reply, the whole text, safe HTML and the files. */
export type EmailContent = {
  visibleText: string;
  fullText: string;
  html: string | null;
  blockedRemoteImages: number;
  attachments: Omit<Attachment, 'caseId' | 'messageId'>[];
};

/**
 * Turns a parsed email into case content: attachments (inline images too) go to the blob store,
 * `cid:` references in the HTML point at their download URLs, the HTML is sanitised, and the
 * visible reply is separated from quoted history (the whole text is kept as well).
 */
export async function extractEmailContent(mail: ParsedMail, blobs: BlobStore, now: Date): Promise<EmailContent> {
  const attachments: EmailContent['attachments'] = [];
  const inlineImages = new Map<string, string>();
  for (const part of mail.attachments) {
    const { sha256, size } = await blobs.put(part.content);
    const id = newId(now.getTime());
    const isTnef = part.mimeType === 'application/ms-tnef' || /^winmail\.dat$/i.test(part.filename ?? '');
    attachments.push({
      id,
      sha256,
      size,
      // TNEF (winmail.dat) is recognised and kept as it is; agents download it like any file.
      filename: safeAnyFilename(part.filename, isTnef ? 'winmail.dat' : part.mimeType.startsWith('image/') ? 'image' : 'attachment'),
      contentType: isTnef ? 'application/ms-tnef' : part.mimeType || 'application/octet-stream',
      createdAt: now,
    });
    if (part.contentId) inlineImages.set(part.contentId.replace(/^<|>$/g, ''), `/api/v1/attachments/${id}`);
  }
  const fullText = (mail.text.trim() ? mail.text : mail.html ? htmlToText(mail.html) : '').trim();
  const reply = extractVisibleReply(fullText);
  const sanitized = mail.html ? sanitizeEmailHtml(mail.html, { inlineImages }) : null;
  return {
    visibleText: reply.visible.trim() || fullText,
    fullText,
    html: sanitized?.html ?? null,
    blockedRemoteImages: sanitized?.blockedRemoteImages ?? 0,
    attachments,
  };
}
