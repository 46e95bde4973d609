import { describe, expect, it } from 'vitest';
import { safeFilename, sniffContentType } from './content-type.js';

const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...Buffer.from(v, 'latin1')] : [v])));

describe('sniffContentType', () => {
  it.each([
    ['png', bytes(0x89, 'PNG\r\n', 0x1a, '\n', 0, 0), 'image/png'],
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
    ['gif89a', bytes('GIF89a', 1, 0), 'image/gif'],
    ['gif87a', bytes('GIF87a', 1, 0), 'image/gif'],
    ['webp', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
    ['pdf', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['html', bytes('<!doctype html><script>'), null],
    ['svg', bytes('<svg xmlns="http://www.w3.org/2000/svg">'), null],
    ['zip', bytes('PK', 3, 4), null],
    ['riff wav', bytes('RIFF', 0, 0, 0, 0, 'WAVEfmt '), null],
    ['empty', bytes(), null],
    ['exe', bytes('MZ', 0x90, 0), null],
  ])('%s', (_name, input, expected) => {
    expect(sniffContentType(input)).toBe(expected);
  });
});

describe('safeFilename', () => {
  it.each([
    ['receipt.png', 'image/png', 'receipt.png'],
    ['../../etc/passwd', 'application/pdf', 'passwd.pdf'],
    ['C:\\Users\\me\\scan.PDF', 'application/pdf', 'scan.pdf'],
    ['evil.html', 'image/png', 'evil.png'],
    ['a"b\r\nc.jpg', 'image/jpeg', 'abc.jpg'],
    ['', 'image/gif', 'attachment.gif'],
    [undefined, 'image/webp', 'attachment.webp'],
  ] as const)('%s as %s → %s', (declared, type, expected) => {
    expect(safeFilename(declared, type)).toBe(expected);
  });
});
