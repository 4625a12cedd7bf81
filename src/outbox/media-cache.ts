import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * media_ids of files already uploaded, so that a document sent beside thirty readers' cards is
 * uploaded once, not thirty times. Kept in Redis beside the access token: shared by every worker,
 * and losing it loses nothing (the file is uploaded again). A media_id works for 3 days (DOC
 * 90253); one is reused for 2 days at most, so one handed out just before expiring still arrives.
 * The name is part of the key: WeCom shows recipients the name given at upload.
 */
export interface MediaCache {
  get(orgId: string, file: CachedFile): Promise<string | undefined>;
  set(orgId: string, file: CachedFile, mediaId: string): Promise<void>;
  forget(orgId: string, file: CachedFile): Promise<void>;
  /**
   * Takes the right to upload this file now (one uploader at a time across workers: the others wait
   * for its media_id rather than upload the same 20 MB again); false while someone else holds it.
   * Held at most {@link UPLOAD_CLAIM_MS}, so a crashed uploader blocks nobody for long.
   */
  claimUpload(orgId: string, file: CachedFile): Promise<boolean>;
  releaseUpload(orgId: string, file: CachedFile): Promise<void>;
}

type CachedFile = { sha256: string; fileName: string };

export const MEDIA_CACHE_SECONDS = 2 * 24 * 3600;
/** Longer than an upload may take (the client's media timeout, 60 s). */
export const UPLOAD_CLAIM_MS = 90_000;

export function createMediaCache(options: { redis: Redis; keyPrefix: string }): MediaCache {
  const keyOf = (orgId: string, file: CachedFile): string =>
    `${options.keyPrefix}${orgId}:${file.sha256}:${createHash('sha256').update(file.fileName).digest('hex').slice(0, 16)}`;
  return {
    async get(orgId, file) {
      return (await options.redis.get(keyOf(orgId, file))) ?? undefined;
    },
    async set(orgId, file, mediaId) {
      await options.redis.set(keyOf(orgId, file), mediaId, 'EX', MEDIA_CACHE_SECONDS);
    },
    async forget(orgId, file) {
      await options.redis.del(keyOf(orgId, file));
    },
    async claimUpload(orgId, file) {
      return (await options.redis.set(`${keyOf(orgId, file)}:uploading`, '1', 'PX', UPLOAD_CLAIM_MS, 'NX')) === 'OK';
    },
    async releaseUpload(orgId, file) {
      await options.redis.del(`${keyOf(orgId, file)}:uploading`);
    },
  };
}
