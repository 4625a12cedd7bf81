import type { BaseContext } from '../context.js';
import { describeNumber } from './number-scopes.js';

export interface VoidedNumber {
  scope: string;
  number: number;
  /** e.g. `校发〔2026〕3号` */
  text: string;
  reason: string;
  /** userid, or `system` for the system actor */
  voidedBy: string;
  voidedAt: Date;
}

/** The numbers of `scope` recorded as 作废, in number order: the ledgers show them as such. */
export async function listVoids(ctx: BaseContext, scope: string): Promise<VoidedNumber[]> {
  const rows = await ctx.tx.numberVoid.findMany({
    where: { orgId: ctx.orgId, scope },
    orderBy: { number: 'asc' },
  });
  return rows.map((row) => ({
    scope: row.scope,
    number: row.number,
    text: describeNumber(ctx.directory.config, row.scope, row.number),
    reason: row.reason,
    voidedBy: row.voidedBy,
    voidedAt: row.voidedAt,
  }));
}
