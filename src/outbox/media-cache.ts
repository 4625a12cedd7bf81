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
  get(orgId: string, file: { sha256: string; fileName: string }): Promise<string | undefined>;
  set(orgId: string, file: { sha256: string; fileName: string }, mediaId: string): Promise<void>;
  forget(orgId: string, file: { sha256: string; fileName: string }): Promise<void>;
}

export const MEDIA_CACHE_SECONDS = 2 * 24 * 3600;

export function createMediaCache(options: { redis: Redis; keyPrefix: string }): MediaCache {
  const keyOf = (orgId: string, file: { sha256: string; fileName: string }): string =>
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
  };
}
