/** Port: content-addressed file storage. Local directory by default; S3 arrives with the scale-out issue. */
export interface BlobStore {
  /** Stores the bytes under their sha256 (idempotent: the same content is stored once). */
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  /** The bytes, or null when no blob has this hash. */
  get(sha256: string): Promise<Buffer | null>;
}
