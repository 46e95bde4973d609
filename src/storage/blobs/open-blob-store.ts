import type { BlobStore } from './blob-store.js';
import { createLocalBlobStore } from './local-blob-store.js';
import type { S3ClientTuning, S3Location } from './s3-blob-store.js';

export type BlobStoreTarget = { kind: 'local'; dir: string } | ({ kind: 's3' } & S3Location);

/** Opens the configured blob store. Nothing is contacted yet: `checkAvailable` asks the store. */
export function openBlobStore(target: BlobStoreTarget, s3Tuning: S3ClientTuning): BlobStore {
  if (target.kind === 'local') return createLocalBlobStore(target.dir);
  return openS3BlobStoreOnFirstUse(target, s3Tuning);
}

/** The AWS SDK takes about 200 ms to import: a process (or test) that never touches S3 never loads it. */
function openS3BlobStoreOnFirstUse(location: S3Location, tuning: S3ClientTuning): BlobStore {
  let opened: Promise<BlobStore> | undefined;
  const store = () => (opened ??= import('./s3-blob-store.js').then(({ createS3BlobStore, createS3Client }) =>
    createS3BlobStore({ client: createS3Client(location, tuning), location })));
  return {
    put: async (bytes) => (await store()).put(bytes),
    get: async (sha256) => (await store()).get(sha256),
    checkAvailable: async (signal) => (await store()).checkAvailable(signal),
    close() {
      void opened?.then((opened) => opened.close());
    },
  };
}
