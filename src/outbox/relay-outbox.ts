import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { PrismaClient } from '../db/prisma.js';
import type { Clock } from '../shared/clock.js';
import { jobIdFor, type QueuePayload } from '../queues/definitions.js';
import { startRelayLoop, type RelayLoop } from '../queues/start-relay-loop.js';

const RELAY_BATCH_SIZE = 200;

/**
 * Moves committed outbox rows into the outbound queue. Rows are claimed with SKIP LOCKED so any
 * number of workers can relay side by side; a row is marked `queued` only in the transaction whose
 * enqueue succeeded, so a Redis outage leaves it `pending` to be picked up on the next pass. The job
 * id is derived from the row id, and the worker checks the row's status, so a relay that dies
 * between the enqueue and the commit causes no second send.
 */
export async function relayOutboxOnce(options: {
  prisma: PrismaClient;
  queue: Queue<QueuePayload<'outbound'>>;
  clock: Clock;
  batchSize?: number;
}): Promise<number> {
  const batchSize = options.batchSize ?? RELAY_BATCH_SIZE;
  return options.prisma.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM outbox_message
      WHERE status = 'pending' AND not_before <= ${options.clock.now()}
      ORDER BY id
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED`;
    if (due.length === 0) return 0;
    await options.queue.addBulk(
      due.map(({ id }) => ({ name: 'send', data: { outboxId: id }, opts: { jobId: jobIdFor.outbound(id) } })),
    );
    await tx.$executeRaw`UPDATE outbox_message SET status = 'queued' WHERE id = ANY(${due.map((row) => BigInt(row.id))}) AND status = 'pending'`;
    return due.length;
  });
}

/**
 * Rows handed to the queue whose job is gone — Redis restarted without its data, or lost a key —
 * would wait for ever. Re-adding every old `queued`/`sending` row is safe: while a job exists its id
 * makes the add a no-op, and the worker skips rows that are already sent.
 */
export async function requeueStrandedOutbox(options: {
  prisma: PrismaClient;
  queue: Queue<QueuePayload<'outbound'>>;
  clock: Clock;
  olderThanMs?: number;
}): Promise<number> {
  const cutoff = new Date(options.clock.now().getTime() - (options.olderThanMs ?? 5 * 60_000));
  const stranded = await options.prisma.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM outbox_message
    WHERE status IN ('queued', 'sending') AND created_at <= ${cutoff}
    ORDER BY id LIMIT 500`;
  if (stranded.length > 0) {
    await options.queue.addBulk(stranded.map(({ id }) => ({ name: 'send', data: { outboxId: id }, opts: { jobId: jobIdFor.outbound(id) } })));
  }
  return stranded.length;
}

/** Relays on a short interval and whenever `nudge()` says new rows were committed in this process. */
export function startOutboxRelay(options: {
  prisma: PrismaClient;
  queue: Queue<QueuePayload<'outbound'>>;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
}): RelayLoop {
  return startRelayLoop({
    name: 'outbox',
    logger: options.logger,
    relayOnce: () => relayOutboxOnce(options),
    batchSize: RELAY_BATCH_SIZE,
    intervalMs: options.intervalMs ?? 1_000,
    requeueStranded: () => requeueStrandedOutbox(options),
  });
}
