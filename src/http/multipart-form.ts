import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../kernel/errors.js';
import { ATTACHMENT_LIMITS, type UploadedFile } from '../modules/cases/intake.service.js';

export type MultipartForm = {
  fields: Record<string, unknown>;
  files: UploadedFile[];
  /** A file over the limits; the rest of the form was still read, so a web form can be shown again with the text kept. */
  fileError: AppError | null;
};

/** Reads a multipart form: text fields (address as `address[street]` or `address.street`) and files. */
export async function readMultipartForm(request: FastifyRequest): Promise<MultipartForm> {
  const fields: Record<string, unknown> = {};
  const address: Record<string, string> = {};
  const files: UploadedFile[] = [];
  let fileError: AppError | null = null;
  let total = 0;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (fileError) {
          part.file.resume(); // drain it: the stream must be consumed for the next part to arrive
          continue;
        }
        const bytes = await readFilePart(part);
        if (bytes === null) {
          fileError = new AppError('intake.attachment_too_large', 'Each file must be 10 MB or smaller.');
          continue;
        }
        if (bytes.byteLength === 0 && !part.filename) continue; // an empty file input
        total += bytes.byteLength;
        if (total > ATTACHMENT_LIMITS.bytesTotal) fileError = new AppError('request.too_large', 'All files together must be 25 MB or smaller.');
        else files.push({ filename: part.filename, bytes });
        continue;
      }
      const value = typeof part.value === 'string' ? part.value : String(part.value ?? '');
      const nested = /^address(?:\[(\w+)\]|\.(\w+))$/.exec(part.fieldname);
      if (nested) address[nested[1] ?? nested[2] ?? ''] = value;
      else if (part.fieldname !== 'attachments') fields[part.fieldname] = value;
    }
  } catch (error) {
    // A sixth file: the parser stops there. Reported like the other file problems, so a web form
    // says so next to its file field with the text read so far kept (the file field comes last).
    if ((error as { code?: unknown }).code !== 'FST_FILES_LIMIT') throw error;
    fileError = new AppError('intake.too_many_attachments', `You can attach up to ${ATTACHMENT_LIMITS.count} files.`);
  }
  if (Object.keys(address).length > 0) fields.address = address;
  return { fields, files, fileError };
}

/** The file's bytes, or null when it was cut at the size limit. */
async function readFilePart(part: MultipartFile): Promise<Buffer | null> {
  const bytes = await part.toBuffer();
  return part.file.truncated ? null : bytes;
}
