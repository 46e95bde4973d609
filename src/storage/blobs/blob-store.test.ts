import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, unreachableEndpoint, S3_TEST_CREDENTIALS, type S3TestServer } from '../../../test/s3-server.js';
import { DEFAULT_OPTIONS } from '../../container.js';
import { BlobIntegrityError, BlobStoreUnavailableError, type BlobStore } from './blob-store.js';
import { createLocalBlobStore } from './local-blob-store.js';
import { createS3BlobStore, createS3Client } from './s3-blob-store.js';

const MB = 1024 * 1024;
const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let s3: S3TestServer;
const tempDirs: string[] = [];
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

type Implementation = { name: string; open(): BlobStore };
const implementations: Implementation[] = [
  {
    name: 'local directory',
    open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postdesk-blobs-'));
      tempDirs.push(dir);
      return createLocalBlobStore(path.join(dir, 'blobs'));
    },
  },
  {
    name: 'S3 (s3rver over HTTP)',
    open: () => createS3BlobStore({ client: s3.client(), location: s3.location({ prefix: `contract-${randomBytes(4).toString('hex')}/` }) }),
  },
];

describe.each(implementations)('BlobStore contract: $name', (implementation) => {
  let store: BlobStore;
  beforeAll(() => {
    store = implementation.open();
  });
  afterAll(() => store.close());

  it('is available', async () => {
    await expect(store.checkAvailable(AbortSignal.timeout(5_000))).resolves.toBeUndefined();
  });

  it('gives back what was put, under its sha256', async () => {
    const bytes = Buffer.from('Parcel 9400100000000000000000, photo of the damaged box');
    const stored = await store.put(bytes);
    expect(stored).toEqual({ sha256: sha256Of(bytes), size: bytes.byteLength });
    const read = await store.get(stored.sha256);
    expect(read).not.toBeNull();
    expect(Buffer.compare(read!, bytes)).toBe(0);
  });

  it('stores the same bytes once: a second put answers the same and the blob stays readable', async () => {
    const bytes = randomBytes(4096);
    const [first, second] = await Promise.all([store.put(bytes), store.put(Buffer.from(bytes))]);
    const third = await store.put(new Uint8Array(bytes));
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(Buffer.compare((await store.get(first.sha256))!, bytes)).toBe(0);
  });

  it('answers null for a hash it does not have, and for something that is not a hash', async () => {
    expect(await store.get(sha256Of(randomBytes(32)))).toBeNull();
    expect(await store.get('../../etc/passwd')).toBeNull();
    expect(await store.get('A'.repeat(64))).toBeNull();
  });

  it('keeps binary content intact: every byte value, CR/LF, NUL, and an empty blob', async () => {
    const everyByte = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
    const lineEnds = Buffer.from('a\r\nb\nc\rd\0e\r\n\r\n', 'binary');
    for (const bytes of [everyByte, lineEnds, Buffer.alloc(0)]) {
      const { sha256, size } = await store.put(bytes);
      expect(size).toBe(bytes.byteLength);
      const read = await store.get(sha256);
      expect(read?.byteLength).toBe(bytes.byteLength);
      expect(Buffer.compare(read!, bytes)).toBe(0);
    }
  });

  it('round-trips a 10 MB object', async () => {
    const bytes = randomBytes(10 * MB);
    const { sha256, size } = await store.put(bytes);
    expect(size).toBe(10 * MB);
    const read = await store.get(sha256);
    expect(read?.byteLength).toBe(10 * MB);
    expect(sha256Of(read!)).toBe(sha256);
  });
});

