import type { BaseContext } from '../../src/kit/context.js';
import type { Tx } from '../../src/db/prisma.js';
import { asSent, type HandlerHarness, type Sent } from './handler-harness.js';

/** The BaseContext a schedule gets, on the harness's database, clock and directory, in `tx`. */
export function systemContext(h: HandlerHarness, tx: Tx): BaseContext {
  return {
    tx,
    orgId: h.directory.orgId,
    timezone: h.directory.config.org.timezone,
    directory: h.directory,
    clock: h.clock,
  };
}

/**
 * Runs kit code as a schedule would (no actor) in one committed transaction, and returns what it
 * queued in the outbox, as {@link actAs} does for a person.
 */
export async function asSystem<T>(
  h: HandlerHarness,
  work: (ctx: BaseContext) => Promise<T>,
): Promise<{ result: T; sent: Sent[] }> {
  return h.db.prisma.$transaction(async (tx) => {
    const [mark] = await tx.$queryRaw<{ last: bigint | null }[]>`SELECT max(id) AS last FROM outbox_message`;
    const result = await work(systemContext(h, tx));
    const written = await tx.outboxMessage.findMany({
      where: { id: { gt: mark?.last ?? 0n } },
      orderBy: { id: 'asc' },
    });
    return { result, sent: written.map(asSent) };
  });
}
