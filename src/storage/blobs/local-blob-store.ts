import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { BlobStoreUnavailableError, SHA256_HEX, type BlobStore } from './blob-store.js';

/**
 * Blobs under `<dir>/ab/cd/<sha256>`. A blob is written to a temp file, fsynced and renamed, so
 * a reader never sees half a file and an acknowledged upload survives a crash.
 */
export function createLocalBlobStore(dir: string): BlobStore {
  const pathOf = (sha256: string) => path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  return {
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = pathOf(sha256);
      try {
        await fs.access(target);
        return { sha256, size: bytes.byteLength };
      } catch {
        // not stored yet
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await fs.open(temp, 'wx');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, target);
      return { sha256, size: bytes.byteLength };
    },
    async get(sha256) {
      if (!SHA256_HEX.test(sha256)) return null;
      try {
        return await fs.readFile(pathOf(sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async checkAvailable() {
      try {
        await fs.mkdir(dir, { recursive: true });
        await fs.access(dir, fs.constants.R_OK | fs.constants.W_OK);
      } catch (error) {
        throw new BlobStoreUnavailableError(`Blob directory ${dir} cannot be used: ${(error as Error).message}`, { cause: error });
      }
    },
    close() {},
  };
}
