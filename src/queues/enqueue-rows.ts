import type { Queue } from 'bullmq';
import type { PrismaClient, Tx } from '../db/prisma.js';
import { LIVE_JOB_STATES, newQueueToken } from './definitions.js';

/**
 * What the two relays (inbound events, outbox messages) have in common: rows of one table that are
 * handed to one queue, one job per enqueue, each enqueue with a fresh token recorded on the row.
 */
export interface RowQueue {
  table: 'inbound_event' | 'outbox_message';
  /** the payload types of the two queues differ; both are ids plus the token */
  queue: Queue;
  jobName: string;
  /** the job's payload and id for row `id` enqueued with `token` */
  job: (id: string, token: string) => { data: Record<string, string>; jobId: string };
}

/**
 * In the caller's transaction, with the rows already locked (FOR UPDATE): adds one job per row with
 * a fresh token, then records the tokens (and `status`, when given). The jobs go to Redis before the
 * commit; a worker that reads the row first waits on its lock and then sees the token (the worker
 * locks the row too), and a failed commit leaves jobs whose token no row carries, which do nothing.
 */
export async function enqueueLockedRows(tx: Tx, rows: RowQueue, ids: string[], status?: string): Promise<void> {
  if (ids.length === 0) return;
  const tokens = ids.map(() => newQueueToken());
  await rows.queue.addBulk(
    ids.map((id, index) => {
      const { data, jobId } = rows.job(id, tokens[index]!);
      return { name: rows.jobName, data, opts: { jobId } };
    }),
  );
  const setStatus = status === undefined ? '' : ', status = $3';
  await tx.$executeRawUnsafe(
    `UPDATE ${rows.table} AS t SET queue_token = v.token${setStatus}
       FROM unnest($1::bigint[], $2::text[]) AS v(id, token) WHERE t.id = v.id`,
    ids,
    tokens,
    ...(status === undefined ? [] : [status]),
  );
}

/**
 * Rows handed to the queue whose job will never run — Redis lost it, it failed its attempts while
 * the database was away, another deployment's worker took it — are enqueued again with a new token.
 * Each row's current job is looked up; a row is re-enqueued only if its token is still the one
 * checked (a concurrent relay or worker wins otherwise). Returns how many rows were re-enqueued.
 */
export async function requeueRowsWithoutLiveJob(options: {
  prisma: PrismaClient;
  rows: RowQueue;
  /** the statuses in which a row waits on its queue job */
  statuses: string[];
  /**
   * only rows at least this old, by the database's clock: jobs live in real time, whatever the
   * service's injected clock says
   */
  olderThanMs: number;
  ageColumn: 'received_at' | 'created_at';
  limit?: number;
}): Promise<number> {
  const { prisma, rows } = options;
  const candidates = await prisma.$queryRawUnsafe<{ id: string; queue_token: string | null }[]>(
    `SELECT id::text, queue_token FROM ${rows.table}
      WHERE status = ANY($1::text[]) AND ${options.ageColumn} <= now() - $2 * interval '1 millisecond' ORDER BY id LIMIT $3`,
    options.statuses,
    options.olderThanMs,
    options.limit ?? 500,
  );
  const dead: { id: string; token: string | null }[] = [];
  for (const candidate of candidates) {
    const state = candidate.queue_token
      ? await rows.queue.getJobState(rows.job(candidate.id, candidate.queue_token).jobId)
      : 'unknown';
    if (!LIVE_JOB_STATES.has(state)) dead.push({ id: candidate.id, token: candidate.queue_token });
  }
  if (dead.length === 0) return 0;
  return prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT t.id::text FROM ${rows.table} AS t
         JOIN unnest($1::bigint[], $2::text[]) AS v(id, token) ON t.id = v.id AND t.queue_token IS NOT DISTINCT FROM v.token
        WHERE t.status = ANY($3::text[])
        ORDER BY t.id FOR UPDATE OF t SKIP LOCKED`,
      dead.map((row) => row.id),
      dead.map((row) => row.token),
      options.statuses,
    );
    await enqueueLockedRows(
      tx,
      rows,
      locked.map((row) => row.id),
    );
    return locked.length;
  });
}
