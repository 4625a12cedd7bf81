import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore, sha256Of, StoredFileCorrupt, type FileStore } from '../../../src/file-store/file-store.js';

/** The documents' files on disk (FILE_STORE_DIR): content-addressed, written atomically, never twice. */
describe('the file store', () => {
  let dir: string;
  let store: FileStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xiaoban-store-'));
    store = createFileStore(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const PDF = Buffer.from('%PDF-1.7 关于做好2026年寒假安全工作的通知');

  it('keeps a file at <sha256[0:2]>/<sha256> and reads back the same bytes', async () => {
    const { sha256, sizeBytes } = await store.put(PDF);
    expect(sha256).toBe(sha256Of(PDF));
    expect(sizeBytes).toBe(PDF.byteLength);
    expect(await readdir(dir)).toEqual([sha256.slice(0, 2)]);
    expect(await readdir(join(dir, sha256.slice(0, 2)))).toEqual([sha256]);
    expect(await store.read(sha256)).toEqual(PDF);
    expect(await store.has(sha256)).toBe(true);
  });

  it('stores the same bytes once, however often and however concurrently they are put', async () => {
    const first = await store.put(PDF);
    const path = join(dir, first.sha256.slice(0, 2), first.sha256);
    const writtenAt = (await stat(path)).mtimeMs;
    const again = await Promise.all([store.put(PDF), store.put(Buffer.from(PDF)), store.put(PDF)]);
    expect(again.map((result) => result.sha256)).toEqual([first.sha256, first.sha256, first.sha256]);
    expect(await readdir(join(dir, first.sha256.slice(0, 2)))).toEqual([first.sha256]); // no temporary file left
    expect((await stat(path)).mtimeMs).toBe(writtenAt);
  });

  it('puts concurrent first writes of one file in place whole, leaving no temporary file', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const results = await Promise.all(Array.from({ length: 5 }, () => store.put(big)));
    const sha256 = results[0]!.sha256;
    expect(new Set(results.map((result) => result.sha256))).toEqual(new Set([sha256]));
    expect(await readdir(join(dir, sha256.slice(0, 2)))).toEqual([sha256]);
    expect((await store.read(sha256))?.equals(big)).toBe(true);
  });

  it('says a file is missing (undefined), and refuses one whose bytes no longer match its name', async () => {
    const missing = sha256Of(Buffer.from('never stored'));
    expect(await store.read(missing)).toBeUndefined();
    expect(await store.has(missing)).toBe(false);

    const { sha256 } = await store.put(PDF);
    await writeFile(join(dir, sha256.slice(0, 2), sha256), 'changed on disk');
    await expect(store.read(sha256)).rejects.toBeInstanceOf(StoredFileCorrupt);
  });

  it('takes only a sha256 as a name: nothing outside its folder can be read', async () => {
    await expect(store.read('../../etc/passwd')).rejects.toThrow('not a sha256');
    await expect(store.read('A'.repeat(64))).rejects.toThrow('not a sha256');
  });

  it('creates its folder on first use', async () => {
    const nested = createFileStore(join(dir, 'not', 'yet'));
    const { sha256 } = await nested.put(PDF);
    expect(await nested.read(sha256)).toEqual(PDF);
  });
});
