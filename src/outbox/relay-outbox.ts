import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { PrismaClient } from '../db/prisma.js';
import type { Clock } from '../shared/clock.js';
import { jobIdFor, type QueuePayload } from '../queues/definitions.js';
import { enqueueLockedRows, requeueRowsWithoutLiveJob, type RowQueue } from '../queues/enqueue-rows.js';
import { startRelayLoop, type RelayLoop } from '../queues/start-relay-loop.js';

type OutboundQueue = Queue<QueuePayload<'outbound'>>;

const RELAY_BATCH_SIZE = 200;

function outboxRows(queue: OutboundQueue): RowQueue {
  return {
    table: 'outbox_message',
    queue: queue as Queue,
    jobName: 'send',
    job: (outboxId, token) => ({ data: { outboxId, token }, jobId: jobIdFor.outbound(outboxId, token) }),
  };
}

/**
 * Moves committed outbox rows that are due into the outbound queue. Rows are claimed with SKIP
 * LOCKED so any number of workers can relay side by side; a row is marked `queued` only in the
 * transaction whose enqueue succeeded, so a Redis outage leaves it `pending` for the next pass.
 * Each enqueue carries a fresh token and the worker acts only on the row's current one, so a relay
 * that dies between the enqueue and the commit causes no second send.
 */
export async function relayOutboxOnce(options: {
  prisma: PrismaClient;
  queue: OutboundQueue;
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
    await enqueueLockedRows(
      tx,
      outboxRows(options.queue),
      due.map((row) => row.id),
      'queued',
    );
    return due.length;
  });
}

/**
 * Rows handed to the queue whose job will never run — Redis restarted without its data, or lost a
 * key — would wait for ever: they are enqueued again with a new token. A row left `sending` by a
 * worker that died is among them; its next attempt resends with WeCom's duplicate check.
 */
export async function requeueStrandedOutbox(options: {
  prisma: PrismaClient;
  queue: OutboundQueue;
  olderThanMs?: number;
}): Promise<number> {
  return requeueRowsWithoutLiveJob({
    prisma: options.prisma,
    rows: outboxRows(options.queue),
    statuses: ['queued', 'sending'],
    ageColumn: 'created_at',
    olderThanMs: options.olderThanMs ?? 60_000,
  });
}

/** Relays on a short interval and whenever `nudge()` says new rows were committed in this process. */
export function startOutboxRelay(options: {
  prisma: PrismaClient;
  queue: OutboundQueue;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
  /** how often rows whose job will never run are looked for. Default 60 000 ms. */
  strandedIntervalMs?: number;
  /** rows younger than this are not looked at by that sweep. Default 60 000 ms. */
  strandedAfterMs?: number;
}): RelayLoop {
  return startRelayLoop({
    name: 'outbox',
    logger: options.logger,
    relayOnce: () => relayOutboxOnce(options),
    batchSize: RELAY_BATCH_SIZE,
    intervalMs: options.intervalMs ?? 1_000,
    requeueStranded: () => requeueStrandedOutbox({ ...options, olderThanMs: options.strandedAfterMs }),
    strandedIntervalMs: options.strandedIntervalMs,
  });
}
