import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { PrismaClient } from '../db/prisma.js';
import type { Clock } from '../shared/clock.js';
import type { Metrics } from '../shared/metrics.js';
import { WecomApiError } from '../wecom/errors.js';
import type { OutgoingMessage, WecomApi } from '../wecom/types.js';
import type { CardUpdateBody } from './enqueue-message.js';
import type { RecipientPacing } from './recipient-pacing.js';

export interface DeliverOptions {
  prisma: PrismaClient;
  wecomFor: (orgId: string) => WecomApi;
  pacing: RecipientPacing;
  clock: Clock;
  metrics: Metrics;
  logger: Logger;
}

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
 * - a row already `sent` (or `failed`) is left alone;
 * - a row found in `sending` means an earlier attempt died between calling WeCom and recording the
 *   result; it is resent with WeCom's duplicate check on, so WeCom drops it if the first got through
 *   (a card cannot be sent twice anyway: its task_id is unique per app);
 * - pacing is reserved before the send, and a full window delays the job instead of losing the message.
 */
export async function deliverOutboxMessage(job: Job<{ outboxId: string }>, token: string | undefined, options: DeliverOptions): Promise<void> {
  const id = BigInt(job.data.outboxId);
  const row = await options.prisma.outboxMessage.findUnique({ where: { id } });
  if (!row || row.status === 'sent' || row.status === 'failed') return;

  if (row.kind !== 'update_template_card') {
    // One person reads their messages in the order they were written (e.g. 「已放弃」 before the new
    // reply): while an earlier message to them is unsent, this one waits its turn.
    const earlier = await options.prisma.outboxMessage.findFirst({
      where: { orgId: row.orgId, toUserId: row.toUserId, id: { lt: id }, kind: { not: 'update_template_card' }, status: { notIn: ['sent', 'failed'] } },
      select: { id: true },
    });
    const recipientKey = `${row.orgId}:${row.toUserId}`;
    if (earlier) {
      // Behind a message held back by pacing, wait as long as it must rather than ask every moment.
      const pacedMs = await options.pacing.peek(recipientKey, options.clock.now().getTime());
      await job.moveToDelayed(Date.now() + Math.max(WAIT_FOR_EARLIER_MS, pacedMs), token);
      throw new DelayedError();
    }
    const waitMs = await options.pacing.reserve(recipientKey, options.clock.now().getTime());
    if (waitMs > 0) {
      await job.moveToDelayed(Date.now() + waitMs, token);
      throw new DelayedError();
    }
  }

  const wasInterrupted = row.status === 'sending';
  await options.prisma.outboxMessage.update({ where: { id }, data: { status: 'sending', attempts: { increment: 1 } } });
  const wecom = options.wecomFor(row.orgId);
  try {
    if (row.kind === 'update_template_card') {
      await updateCard(options.prisma, wecom, row.orgId, row.body as unknown as CardUpdateBody);
      await markSent(options.prisma, id, {});
    } else {
      const result = await wecom.sendMessage(row.toUserId, row.body as unknown as OutgoingMessage, wasInterrupted ? { duplicateCheckSeconds: DUPLICATE_CHECK_SECONDS } : {});
      await options.prisma.$transaction(async (tx) => {
        await tx.outboxMessage.update({
          where: { id },
          data: { status: 'sent', sentAt: options.clock.now(), wecomMsgId: result.msgid ?? null, responseCode: result.response_code ?? null, lastError: null },
        });
        if (row.cardTaskId && result.response_code) {
          // A click brings a newer code; keep the send's code only if none arrived yet.
          await tx.card.updateMany({ where: { taskId: row.cardTaskId, responseCode: null }, data: { responseCode: result.response_code } });
        }
      });
    }
    options.metrics.outboxSent.inc({ kind: row.kind, outcome: 'sent' });
  } catch (error) {
    if (wasInterrupted && row.kind === 'template_card' && error instanceof WecomApiError && error.errcode === TASK_ID_EXISTS) {
      // The interrupted attempt delivered the card: WeCom knows its task_id already.
      await markSent(options.prisma, id, {});
      return;
    }
    await handleFailure(job, token, error, id, row.kind, options);
  }
}

