/** Port: content-addressed file storage: a local directory by default, or an S3 bucket (`POSTDESK_S3_BUCKET`). */
export interface BlobStore {
  /** Stores the bytes under their sha256 (idempotent: the same content is stored once). */
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  /** The bytes, or null when no blob has this hash. */
  get(sha256: string): Promise<Buffer | null>;
  /** Resolves when blobs can be stored and read now; otherwise throws a BlobStoreUnavailableError an operator can act on. */
  checkAvailable(signal?: AbortSignal): Promise<void>;
  /** Lets go of connections and sockets. */
  close(): void;
}

/** The blob store cannot be used: its message names the store and what to check. */
export class BlobStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BlobStoreUnavailableError';
  }
}

/** A stored blob's bytes no longer hash to its address: the storage corrupted it. */
export class BlobIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlobIntegrityError';
  }
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
