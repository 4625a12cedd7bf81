import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import type { CommandCatalog } from '../commands/command-catalog.js';
import type { PrismaClient } from '../db/prisma.js';
import { enqueueText } from '../outbox/enqueue-message.js';
import type { QueuePayload } from '../queues/definitions.js';
import type { OrgRegistry } from '../runtime/org-runtime.js';
import type { Clock } from '../shared/clock.js';
import { errorForLog } from '../shared/error-for-log.js';
import type { Metrics } from '../shared/metrics.js';
import type { FileStore } from '../file-store/file-store.js';
import { dispatchEvent, type InboundEventRow } from './dispatch-event.js';
import { fetchSentFile, type FileArrival } from './fetch-sent-file.js';
import { readStoredPayload } from '../gateway/stored-payload.js';

export interface ProcessInboundDeps {
  prisma: PrismaClient;
  orgs: OrgRegistry;
  catalog: CommandCatalog;
  clock: Clock;
  metrics: Metrics;
  logger: Logger;
  /** where files people send are stored (FILE_STORE_DIR) */
  fileStore: FileStore;
  /** called after a commit that may have queued outbox messages */
  onOutboxWritten: () => void;
}

/**
 * Processes one accepted event exactly once: the event row is locked and marked processed in the
 * same transaction as everything the handler writes (state, outbox, audit), so a crash at any point
 * either leaves it unprocessed for a clean retry or fully done; WeCom's retries never got this far
 * (the unique dedupe key stopped them at the gateway). A job whose token the row no longer carries
 * was superseded by a later enqueue of the row (src/queues/definitions.ts) and does nothing.
 */
export async function processInboundEvent(job: Job<QueuePayload<'inbound'>>, deps: ProcessInboundDeps): Promise<void> {
  const eventId = BigInt(job.data.eventId);
  let kind = 'unknown';
  try {
    const file = await fetchFileFirst(eventId, job.data.token, deps);
    const outcome = await deps.prisma.$transaction(
      async (tx) => {
        // The lock also waits for a relay that is still committing this row's token.
        const rows = await tx.$queryRaw<(InboundEventRow & { queueToken: string | null })[]>`
          SELECT id, org_id AS "orgId", msg_type AS "msgType", event, from_userid AS "fromUserId", payload, queue_token AS "queueToken"
          FROM inbound_event WHERE id = ${eventId} AND status IN ('accepted', 'queued') FOR UPDATE`;
        const locked = rows[0];
        if (!locked) return 'already_done';
        if (locked.queueToken !== job.data.token) return 'superseded';
        const row: InboundEventRow = { ...locked, payload: readStoredPayload(locked.payload) };
        kind = row.msgType === 'event' ? `event:${row.event ?? ''}` : row.msgType;
        // One person's messages are handled one at a time, so a conversation never sees two answers at once.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${row.orgId}:${row.fromUserId}`}))`;
        const org = deps.orgs.get(row.orgId);
        const outcome = org
          ? await dispatchEvent(tx, row, { org, catalog: deps.catalog, clock: deps.clock, logger: deps.logger, file })
          : 'unknown_org';
        await tx.inboundEvent.update({
          where: { id: eventId },
          data: { status: 'processed', processedAt: deps.clock.now(), attempts: { increment: 1 } },
        });
        return outcome;
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
    if (outcome !== 'already_done' && outcome !== 'superseded') {
      deps.metrics.inboundProcessed.inc({ kind, outcome });
      deps.onOutboxWritten();
    }
  } catch (error) {
    const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    deps.logger.error(
      { eventId: job.data.eventId, attempt: job.attemptsMade + 1, err: errorForLog(error) },
      'inbound event failed',
    );
    if (isLastAttempt) await giveUp(eventId, job.data.token, error, deps);
    throw error;
  }
}

/**
 * A file message's file is fetched before the event's transaction, never inside it (see
 * fetch-sent-file.ts): read without a lock, and only while the event is still this job's to do.
 */
async function fetchFileFirst(
  eventId: bigint,
  token: string,
  deps: ProcessInboundDeps,
): Promise<FileArrival | undefined> {
  const isOpen = (status: string): boolean => status === 'accepted' || status === 'queued';
  // every event passes here: its small columns only, the payload just for a file message
  const head = { msgType: true, status: true, queueToken: true } as const;
  let event = await deps.prisma.inboundEvent.findUnique({ where: { id: eventId }, select: head });
  if (!event || event.msgType !== 'file' || !isOpen(event.status)) return undefined;
  if (event.queueToken !== token) {
    // the relay may still be committing this job's token: its lock is awaited, then the row read again
    event = await deps.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM inbound_event WHERE id = ${eventId} FOR UPDATE`;
      return tx.inboundEvent.findUnique({ where: { id: eventId }, select: head });
    });
    if (!event || event.queueToken !== token || !isOpen(event.status)) return undefined;
  }
  const file = await deps.prisma.inboundEvent.findUniqueOrThrow({
    where: { id: eventId },
    select: { orgId: true, fromUserId: true, payload: true },
  });
  const org = deps.orgs.get(file.orgId);
  if (!org) return undefined;
  return fetchSentFile(
    { prisma: deps.prisma, wecom: org.wecom, fileStore: deps.fileStore, clock: deps.clock, logger: deps.logger },
    { orgId: file.orgId, fromUserId: file.fromUserId, payload: readStoredPayload(file.payload) },
  );
}

/**
 * Nothing is silently dropped: the sender hears that it failed, and the row says why (an operator
 * can replay it: POST /admin/inbound/:id/retry). If even this cannot be written (the database is
 * away), the row stays `queued` and the stranded-row sweep enqueues it again once it is back.
 */
async function giveUp(eventId: bigint, token: string, error: unknown, deps: ProcessInboundDeps): Promise<void> {
  await deps.prisma.$transaction(async (tx) => {
    const row = await tx.inboundEvent.findUnique({ where: { id: eventId } });
    if (!row || (row.status !== 'accepted' && row.status !== 'queued') || row.queueToken !== token) return;
    await tx.inboundEvent.update({
      where: { id: eventId },
      data: { status: 'failed', lastError: `${errorForLog(error).type}: ${errorForLog(error).message}` },
    });
    if (row.msgType !== 'event' || row.event === 'template_card_event') {
      await enqueueText(
        tx,
        row.orgId,
        row.fromUserId,
        '抱歉，处理您刚才的消息时出错了，没有做任何更改。请稍后再试；如果一直不成功，请联系综合办公室。',
      );
    }
  });
  deps.metrics.inboundProcessed.inc({ kind: 'any', outcome: 'failed' });
  deps.onOutboxWritten();
}
