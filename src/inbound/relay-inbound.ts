import type { Queue } from 'bullmq';
import pg from 'pg';
import type { Logger } from 'pino';
import type { PrismaClient } from '../db/prisma.js';
import type { Clock } from '../shared/clock.js';
import { jobIdFor, type QueuePayload } from '../queues/definitions.js';
import { enqueueLockedRows, requeueRowsWithoutLiveJob, type RowQueue } from '../queues/enqueue-rows.js';
import { startRelayLoop, type RelayLoop } from '../queues/start-relay-loop.js';

type InboundQueue = Queue<QueuePayload<'inbound'>>;

/** The channel the inbound_event insert trigger notifies (migration 20261122020000_inbound_notify). */
export const INBOUND_CHANNEL = 'xiaoban_inbound_event';

const BATCH_SIZE = 500;

function inboundRows(queue: InboundQueue): RowQueue {
  return {
    table: 'inbound_event',
    queue: queue as Queue,
    jobName: 'event',
    job: (eventId, token) => ({ data: { eventId, token }, jobId: jobIdFor.inbound(eventId, token) }),
  };
}

/**
 * Moves accepted callbacks from PostgreSQL into the inbound queue. The gateway only records and
 * answers, so it does no Redis work per callback, and a web process killed right after its 200, or a
 * Redis outage, leaves nothing behind: the rows wait here. Same pattern as the outbox relay: rows
 * claimed with SKIP LOCKED, one job per enqueue with a fresh token, marked `queued` in the
 * transaction whose enqueue succeeded.
 */
export async function relayInboundOnce(options: { prisma: PrismaClient; queue: InboundQueue }): Promise<number> {
  return options.prisma.$transaction(async (tx) => {
    const accepted = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM inbound_event WHERE status = 'accepted'
      ORDER BY id LIMIT ${BATCH_SIZE}
      FOR UPDATE SKIP LOCKED`;
    await enqueueLockedRows(
      tx,
      inboundRows(options.queue),
      accepted.map((row) => row.id),
      'queued',
    );
    return accepted.length;
  });
}

/**
 * Events marked queued whose job will never run (Redis lost it; it failed every attempt while the
 * database was away and the failure could not be recorded) are enqueued again with a new token.
 */
export async function requeueStrandedInbound(options: {
  prisma: PrismaClient;
  queue: InboundQueue;
  olderThanMs?: number;
}): Promise<number> {
  return requeueRowsWithoutLiveJob({
    prisma: options.prisma,
    rows: inboundRows(options.queue),
    statuses: ['queued'],
    ageColumn: 'received_at',
    olderThanMs: options.olderThanMs ?? 60_000,
  });
}

/**
 * Relays whenever PostgreSQL says callbacks were recorded (LISTEN on the insert trigger's channel),
 * and on an interval in case a notification was missed while the listening connection was down.
 */
export function startInboundRelay(options: {
  prisma: PrismaClient;
  queue: InboundQueue;
  clock: Clock;
  databaseUrl: string;
  logger: Logger;
  /** fallback polling interval. Default 1000 ms. */
  intervalMs?: number;
  /** how often rows whose job will never run are looked for. Default 60 000 ms. */
  strandedIntervalMs?: number;
  /** rows younger than this are not looked at by that sweep. Default 60 000 ms. */
  strandedAfterMs?: number;
}): RelayLoop {
  const loop = startRelayLoop({
    name: 'inbound',
    logger: options.logger,
    relayOnce: () => relayInboundOnce(options),
    batchSize: BATCH_SIZE,
    intervalMs: options.intervalMs ?? 1_000,
    requeueStranded: () => requeueStrandedInbound({ ...options, olderThanMs: options.strandedAfterMs }),
    strandedIntervalMs: options.strandedIntervalMs,
  });
  const listener = listenForInbound(options.databaseUrl, loop.nudge, options.logger);
  return {
    nudge: loop.nudge,
    async stop() {
      await listener.stop();
      await loop.stop();
    },
  };
}

/** A LISTEN connection that comes back after it drops; the polling covers the gap. */
function listenForInbound(databaseUrl: string, onNotify: () => void, logger: Logger): { stop(): Promise<void> } {
  let stopped = false;
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const current = new pg.Client({ connectionString: databaseUrl });
    client = current;
    current.on('notification', onNotify);
    // An error is followed by 'end'; reconnecting there handles both.
    current.on('error', (error) => logger.debug({ err: error }, 'inbound LISTEN connection failed'));
    current.on('end', () => {
      if (!stopped) retryTimer = setTimeout(() => void connect(), 1_000);
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${INBOUND_CHANNEL}`);
      onNotify(); // whatever was recorded while nobody listened
    } catch (error) {
      logger.warn({ err: error }, 'inbound relay cannot LISTEN; polling until it can');
      await current.end().then(
        () => undefined,
        (endError: unknown) => logger.debug({ err: endError }, 'closing the failed LISTEN connection'),
      );
    }
  };
  void connect();

  return {
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      await client?.end().then(
        () => undefined,
        (error: unknown) => logger.debug({ err: error }, 'closing the LISTEN connection'),
      );
    },
  };
}
