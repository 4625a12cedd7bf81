import type { BaseContext } from '../context.js';
import type { PresenterLookup } from './approval-presenter.js';
import { handOverApprovals } from './hand-over.js';

export interface HandOverPlan {
  /** a digest of the directory (src/directory/directory-digest.ts): one pass per change of it */
  directoryVersion: string;
  presenterFor: PresenterLookup;
  /** each workflow's own re-resolution of its other work items (a seal's keeper) */
  workflowPasses: ((ctx: BaseContext) => Promise<number>)[];
}

/**
 * After the directory was reloaded or synced: one hand-over pass per change of the directory,
 * however many processes reloaded it at once. The passes are taken one at a time (an advisory
 * lock per organisation), and a pass over a directory the newest run already handled is skipped;
 * the pass itself is idempotent, so a skip is only a saving. Returns how many it moved, or
 * undefined when it was skipped.
 */
export async function runHandOver(ctx: BaseContext, plan: HandOverPlan): Promise<number | undefined> {
  await ctx.tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`handover:${ctx.orgId}`}))`;
  const newest = await ctx.tx.handoverRun.findFirst({ where: { orgId: ctx.orgId }, orderBy: { id: 'desc' } });
  if (newest?.directoryVersion === plan.directoryVersion) return undefined;
  let moved = await handOverApprovals(ctx, plan.presenterFor);
  for (const pass of plan.workflowPasses) moved += await pass(ctx);
  await ctx.tx.handoverRun.create({
    data: { orgId: ctx.orgId, directoryVersion: plan.directoryVersion, ranAt: ctx.clock.now(), moved },
  });
  return moved;
}
