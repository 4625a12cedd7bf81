import type { BaseContext } from '../context.js';

/**
 * The next number in `scope` (1, 2, 3 …) for the context's organisation, inside the caller's
 * transaction. The upsert takes the counter row's lock until the transaction ends, so concurrent
 * allocations in any process queue behind it (no duplicates), and a transaction that rolls back takes
 * its increment with it (no gaps). The counter only moves forward: nothing, not even a void, gives a
 * committed number again.
 *
 * The lock is held until commit, so allocate late in the transaction; and a transaction that
 * allocates in two scopes should always take them in the same order, or two such can deadlock.
 */
export async function allocateNumber(ctx: BaseContext, scope: string): Promise<number> {
  const rows = await ctx.tx.$queryRaw<{ value: number }[]>`
    INSERT INTO counter (org_id, scope, value) VALUES (${ctx.orgId}, ${scope}, 1)
    ON CONFLICT (org_id, scope) DO UPDATE SET value = counter.value + 1
    RETURNING value`;
  return rows[0]!.value;
}

/** The last number given in `scope` (committed, or by this transaction); 0 when none was. */
export async function lastAllocatedNumber(ctx: BaseContext, scope: string): Promise<number> {
  const counter = await ctx.tx.counter.findUnique({ where: { orgId_scope: { orgId: ctx.orgId, scope } } });
  return counter?.value ?? 0;
}
