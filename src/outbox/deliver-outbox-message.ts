import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { PrismaClient } from '../db/prisma.js';
import type { OutboxMessage } from '../generated/prisma/client.js';
import type { QueuePayload } from '../queues/definitions.js';
import type { Clock } from '../shared/clock.js';
import type { Metrics } from '../shared/metrics.js';
import { canNoteReachRecipient, WecomApiError } from '../wecom/errors.js';
import type { FileStore } from '../file-store/file-store.js';
import type { WecomApi } from '../wecom/types.js';
import { failVisibly } from './fail-visibly.js';
import type { MediaCache } from './media-cache.js';
import { readCardUpdateBody, readOutgoingMessage } from './outbox-body.js';
import type { RecipientPacing } from './recipient-pacing.js';
import { sendFileMessage } from './send-file-message.js';

export interface DeliverOptions {
  prisma: PrismaClient;
  wecomFor: (orgId: string) => WecomApi;
  pacing: RecipientPacing;
  /** where `file` rows' files are read from (FILE_STORE_DIR) */
  fileStore: FileStore;
  /** media_ids of recent uploads, so one file sent to many is uploaded once; without it, one upload per send */
  mediaCache?: MediaCache;
  clock: Clock;
  metrics: Metrics;
  logger: Logger;
  /**
   * How long retryable failures (WeCom busy, no answer) are retried before the message is failed
   * visibly and its recipient told. Default 30 minutes.
   */
  giveUpAfterMs?: number;
}

/** Default of {@link DeliverOptions.giveUpAfterMs}. */
export const GIVE_UP_AFTER_MS = 30 * 60_000;

/** How long a message waits before checking again whether the earlier one to its recipient went out. */
const WAIT_FOR_EARLIER_MS = 50;

/** update_template_card: the response code is unknown, spent or expired. */
const INVALID_RESPONSE_CODE = 60140;

/** WeCom's answer to a reused task_id: after an interrupted send, proof the card went out. */
const TASK_ID_EXISTS = 42014;

/** How long WeCom's own duplicate check looks back when we resend after an ambiguous crash. */
const DUPLICATE_CHECK_SECONDS = 4 * 3600;

/**
 * Sends one outbox row. Runs under BullMQ's retries, so it assumes it may run twice:
 * - a job whose token the row no longer carries was superseded by a later enqueue and does nothing;
 *   a row already `sent` (or `failed`) is left alone;
 * - a row found in `sending` means an earlier attempt died between calling WeCom and recording the
 *   result; it is resent with WeCom's duplicate check on, so WeCom drops it if the first got through
 *   (a card cannot be sent twice anyway: its task_id is unique per app);
 * - pacing is reserved before the send, and a full window delays the job instead of losing the message.
 */
export async function deliverOutboxMessage(
  job: Job<QueuePayload<'outbound'>>,
  token: string | undefined,
  options: DeliverOptions,
): Promise<void> {
  const id = BigInt(job.data.outboxId);
  const row = await readCurrentRow(options.prisma, id, job.data.token);
  if (!row) return;

  if (row.kind !== 'update_template_card') {
    const waitMs = await waitForTurn(row, options);
    if (waitMs > 0) {
      await job.moveToDelayed(Date.now() + waitMs, token);
      throw new DelayedError();
    }
  }

  const wasInterrupted = row.status === 'sending';
  const claimed = await options.prisma.outboxMessage.updateMany({
    where: { id, queueToken: job.data.token, status: { in: ['queued', 'sending'] } },
    data: { status: 'sending', attempts: { increment: 1 } },
  });
  if (claimed.count === 0) return; // finished or re-enqueued meanwhile
  const wecom = options.wecomFor(row.orgId);
  try {
    if (row.kind === 'update_template_card') {
      await updateCard(options.prisma, wecom, row, wasInterrupted);
      await markSent(options, id, {});
    } else {
      const sendOptions = wasInterrupted ? { duplicateCheckSeconds: DUPLICATE_CHECK_SECONDS } : {};
      const result =
        row.kind === 'file'
          ? await sendFileMessage(wecom, row, sendOptions, options)
          : await wecom.sendMessage(row.toUserId, readOutgoingMessage(row.body), sendOptions);
      await options.prisma.$transaction(async (tx) => {
        await tx.outboxMessage.update({
          where: { id },
          data: {
            status: 'sent',
            sentAt: options.clock.now(),
            wecomMsgId: result.msgid ?? null,
            responseCode: result.response_code ?? null,
            lastError: null,
            firstFailedAt: null,
          },
        });
        if (row.cardTaskId && result.response_code) {
          // A click brings a newer code; keep the send's code only if none arrived yet.
          await tx.card.updateMany({
            where: { taskId: row.cardTaskId, responseCode: null },
            data: { responseCode: result.response_code },
          });
        }
      });
    }
    options.metrics.outboxSent.inc({ kind: row.kind, outcome: 'sent' });
  } catch (error) {
    if (
      wasInterrupted &&
      row.kind === 'template_card' &&
      error instanceof WecomApiError &&
      error.errcode === TASK_ID_EXISTS
    ) {
      // The interrupted attempt delivered the card: WeCom knows its task_id already.
      await markSent(options, id, {});
      return;
    }
    await handleFailure(job, token, error, row, options);
  }
}