async function updateCard(prisma: PrismaClient, wecom: WecomApi, orgId: string, body: CardUpdateBody): Promise<void> {
  // The card's send is read before the card: its result and the code it brought commit together, so
  // a send seen finished here means its code (if any) is already visible on the card read next.
  // Read the other way round, a send finishing between the two reads looked like "no code, ever".
  const send = await prisma.outboxMessage.findUnique({ where: { cardTaskId: body.taskId } });
  const card = await prisma.card.findUnique({ where: { taskId: body.taskId } });
  if (card?.orgId !== orgId) throw new UnrecoverableError(`card ${body.taskId} is unknown`);
  const responseCode = card.responseCode;
  if (!responseCode) {
    // The card's own send may still be on its way (the update was queued right behind it): its
    // response code arrives with it, so wait and retry. Once the send is over, no code will come.
    if (send && send.status !== 'sent' && send.status !== 'failed') throw new Error(`card ${body.taskId} is not sent yet; updating it later`);
    throw new UnrecoverableError(`card ${body.taskId} has no response code to update with (its send is ${send ? `${send.status} after ${send.attempts} attempt(s)` : 'missing'})`);
  }
  // Each code works once (NOTES §6): clear it before use so a retry never replays a spent code.
  const claimed = await prisma.card.updateMany({ where: { taskId: body.taskId, responseCode }, data: { responseCode: null } });
  if (claimed.count === 0) throw new Error(`card ${body.taskId}: response code taken by a concurrent update`);
  try {
    await wecom.updateTemplateCard(body.userIds, responseCode, body.update);
  } catch (error) {
    const hadAnswer = error instanceof WecomApiError && typeof error.errcode === 'number';
    if (!hadAnswer) {
      // The call may never have reached WeCom: give the code back (unless a click brought a newer
      // one) so the retry can use it; were it spent after all, WeCom answers 60140 then.
      await prisma.card.updateMany({ where: { taskId: body.taskId, responseCode: null }, data: { responseCode } });
    } else if (error instanceof WecomApiError && error.errcode === INVALID_RESPONSE_CODE) {
      // A click may have brought a fresh code meanwhile: try again with that one rather than give up.
      const fresh = await prisma.card.findUnique({ where: { taskId: body.taskId }, select: { responseCode: true } });
      if (fresh?.responseCode) throw new Error(`card ${body.taskId}: code refused (60140); retrying with the newer one`);
    }
    throw error;
  }
}

async function markSent(prisma: PrismaClient, id: bigint, data: { wecomMsgId?: string }): Promise<void> {
  await prisma.outboxMessage.update({ where: { id }, data: { status: 'sent', sentAt: new Date(), lastError: null, ...data } });
}

/** After BullMQ's last attempt a retryable failure goes back to the relay after this pause: never dropped. */
export const REQUEUE_AFTER_MS = 2 * 60_000;

async function handleFailure(job: Job, token: string | undefined, error: unknown, id: bigint, kind: string, options: DeliverOptions): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const isPermanent = error instanceof UnrecoverableError || (error instanceof WecomApiError && !error.isRetryable);
  if (isPermanent) {
    await options.prisma.outboxMessage.update({ where: { id }, data: { status: 'failed', lastError: message.slice(0, 1000) } });
    options.metrics.outboxSent.inc({ kind, outcome: 'failed' });
    options.logger.error({ outboxId: String(id), kind, err: message }, 'outbox message failed permanently');
    throw error instanceof UnrecoverableError ? error : new UnrecoverableError(message);
  }
  // WeCom answered with an errcode: the message did not go out, so the retry is a clean first attempt.
  // No answer at all (timeout, dropped connection): it may have gone out, so the row stays `sending`
  // and the retry asks WeCom to drop a duplicate.
  const hadAnswer = error instanceof WecomApiError && typeof error.errcode === 'number';
  const status = hadAnswer ? 'queued' : 'sending';
  const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (isLastAttempt) {
    await options.prisma.outboxMessage.update({
      where: { id },
      data: { status: hadAnswer ? 'pending' : 'sending', lastError: message.slice(0, 1000), notBefore: new Date(options.clock.now().getTime() + REQUEUE_AFTER_MS) },
    });
    options.logger.warn({ outboxId: String(id), kind, err: message }, 'outbox message still failing; handed back to the relay');
    if (!hadAnswer) {
      // the relay only picks up `pending`: an ambiguous row is re-queued by its own delayed job
      await job.moveToDelayed(Date.now() + REQUEUE_AFTER_MS, token);
      throw new DelayedError();
    }
    return;
  }
  await options.prisma.outboxMessage.update({ where: { id }, data: { status, lastError: message.slice(0, 1000) } });
  if (error instanceof WecomApiError && error.retryAfterMs) {
    await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
    throw new DelayedError();
  }
  throw error;
}
