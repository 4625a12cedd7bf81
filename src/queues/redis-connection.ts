import { Redis } from 'ioredis';

/**
 * Producers fail fast when Redis is down (the outbox keeps the work in PostgreSQL meanwhile);
 * workers wait for it to come back (BullMQ "going to production"). They never share a connection.
 */
export function createRedisConnection(url: string, purpose: 'producer' | 'worker' | 'cache'): Redis {
  const isWorker = purpose === 'worker';
  return new Redis(url, {
    maxRetriesPerRequest: isWorker ? null : 1,
    enableOfflineQueue: isWorker || purpose === 'cache',
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    lazyConnect: false,
  });
}
