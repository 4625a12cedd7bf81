import type { Tx } from '../db/prisma.js';

/**
 * Allocates the next number of a per-organisation series (Y for seal requests, `收:2026` for 收文编号 …)
 * inside the caller's transaction: the row lock serialises concurrent allocations across processes
 * (no duplicates), and a rolled-back transaction takes its increment with it (no gaps).
 */
export async function allocateNumber(tx: Tx, orgId: string, scope: string): Promise<number> {
  const rows = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO counter (org_id, scope, value) VALUES (${orgId}, ${scope}, 1)
    ON CONFLICT (org_id, scope) DO UPDATE SET value = counter.value + 1
    RETURNING value`;
  return rows[0]!.value;
}

/** `Y12`: the short reference people type (spec 2.4). */
export async function allocateReference(tx: Tx, orgId: string, prefix: string): Promise<string> {
  return `${prefix}${await allocateNumber(tx, orgId, prefix)}`;
}