/**
 * The row this job is for, or undefined when the job has nothing to do. A relay writes the token in
 * the transaction that enqueued the job, so a job can start before that commit: when the token
 * differs, the row's lock is awaited (the relay holds it until it commits) and the row read again.
 */
async function readCurrentRow(prisma: PrismaClient, id: bigint, token: string): Promise<OutboxMessage | undefined> {
  let row = await prisma.outboxMessage.findUnique({ where: { id } });
  if (row && row.queueToken !== token && row.status !== 'sent' && row.status !== 'failed') {
    row = await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM outbox_message WHERE id = ${id} FOR UPDATE`;
      return tx.outboxMessage.findUnique({ where: { id } });
    });
  }
  if (!row || row.queueToken !== token || row.status === 'sent' || row.status === 'failed') return undefined;
  return row;
}

/**
 * Milliseconds to wait before this message may go, 0 when it may go now. One person reads their
 * messages in the order they were written (「已放弃」 before the new reply): while an earlier message
 * to them that is due is unsent, this one waits its turn. A message held for later (a reminder
 * waiting out quiet hours, one handed back after WeCom was busy) is not due and delays nothing.
 * Then a slot in the recipient's pacing window is reserved.
 */
async function waitForTurn(row: OutboxMessage, options: DeliverOptions): Promise<number> {
  const now = options.clock.now();
  const recipientKey = `${row.orgId}:${row.toUserId}`;
  const earlier = await options.prisma.outboxMessage.findFirst({
    where: {
      orgId: row.orgId,
      toUserId: row.toUserId,
      id: { lt: row.id },
      kind: { not: 'update_template_card' },
      status: { notIn: ['sent', 'failed'] },
      notBefore: { lte: now },
    },
    select: { id: true },
  });
  // Behind a message held back by pacing, wait as long as it must rather than ask every moment.
  if (earlier) return Math.max(WAIT_FOR_EARLIER_MS, await options.pacing.peek(recipientKey, now.getTime()));
  return options.pacing.reserve(recipientKey, now.getTime());
}

/**
 * Updates a card in place with a response code. Each code works once (NOTES §6), so the code is
 * moved from the card to this outbox row before the call: a retry after a lost answer or a crash
 * uses the same code, and WeCom's 60140 then means the earlier attempt got through.
 */
async function updateCard(
  prisma: PrismaClient,
  wecom: WecomApi,
  row: OutboxMessage,
  wasInterrupted: boolean,
): Promise<void> {
  const body = readCardUpdateBody(row.body);
  const responseCode = row.responseCode ?? (await claimCardCode(prisma, row, body));
  try {
    await wecom.updateTemplateCard(body.userIds, responseCode, body.update);
  } catch (error) {
    if (!(error instanceof WecomApiError && error.errcode === INVALID_RESPONSE_CODE)) throw error;
    if (wasInterrupted) return; // spent by the attempt that was interrupted: it reached WeCom
    // Unknown or expired: a click may have brought a newer code meanwhile; try that one.
    await prisma.outboxMessage.update({ where: { id: row.id }, data: { responseCode: null } });
    const card = await prisma.card.findUnique({ where: { taskId: body.taskId }, select: { responseCode: true } });
    if (card?.responseCode)
      throw new Error(`card ${body.taskId}: code refused (60140); retrying with the newer one`, { cause: error });
    throw error;
  }
}

/** Moves the card's current code onto the update row, or says why there is none. */
async function claimCardCode(prisma: PrismaClient, row: OutboxMessage, body: { taskId: string }): Promise<string> {
  // The card's send is read before the card: its result and the code it brought commit together, so
  // a send seen finished here means its code (if any) is already visible on the card read next.
  const send = await prisma.outboxMessage.findUnique({ where: { cardTaskId: body.taskId } });
  const card = await prisma.card.findUnique({ where: { taskId: body.taskId } });
  if (card?.orgId !== row.orgId) throw new UnrecoverableError(`card ${body.taskId} is unknown`);
  const responseCode = card.responseCode;
  if (!responseCode) {
    // The card's own send may still be on its way (the update was queued right behind it): its
    // response code arrives with it, so wait and retry. Once the send is over, no code will come.
    if (send && send.status !== 'sent' && send.status !== 'failed')
      throw new Error(`card ${body.taskId} is not sent yet; updating it later`);
    throw new UnrecoverableError(
      `card ${body.taskId} has no response code to update with (its send is ${send ? `${send.status} after ${send.attempts} attempt(s)` : 'missing'})`,
    );
  }
  const claimed = await prisma.$transaction(async (tx) => {
    const taken = await tx.card.updateMany({
      where: { taskId: body.taskId, responseCode },
      data: { responseCode: null },
    });
    if (taken.count === 1) await tx.outboxMessage.update({ where: { id: row.id }, data: { responseCode } });
    return taken.count === 1;
  });
  if (!claimed) throw new Error(`card ${body.taskId}: response code taken by a concurrent update`);
  return responseCode;
}

async function markSent(options: DeliverOptions, id: bigint, data: { wecomMsgId?: string }): Promise<void> {
  await options.prisma.outboxMessage.update({
    where: { id },
    data: { status: 'sent', sentAt: options.clock.now(), lastError: null, firstFailedAt: null, ...data },
  });
}

/** After BullMQ's last attempt a retryable failure goes back to the relay after this pause: never dropped. */
export const REQUEUE_AFTER_MS = 2 * 60_000;

async function handleFailure(
  job: Job,
  token: string | undefined,
  error: unknown,
  row: OutboxMessage,
  options: DeliverOptions,
): Promise<void> {
  const id = row.id;
  const message = error instanceof Error ? error.message : String(error);
  const now = options.clock.now();
  const firstFailedAt = row.firstFailedAt ?? now;
  const isPermanent = error instanceof UnrecoverableError || (error instanceof WecomApiError && !error.isRetryable);
  const hasFailedTooLong = now.getTime() - firstFailedAt.getTime() >= (options.giveUpAfterMs ?? GIVE_UP_AFTER_MS);
  if (isPermanent || hasFailedTooLong) {
    const canReachRecipient = !(error instanceof WecomApiError) || canNoteReachRecipient(error.errcode);
    const isRecipientTold = await failVisibly(
      options.prisma,
      row,
      { lastError: message.slice(0, 1000), canReachRecipient },
      now,
    );
    options.metrics.outboxSent.inc({ kind: row.kind, outcome: 'failed' });
    const why = isPermanent
      ? 'failed permanently'
      : `still failing after ${Math.round((now.getTime() - firstFailedAt.getTime()) / 60_000)} min; given up`;
    options.logger.error(
      { outboxId: String(id), kind: row.kind, err: message, isRecipientTold },
      `outbox message ${why}`,
    );
    throw error instanceof UnrecoverableError ? error : new UnrecoverableError(message);
  }
  // WeCom answered with an errcode: the message did not go out, so the retry is a clean first attempt.
  // No answer at all (timeout, dropped connection): it may have gone out, so the row stays `sending`
  // and the retry asks WeCom to drop a duplicate.
  const hadAnswer = error instanceof WecomApiError && typeof error.errcode === 'number';
  const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (isLastAttempt) {
    await options.prisma.outboxMessage.update({
      where: { id },
      data: {
        status: hadAnswer ? 'pending' : 'sending',
        lastError: message.slice(0, 1000),
        firstFailedAt,
        notBefore: new Date(now.getTime() + REQUEUE_AFTER_MS),
      },
    });
    options.logger.warn(
      { outboxId: String(id), kind: row.kind, err: message },
      'outbox message still failing; handed back to the relay',
    );
    if (!hadAnswer) {
      // the relay only picks up `pending`: an ambiguous row is re-queued by its own delayed job
      await job.moveToDelayed(Date.now() + REQUEUE_AFTER_MS, token);
      throw new DelayedError();
    }
    return;
  }
  await options.prisma.outboxMessage.update({
    where: { id },
    data: { status: hadAnswer ? 'queued' : 'sending', lastError: message.slice(0, 1000), firstFailedAt },
  });
  if (error instanceof WecomApiError && error.retryAfterMs) {
    await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
    throw new DelayedError();
  }
  throw error;
}
