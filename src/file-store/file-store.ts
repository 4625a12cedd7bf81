import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A sha256 as the store and `document_file.sha256` keep it: 64 lower-case hex digits. */
const SHA256 = /^[0-9a-f]{64}$/;

export function isSha256(value: string): boolean {
  return SHA256.test(value);
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A stored file whose bytes no longer hash to its name: the disk lost or changed it. */
export class StoredFileCorrupt extends Error {
  constructor(readonly sha256: string) {
    super(`stored file ${sha256} does not hash to its name: the file store's copy is damaged`);
    this.name = 'StoredFileCorrupt';
  }
}

/**
 * The documents' files on disk, content-addressed: `<dir>/<sha256[0:2]>/<sha256>`. One copy per
 * content however many items, versions and recipients share it; nothing is ever overwritten with
 * other bytes, so a write needs no lock and a retried write is harmless.
 */
export interface FileStore {
  /** the folder, resolved (FILE_STORE_DIR) */
  readonly dir: string;
  /** Stores `bytes` (atomically: a temporary file renamed into place) unless already there. */
  put(bytes: Uint8Array): Promise<{ sha256: string; sizeBytes: number }>;
  /** The bytes stored under `sha256`; undefined when no such file is on disk. Throws {@link StoredFileCorrupt}. */
  read(sha256: string): Promise<Buffer | undefined>;
  /** Is a file stored under `sha256`? */
  has(sha256: string): Promise<boolean>;
}

export function createFileStore(dir: string): FileStore {
  const root = resolve(dir);
  const pathOf = (sha256: string): string => {
    if (!isSha256(sha256)) throw new Error(`not a sha256: ${JSON.stringify(sha256.slice(0, 80))}`);
    return join(root, sha256.slice(0, 2), sha256);
  };

  async function has(sha256: string): Promise<boolean> {
    try {
      return (await stat(pathOf(sha256))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  return {
    dir: root,
    has,

    async put(bytes) {
      const sha256 = sha256Of(bytes);
      const sizeBytes = bytes.byteLength;
      const target = pathOf(sha256);
      if (await has(sha256)) return { sha256, sizeBytes };
      await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
      // Written beside its final name and renamed: a reader sees the whole file or none, and a crash
      // leaves at most a `.tmp-` file, never a short file under a real name. Two processes storing
      // the same bytes at once both rename; the second replaces identical bytes.
      const temporary = `${target}.tmp-${randomBytes(6).toString('hex')}`;
      const handle = await open(temporary, 'wx', 0o640);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return { sha256, sizeBytes };
    },

    async read(sha256) {
      let bytes: Buffer;
      try {
        bytes = await readFile(pathOf(sha256));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
      if (sha256Of(bytes) !== sha256) throw new StoredFileCorrupt(sha256);
      return bytes;
    },
  };
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}
