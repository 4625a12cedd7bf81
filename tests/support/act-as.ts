import type { ActorContext } from '../../src/kit/context.js';
import { enqueueText } from '../../src/outbox/enqueue-message.js';
import { asSent, EVENT_TRANSACTION, type HandlerHarness, type Sent } from './handler-harness.js';

/**
 * Runs kit code as `userId` would through a command — one transaction, committed, with the
 * harness's clock and directory — and returns what it queued, as the harness does for messages and
 * taps. For tests of the kit on its own (the approval engine's openApproval, resubmitApproval), which
 * no shipped command calls the way the test needs. A refusal rejects and rolls everything back.
 */
export async function actAs<T>(
  h: HandlerHarness,
  userId: string,
  work: (ctx: ActorContext) => Promise<T>,
): Promise<{ result: T; sent: Sent[] }> {
  const actor = h.directory.person(userId);
  if (!actor) throw new Error(`${userId} is not in the test directory`);
  const orgId = h.directory.orgId;
  return h.db.prisma.$transaction(async (tx) => {
    const [mark] = await tx.$queryRaw<{ last: bigint | null }[]>`SELECT max(id) AS last FROM outbox_message`;
    const ctx: ActorContext = {
      tx,
      orgId,
      timezone: h.directory.config.org.timezone,
      directory: h.directory,
      clock: h.clock,
      actor,
      via: 'command',
      reply: (text) => enqueueText(tx, orgId, userId, text),
    };
    const result = await work(ctx);
    const written = await tx.outboxMessage.findMany({
      where: { id: { gt: mark?.last ?? 0n } },
      orderBy: { id: 'asc' },
    });
    return { result, sent: written.map(asSent) };
  }, EVENT_TRANSACTION);
}
