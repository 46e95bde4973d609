import { deflateSync } from 'node:zlib';
import { expect } from 'vitest';
import type { HttpApp } from '../src/http/types.js';
import { parseHeaders } from './smtp-sink.js';

/** Topic slugs of CONTRACT.md's default seed. */
export const DEFAULT_TOPIC_SLUGS = [
  'missing-package',
  'delivery-problem',
  'tracking',
  'refund-claim',
  'feedback-complaint',
  'general-question',
  'address-change-hold',
  'informed-delivery',
  'passport',
] as const;
export type TopicSlug = (typeof DEFAULT_TOPIC_SLUGS)[number];

export const CASE_NUMBER = /^PD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

export const SAMPLE_ADDRESS = { street: '475 L Enfant Plaza SW', city: 'Washington', state: 'DC', zip: '20260' } as const;
export const SAMPLE_TRACKING = '9400 1000 0000 0000 0000 00';

/** Fields a topic requires beyond name, email and description (CONTRACT.md topics, default seed). */
const TOPIC_EXTRAS: Record<TopicSlug, Record<string, unknown>> = {
  'missing-package': { trackingNumber: SAMPLE_TRACKING, address: SAMPLE_ADDRESS },
  'delivery-problem': { address: SAMPLE_ADDRESS },
  tracking: { trackingNumber: SAMPLE_TRACKING },
  'refund-claim': { trackingNumber: SAMPLE_TRACKING },
  'feedback-complaint': {},
  'general-question': {},
  'address-change-hold': { address: SAMPLE_ADDRESS },
  'informed-delivery': {},
  passport: {},
};

let counter = 0;

/** A form payload that the given topic accepts; `overrides` replace (or, with `undefined`, remove) fields. */
export function validForm(topic: TopicSlug = 'general-question', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  const form: Record<string, unknown> = {
    topic,
    name: 'Ana Popescu',
    email: `ana.${counter}@example.org`,
    description: `My question number ${counter}: when does the post office on Main Street open on Saturdays?`,
    ...TOPIC_EXTRAS[topic],
    ...overrides,
  };
  for (const [key, value] of Object.entries(form)) if (value === undefined) delete form[key];
  return form;
}

export type SubmitResult = { caseNumber: string; status: string; expectedReplyBy: string; guidance?: string };

/** Submits a JSON form and expects 201. */
export async function submitCase(app: HttpApp, form: Record<string, unknown> = validForm(), remoteAddress?: string): Promise<SubmitResult> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/cases', payload: form, ...(remoteAddress ? { remoteAddress } : {}) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<SubmitResult>();
}

// ---------------------------------------------------------------------------------------------
// Files built in code.

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid PNG of `width`×1 RGBA pixels (default 1×1), built with zlib. */
export function tinyPng(width = 1, rgba: [number, number, number, number] = [200, 30, 30, 255]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method variants, no interlace
  const row = Buffer.alloc(1 + 4 * width);
  for (let x = 0; x < width; x += 1) row.set(rgba, 1 + 4 * x);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(row)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A minimal one-page PDF. */
export function tinyPdf(text = 'Receipt'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

/** A PDF-signed buffer of exactly `size` bytes (the sniffer only reads the first bytes). */
export function pdfOfSize(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x20);
  Buffer.from('%PDF-1.4\n').copy(bytes, 0);
  return bytes;
}

export function htmlBytes(): Buffer {
  return Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n');
}

export type FormFile = { bytes: Uint8Array; filename: string; type: string };

/** A multipart form: text fields (address as `address[street]` …) and `attachments` files. */
export function multipartForm(fields: Record<string, unknown>, files: FormFile[] = []): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'object') {
      for (const [sub, subValue] of Object.entries(value as Record<string, unknown>)) form.append(`${key}[${sub}]`, String(subValue));
    } else {
      form.append(key, String(value));
    }
  }
  for (const file of files) form.append('attachments', new Blob([file.bytes], { type: file.type }), file.filename);
  return form;
}

// ---------------------------------------------------------------------------------------------
// A small MIME reader for what the SMTP sink captured (enough for nodemailer's output).

export type MimePart = { headers: Map<string, string>; contentType: string; body: string; parts: MimePart[] };

function headerParam(value: string, name: string): string | undefined {
  const match = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return match ? (match[1] ?? match[2]) : undefined;
}

function decodeQuotedPrintable(input: string): Buffer {
  const soft = input.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i += 1) {
    const char = soft[i]!;
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** Parses a raw message into a tree; leaf bodies are decoded (quoted-printable/base64) to UTF-8 text. */
export function parseMime(raw: string): MimePart {
  const split = /\r?\n\r?\n/.exec(raw);
  const head = split ? raw.slice(0, split.index) : raw;
  const rawBody = split ? raw.slice(split.index + split[0].length) : '';
  const headers = parseHeaders(`${head}\r\n\r\n`);
  const contentTypeHeader = headers.get('content-type') ?? 'text/plain';
  const contentType = contentTypeHeader.split(';')[0]!.trim().toLowerCase();
  if (contentType.startsWith('multipart/')) {
    const boundary = headerParam(contentTypeHeader, 'boundary');
    if (!boundary) throw new Error('multipart without boundary');
    const sections = rawBody.split(`--${boundary}`);
    const parts = sections
      .slice(1)
      .filter((section) => !section.startsWith('--'))
      .map((section) => parseMime(section.replace(/^\r?\n/, '').replace(/\r?\n$/, '')));
    return { headers, contentType, body: '', parts };
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const decoded =
    encoding === 'base64'
      ? Buffer.from(rawBody.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(rawBody)
        : Buffer.from(rawBody, 'utf8');
  return { headers, contentType, body: decoded.toString('utf8').replace(/\r\n/g, '\n'), parts: [] };
}

/** Every leaf part, depth first. */
export function leafParts(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leafParts);
}

/** Decodes RFC 2047 encoded-words (B and Q) in a header value. */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_match, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

/** The address inside `Name <addr>` or a bare address. */
export function addressOf(value: string): string {
  const match = /<([^>]+)>/.exec(value);
  return (match ? match[1]! : value).trim();
}
