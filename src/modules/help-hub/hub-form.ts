import type { FastifyRequest } from 'fastify';
import type { AppError, FieldErrors } from '../../kernel/errors.js';
import { readMultipartForm, type MultipartForm } from '../../http/multipart-form.js';
import { FORM_ERROR_MESSAGES } from '../cases/intake.js';
import type { Messages } from './i18n.js';
import type { FormErrors, FormValues } from './pages/FormFields.js';

/** The posted form in the intake's shape (address nested), whether it came urlencoded or multipart. */
export async function readHubForm(request: FastifyRequest): Promise<MultipartForm> {
  if (request.isMultipart()) return readMultipartForm(request);
  return { fields: nestAddress(request.body), files: [], fileError: null };
}

/** `address[street]=…` arrives flat from an urlencoded body; the intake wants `address: {street}`. */
export function nestAddress(body: unknown): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const address: Record<string, string> = {};
  if (body === null || typeof body !== 'object') return fields;
  for (const [key, raw] of Object.entries(body)) {
    // A repeated name (a crafted request) keeps its first value rather than becoming an array.
    const value = Array.isArray(raw) ? String(raw[0] ?? '') : typeof raw === 'string' ? raw : String(raw ?? '');
    const nested = /^address(?:\[(\w+)\]|\.(\w+))$/.exec(key);
    if (nested) address[nested[1] ?? nested[2] ?? ''] = value;
    else fields[key] = value;
  }
  if (Object.keys(address).length > 0) fields.address = address;
  return fields;
}

/** What the customer typed, to put back into the form (files never come back: browsers forbid it). */
export function valuesOf(fields: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') values[key] = value;
    else if (key === 'address' && value && typeof value === 'object') {
      for (const [part, text] of Object.entries(value)) if (typeof text === 'string') values[`address.${part}`] = text;
    }
  }
  return values;
}

type ErrorKey = keyof typeof FORM_ERROR_MESSAGES;
const KEY_BY_MESSAGE = new Map<string, ErrorKey>(
  (Object.entries(FORM_ERROR_MESSAGES) as [ErrorKey, string][]).map(([key, message]) => [message, key]),
);

/**
 * The intake speaks English (it also answers the JSON API); each of its messages has a key, and
 * the customer reads that key's translation. An unknown message is shown as it is, never dropped.
 */
export function localizeFieldErrors(fields: FieldErrors, t: Messages): FormErrors {
  const errors: FormErrors = {};
  for (const [field, message] of Object.entries(fields)) {
    const key = KEY_BY_MESSAGE.get(message);
    const target = field.startsWith('attachments') ? 'attachments' : field;
    errors[target] ??= key ? t.errors[key] : field.startsWith('attachments') ? t.errors.attachmentType : message;
  }
  return errors;
}

/** Attachment problems the intake reports by code (their English text names the file). */
export function attachmentErrors(error: AppError, t: Messages): FormErrors | null {
  switch (error.code) {
    case 'intake.attachment_type': return { attachments: t.errors.attachmentType };
    case 'intake.attachment_too_large':
    case 'request.too_large': return { attachments: t.errors.attachmentSize };
    case 'intake.too_many_attachments': return { attachments: t.errors.attachmentCount };
    default: return null;
  }
}
