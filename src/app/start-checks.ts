import type { Worker } from 'bullmq';
import type { Logger } from 'pino';

/** How long a starting process waits for Redis before it stops with the reason. */
export const REDIS_START_TIMEOUT_MS = 10_000;

/** Resolves with `work`, or rejects with `message` if it takes longer than `timeoutMs`. */
export async function answersWithin<T>(work: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([
      work.catch((error: unknown) =>
        Promise.reject(new Error(`${message}: ${error instanceof Error ? error.message : String(error)}`)),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `host:port` of a Redis URL, for messages: never the password. */
export function describeRedis(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    return `${url.hostname}:${url.port || '6379'}`;
  } catch {
    return '(unreadable REDIS_URL)';
  }
}

/**
 * Closes workers, letting running jobs finish for at most `drainMs`. A job still running then is
 * abandoned to the process's exit (BullMQ's close cannot be hurried once it waits, and a later
 * close(true) returns that same wait): its lock lapses and BullMQ's stalled-job check retries it.
 */
export async function closeWorkers(workers: Worker[], drainMs: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const drained = Promise.all(workers.map((worker) => worker.close())).then(() => true);
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), drainMs);
  });
  const isDrained = await Promise.race([drained, late]);
  clearTimeout(timer);
  if (!isDrained) logger.warn({ drainMs }, 'jobs still running at shutdown; leaving them to be retried');
}
