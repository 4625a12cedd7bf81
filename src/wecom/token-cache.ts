import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { WecomApiError } from './errors.js';

export interface FetchedToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface TokenCacheOptions {
  redis: Redis;
  corpId: string;
  agentId: number;
  /** Default 'xiaoban:'. */
  keyPrefix?: string;
  /** Calls gettoken; throws on failure. Only ever called by the lock holder. */
  fetchToken: () => Promise<FetchedToken>;
  /** Dropped from expires_in so no caller holds a token that dies in flight. Default 300. */
  safetyMarginSeconds?: number;
  /** How long a refresher may hold the lock before others may take over. Default 10 000. */
  lockTtlMs?: number;
  /** How often a waiting process looks for the new token. Default 50. */
  pollIntervalMs?: number;
}

export interface TokenCache {
  /** The cached token, refreshing it when absent. */
  get(): Promise<string>;
  /** Drops the cached token if it is still `staleToken` (another caller may already have replaced it). */
  invalidate(staleToken: string): Promise<void>;
}

const DELETE_IF_EQUAL = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * The access token, shared through Redis by every process of one corp + app (DOC 91039 asks for one
 * cache, not one per process). At most one refresh runs at a time: callers in this process share one
 * in-flight promise; other processes see the Redis lock (SET NX PX), wait and poll for the key. A
 * failed fetch is never cached: it releases the lock and the error goes to every waiter.
 */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const { redis, fetchToken } = options;
  const base = `${options.keyPrefix ?? 'xiaoban:'}wecom:token:${options.corpId}:${options.agentId}`;
  const tokenKey = base;
  const lockKey = `${base}:lock`;
  const safetyMarginSeconds = options.safetyMarginSeconds ?? 300;
  const lockTtlMs = options.lockTtlMs ?? 10_000;
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  let inFlight: Promise<string> | undefined;

  async function refresh(): Promise<string> {
    // Two lock lifetimes: the holder either finishes or its lock lapses and we take over.
    const deadline = performance.now() + 2 * lockTtlMs + pollIntervalMs;
    const owner = randomUUID();
    while (performance.now() < deadline) {
      if ((await redis.set(lockKey, owner, 'PX', lockTtlMs, 'NX')) === 'OK') {
        try {
          // Another process may have stored a token between our GET and our lock.
          const stored = await redis.get(tokenKey);
          if (stored) return stored;
          const { accessToken, expiresInSeconds } = await fetchToken();
          await redis.set(tokenKey, accessToken, 'PX', cacheLifetimeMs(expiresInSeconds, safetyMarginSeconds));
          return accessToken;
        } finally {
          await redis.eval(DELETE_IF_EQUAL, 1, lockKey, owner);
        }
      }
      await sleep(pollIntervalMs);
      const stored = await redis.get(tokenKey);
      if (stored) return stored;
    }
    throw new WecomApiError({
      api: 'gettoken',
      failure: 'network',
      detail: 'timed out waiting for another process to refresh the access token',
      isRetryable: true,
    });
  }

  return {
    async get() {
      const stored = await redis.get(tokenKey);
      if (stored) return stored;
      inFlight ??= refresh().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    async invalidate(staleToken) {
      await redis.eval(DELETE_IF_EQUAL, 1, tokenKey, staleToken);
    },
  };
}

/** expires_in minus the margin; a token that short-lived is kept for half its life instead. */
function cacheLifetimeMs(expiresInSeconds: number, safetyMarginSeconds: number): number {
  const seconds =
    expiresInSeconds > 2 * safetyMarginSeconds ? expiresInSeconds - safetyMarginSeconds : expiresInSeconds / 2;
  return Math.max(1000, Math.floor(seconds * 1000));
}
