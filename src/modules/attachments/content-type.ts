/**
 * Recognises the file types customers may attach by their first bytes, never by the declared
 * type or the file name. Five signatures do not justify a dependency (file-type pulls in
 * streams and tokenizers for hundreds of formats we must reject anyway).
 */
export type AllowedContentType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'application/pdf';

const EXTENSIONS: Record<AllowedContentType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

export function sniffContentType(bytes: Uint8Array): AllowedContentType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'image/gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}

/**
 * A file name safe to show and to put in a Content-Disposition header: no path, no control
 * characters, bounded length, and an extension that matches the sniffed type.
 */
export function safeFilename(declared: string | undefined, type: AllowedContentType): string {
  const base = (declared ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').replace(/\s+/g, ' ').trim().slice(0, 120);
  const stem = cleaned.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'attachment';
  return `${stem}.${EXTENSIONS[type]}`;
}

/**
 * A display- and header-safe name for a file of any type (email attachments keep their type:
 * they are only ever served as downloads).
 */
export function safeAnyFilename(declared: string | null | undefined, fallback = 'attachment'): string {
  const base = (declared ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').replace(/\s+/g, ' ').trim().slice(0, 150);
  return cleaned || fallback;
}
