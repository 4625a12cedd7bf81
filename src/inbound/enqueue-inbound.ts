import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { PrismaClient } from '../db/prisma.js';
import type { Clock } from '../shared/clock.js';
import { jobIdFor, type QueuePayload } from '../queues/definitions.js';

type InboundQueue = Queue<QueuePayload<'inbound'>>;

export async function enqueueInboundEvents(queue: InboundQueue, eventIds: string[]): Promise<void> {
  await queue.addBulk(eventIds.map((eventId) => ({ name: 'event', data: { eventId }, opts: { jobId: jobIdFor.inbound(eventId) } })));
}

/**
 * The gateway enqueues right after the commit, but a process killed between its 200 and that
 * enqueue (or a Redis outage) leaves the event only in PostgreSQL. This sweep re-enqueues accepted
 * events older than `graceMs`; the job id makes it a no-op for events already queued.
 */
export function startInboundSweeper(options: {
  prisma: PrismaClient;
  queue: InboundQueue;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
  graceMs?: number;
}): { sweepOnce(): Promise<number>; stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 5_000;
  const graceMs = options.graceMs ?? 10_000;
  let running: Promise<number> | undefined;

  async function sweepOnce(): Promise<number> {
    const cutoff = new Date(options.clock.now().getTime() - graceMs);
    const stranded = await options.prisma.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM inbound_event WHERE status = 'accepted' AND received_at <= ${cutoff} ORDER BY id LIMIT 500`;
    if (stranded.length > 0) await enqueueInboundEvents(options.queue, stranded.map((row) => row.id));
    return stranded.length;
  }

  const timer = setInterval(() => {
    if (running) return;
    running = sweepOnce()
      .catch((error: unknown) => {
        options.logger.warn({ err: error }, 'inbound sweep failed; will retry');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    sweepOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
