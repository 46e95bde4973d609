import { AppError } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import type { BlobStore } from '../../storage/blobs/blob-store.js';
import { safeFilename, sniffContentType } from '../attachments/content-type.js';
import type { Attachment } from '../messages/message.js';

/** A file a customer uploaded through a web form or the API, as received. */
export type UploadedFile = { filename: string | undefined; bytes: Uint8Array };

/** What a customer may attach to one message, on every web path (new case, status page). */
export const ATTACHMENT_LIMITS = { count: 5, bytesEach: 10 * 1024 * 1024, bytesTotal: 25 * 1024 * 1024 } as const;

/** An attachment stored in the blob store, not yet tied to a message. */
export type StoredUpload = Omit<Attachment, 'caseId' | 'messageId'>;

/** Throws `intake.too_many_attachments` or `intake.attachment_too_large` when files break the limits. */
export function checkAttachmentLimits(files: UploadedFile[]): void {
  if (files.length > ATTACHMENT_LIMITS.count) {
    throw new AppError('intake.too_many_attachments', `You can attach up to ${ATTACHMENT_LIMITS.count} files.`);
  }
  const total = files.reduce((sum, file) => sum + file.bytes.byteLength, 0);
  const large = files.find((file) => file.bytes.byteLength > ATTACHMENT_LIMITS.bytesEach);
  if (large || total > ATTACHMENT_LIMITS.bytesTotal) {
    throw new AppError('intake.attachment_too_large', 'Each file must be 10 MB or smaller, and all files together 25 MB or smaller.');
  }
}

/**
 * Checks the limits and each file's type by its first bytes (never the declared type or name),
 * then stores them. Nothing is stored unless every file passes: a rejected upload leaves no blobs.
 */
export async function storeUploadedFiles(blobs: BlobStore, files: UploadedFile[], now: Date): Promise<StoredUpload[]> {
  checkAttachmentLimits(files);
  const types = files.map((file, index) => {
    const type = sniffContentType(file.bytes);
    if (!type) {
      throw new AppError('intake.attachment_type', 'Attachments must be images (PNG, JPEG, GIF, WebP) or PDF documents.', {
        [`attachments.${index}`]: `${file.filename ?? 'This file'} is not an image or a PDF`,
      });
    }
    return type;
  });
  const stored: StoredUpload[] = [];
  for (const [index, file] of files.entries()) {
    const type = types[index]!;
    const { sha256, size } = await blobs.put(file.bytes);
    stored.push({ id: newId(now.getTime()), sha256, size, filename: safeFilename(file.filename, type), contentType: type, createdAt: now });
  }
  return stored;
}
