import { createHash } from 'node:crypto';
import {
  GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { BlobIntegrityError, BlobStoreUnavailableError, SHA256_HEX, type BlobStore } from './blob-store.js';

/** Where the blobs live (POSTDESK_S3_*). */
export type S3Location = {
  bucket: string;
  /** S3-compatible endpoint URL; unset: AWS S3 of the region. */
  endpoint: string | undefined;
  region: string;
  /** Prepended to every key as it is (`prod/` → `prod/blobs/…`). */
  prefix: string;
  forcePathStyle: boolean;
};

/** How long to wait and how often to try: the SDK retries throttling, 5xx and network errors with jittered back-off. */
export type S3ClientTuning = {
  connectionTimeoutMs: number;
  /** Longest a socket may sit idle mid-request (not the whole request: a 25 MB upload on a slow link takes longer). */
  requestTimeoutMs: number;
  maxAttempts: number;
  /** Unset: the standard AWS chain (AWS_ACCESS_KEY_ID…, shared config files, container or instance roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

export function createS3Client(location: S3Location, tuning: S3ClientTuning): S3Client {
  return new S3Client({
    region: location.region,
    ...(location.endpoint ? { endpoint: location.endpoint } : {}),
    forcePathStyle: location.forcePathStyle,
    ...(tuning.credentials ? { credentials: tuning.credentials } : {}),
    maxAttempts: tuning.maxAttempts,
    requestHandler: { connectionTimeout: tuning.connectionTimeoutMs, requestTimeout: tuning.requestTimeoutMs },
    // The SDK would add a CRC32 of its own to every upload and ask for checksums on every download;
    // several S3-compatible servers refuse those headers. We send SHA-256 and MD5 ourselves and
    // check every download against its address, so nothing is lost.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Blobs as objects `<prefix>blobs/<first 2 hex digits>/<sha256>` in one bucket. Uploads carry
 * `x-amz-checksum-sha256` (the address itself, so S3 refuses a body that changed on the way) and
 * `Content-MD5` (which every S3-compatible server checks); downloads are hashed and compared with
 * the address. Objects are whole in memory: attachments are capped at 25 MB per case.
 */
export function createS3BlobStore(deps: { client: S3Client; location: S3Location }): BlobStore & { keyOf(sha256: string): string } {
  const { client, location } = deps;
  const { bucket } = location;
  const keyOf = (sha256: string) => `${location.prefix}blobs/${sha256.slice(0, 2)}/${sha256}`;
  const where = `S3 bucket "${bucket}"${location.endpoint ? ` at ${location.endpoint}` : ` in ${location.region}`}`;

  /**
   * Content-addressed, so an existing object of the right size is this content. A HEAD costs about
   * a twelfth of a PUT and saves re-sending the bytes: repeats are common (logos in every
   * signature, a file sent again in a reply). Credentials without s3:ListBucket get 403 for an
   * absent key: then the PUT decides.
   */
  async function isStored(key: string, size: number): Promise<boolean> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return head.ContentLength === size;
    } catch (error) {
      if (isAbsentObject(error) || statusOf(error) === 403) return false;
      throw describeFailure(error, `HEAD ${key} in ${where}`);
    }
  }

  return {
    keyOf,
    async put(bytes) {
      const digest = createHash('sha256').update(bytes).digest();
      const sha256 = digest.toString('hex');
      const key = keyOf(sha256);
      if (await isStored(key, bytes.byteLength)) return { sha256, size: bytes.byteLength };
      try {
        await client.send(new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: 'application/octet-stream',
          ChecksumSHA256: digest.toString('base64'),
          ContentMD5: createHash('md5').update(bytes).digest('base64'),
        }));
      } catch (error) {
        throw describeFailure(error, `PUT ${key} in ${where}`);
      }
      return { sha256, size: bytes.byteLength };
    },

    async get(sha256) {
      if (!SHA256_HEX.test(sha256)) return null;
      const key = keyOf(sha256);
      let bytes: Buffer;
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!object.Body) throw new Error('the answer had no body');
        const body = await object.Body.transformToByteArray();
        bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      } catch (error) {
        if (isAbsentObject(error)) return null;
        throw describeFailure(error, `GET ${key} from ${where}`);
      }
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== sha256) throw new BlobIntegrityError(`${where}: object ${key} hashes to ${actual}; the stored blob is corrupt`);
      return bytes;
    },

    async checkAvailable(signal) {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }), signal ? { abortSignal: signal } : {});
      } catch (error) {
        throw new BlobStoreUnavailableError(`${where} cannot be used: ${explainBucketFailure(error, signal)}`, { cause: error });
      }
    },

    close() {
      client.destroy();
    },
  };
}

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

/** A missing key, never a missing bucket: that is a configuration fault and must not read as "no such blob". */
function isAbsentObject(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NoSuchKey' || (error.$metadata.httpStatusCode === 404 && error.name !== 'NoSuchBucket');
}

function describeFailure(error: unknown, what: string): Error {
  const status = statusOf(error);
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new Error(`${what} failed${status ? ` (HTTP ${status})` : ''}: ${reason}`, { cause: error });
}

/** HEAD answers carry no error body, so the status is all S3 tells: turn it into what to check. */
function explainBucketFailure(error: unknown, signal: AbortSignal | undefined): string {
  const status = statusOf(error);
  if (status === 404) return 'no such bucket (HTTP 404); check POSTDESK_S3_BUCKET and POSTDESK_S3_REGION';
  if (status === 403) {
    return 'access denied (HTTP 403); check the AWS credentials and that they may s3:ListBucket, s3:GetObject and s3:PutObject on it';
  }
  if (status === 301 || status === 400) return `the bucket answered HTTP ${status}; check POSTDESK_S3_REGION and POSTDESK_S3_FORCE_PATH_STYLE`;
  if (status !== undefined) return `HTTP ${status} (${(error as Error).name})`;
  if (signal?.aborted) return 'no answer in time; check POSTDESK_S3_ENDPOINT and the network';
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return `${code && !message.includes(code) ? `${code}: ` : ''}${message}; check POSTDESK_S3_ENDPOINT, the network and the AWS credentials`;
}