describe('S3 blob store specifics', () => {
  type SentRequest = { method: string; path: string; headers: Record<string, string> };

  /** The store over a client whose outgoing requests are recorded (observed, not altered). */
  function openRecordingStore(prefix: string) {
    const client = s3.client();
    const sent: SentRequest[] = [];
    client.middlewareStack.add((next) => async (args) => {
      const request = args.request as SentRequest;
      sent.push({ method: request.method, path: request.path, headers: { ...request.headers } });
      return next(args);
    }, { step: 'finalizeRequest', name: 'recordRequests' });
    return { store: createS3BlobStore({ client, location: s3.location({ prefix }) }), sent };
  }

  async function readObject(client: S3Client, key: string): Promise<Buffer> {
    const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  it('keys objects <prefix>blobs/<first two hex digits>/<sha256>', async () => {
    const store = createS3BlobStore({ client: s3.client(), location: s3.location({ prefix: 'tenant-a/' }) });
    const bytes = Buffer.from('where in the bucket?');
    const { sha256 } = await store.put(bytes);
    expect(store.keyOf(sha256)).toBe(`tenant-a/blobs/${sha256.slice(0, 2)}/${sha256}`);
    expect(Buffer.compare(await readObject(s3.client(), `tenant-a/blobs/${sha256.slice(0, 2)}/${sha256}`), bytes)).toBe(0);
  });

  it('uploads with its length, SHA-256 and MD5, so the server can refuse a body changed on the way', async () => {
    const { store, sent } = openRecordingStore('checksums/');
    const bytes = randomBytes(70_000);
    await store.put(bytes);
    const put = sent.find((request) => request.method === 'PUT');
    expect(put).toBeDefined();
    expect(put!.headers['content-length']).toBe(String(bytes.byteLength));
    expect(put!.headers['x-amz-checksum-sha256']).toBe(createHash('sha256').update(bytes).digest('base64'));
    expect(put!.headers['content-md5']).toBe(createHash('md5').update(bytes).digest('base64'));
    // No CRC32 of the SDK's own beside ours (several S3-compatible servers refuse it).
    expect(Object.keys(put!.headers).filter((name) => name.startsWith('x-amz-checksum-'))).toEqual(['x-amz-checksum-sha256']);
  });

  it('sends the bytes once: a repeated put only asks whether the object is there', async () => {
    const { store, sent } = openRecordingStore('repeats/');
    const bytes = randomBytes(100_000);
    await store.put(bytes);
    expect(sent.map((request) => request.method)).toEqual(['HEAD', 'PUT']);
    sent.length = 0;
    await store.put(bytes);
    expect(sent.map((request) => request.method)).toEqual(['HEAD']);
  });

  it('uploads again over an object of the wrong size under the key (a damaged copy)', async () => {
    const { store, sent } = openRecordingStore('damaged/');
    const bytes = Buffer.from('the real content');
    const sha256 = sha256Of(bytes);
    const client = s3.client();
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: store.keyOf(sha256), Body: Buffer.from('trunc') }));
    await store.put(bytes);
    expect(sent.map((request) => request.method)).toEqual(['HEAD', 'PUT']);
    expect(Buffer.compare((await store.get(sha256))!, bytes)).toBe(0);
  });

  it('refuses to hand out an object whose bytes no longer match its address', async () => {
    const store = createS3BlobStore({ client: s3.client(), location: s3.location({ prefix: 'rot/' }) });
    const bytes = Buffer.from('original scan of the receipt');
    const { sha256 } = await store.put(bytes);
    const rotten = Buffer.from(bytes);
    rotten[3] = rotten[3]! ^ 0x01;
    await s3.client().send(new PutObjectCommand({ Bucket: s3.bucket, Key: store.keyOf(sha256), Body: rotten }));
    await expect(store.get(sha256)).rejects.toBeInstanceOf(BlobIntegrityError);
  });

  it('throws, rather than answering "no such blob", when the bucket is missing', async () => {
    const store = createS3BlobStore({ client: s3.client(), location: s3.location({ bucket: 'no-such-bucket' }) });
    await expect(store.get(sha256Of(Buffer.from('x')))).rejects.toThrow(/GET blobs\/.* from S3 bucket "no-such-bucket".*failed \(HTTP 404\): NoSuchBucket/);
    await expect(store.put(Buffer.from('x'))).rejects.toThrow(/PUT .* failed \(HTTP 404\)/);
    await expect(store.checkAvailable()).rejects.toThrow('S3 bucket "no-such-bucket" at http://127.0.0.1');
    await expect(store.checkAvailable()).rejects.toThrow('no such bucket (HTTP 404); check POSTDESK_S3_BUCKET');
    store.close();
  });

  it('says to check the credentials when the server refuses the key', async () => {
    const client = createS3Client(s3.location(), { ...DEFAULT_OPTIONS.s3, credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'S3RVER' } });
    const store = createS3BlobStore({ client, location: s3.location() });
    const failure = await store.checkAvailable().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BlobStoreUnavailableError);
    expect((failure as Error).message).toMatch(/access denied \(HTTP 403\); check the AWS credentials/);
    store.close();
  });

  it('names the bucket, the endpoint and the refused connection when nothing listens there', async () => {
    const endpoint = await unreachableEndpoint();
    const location = { ...s3.location(), endpoint };
    const store = createS3BlobStore({ client: createS3Client(location, { ...DEFAULT_OPTIONS.s3, credentials: S3_TEST_CREDENTIALS }), location });
    const failure = await store.checkAvailable(AbortSignal.timeout(5_000)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BlobStoreUnavailableError);
    expect((failure as Error).message).toBe(
      `S3 bucket "${s3.bucket}" at ${endpoint} cannot be used: connect ECONNREFUSED ${endpoint.replace('http://', '')}; check POSTDESK_S3_ENDPOINT, the network and the AWS credentials`,
    );
    await expect(store.put(Buffer.from('x'))).rejects.toThrow(/ECONNREFUSED/);
    await expect(store.get(sha256Of(Buffer.from('x')))).rejects.toThrow(/ECONNREFUSED/);
    store.close();
  });
});
