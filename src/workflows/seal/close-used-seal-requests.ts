import type { BaseContext } from '../../kit/context.js';
import { recordAudit } from '../../kit/record-audit.js';

/**
 * Files the requests stamped before `usedBefore` (used -> closed), as the office does when it
 * collects the day's application forms (seeds: 用印后及时收回申请单，每日对申请单进行汇总). The
 * daily summary job calls it after building the summary, as the system actor; each request is
 * closed once (CAS on state).
 */
export async function closeUsedSealRequests(ctx: BaseContext, options: { usedBefore: Date }): Promise<string[]> {
  const used = await ctx.tx.sealRequest.findMany({
    where: { orgId: ctx.orgId, state: 'used', usedAt: { lt: options.usedBefore } },
    select: { id: true, ref: true },
    orderBy: { usedAt: 'asc' },
  });
  const closed: string[] = [];
  for (const request of used) {
    const moved = await ctx.tx.sealRequest.updateMany({
      where: { id: request.id, state: 'used' },
      data: { state: 'closed', updatedAt: ctx.clock.now() },
    });
    if (moved.count === 0) continue;
    await recordAudit(ctx, {
      itemType: 'seal',
      itemRef: request.ref,
      action: 'close',
      fromState: 'used',
      toState: 'closed',
      comment: '每日用印汇总后归档',
    });
    closed.push(request.ref);
  }
  return closed;
}
