import type { BaseContext } from '../../kit/context.js';
import { lockCardsThenItem } from '../../kit/cards/close-card.js';
import { personName } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import { tell } from '../../kit/notify.js';
import { approvalsSoFar, closeKeeperWork, giveToKeeper } from './seal-approval.js';
import { closeWorkItems } from '../../kit/work-items.js';
import { lockSealRequest, SEAL_WORKFLOW_ID } from './seal-request-store.js';

/** A request in these states has its keeper: one waiting to stamp, or one an approval will reach. */
const KEEPER_STATES: readonly string[] = ['in_approval', 'approved', 'blocked'];

/**
 * The seal's part of a hand-over (kit/approvals/run-hand-over.ts): a request waiting for a keeper
 * who is no longer the seal's keeper in the org file goes to the new one — their card and
 * 待用印 — and the old card is closed. A request still in approval only changes its keeper, so
 * its approval ends at the new one (nothing waits on a keeper yet). Returns how many moved. (A
 * keeper is always named in the org file, which refuses a seal without one, so there is nobody
 * to reassign.)
 */
export async function handOverSealKeepers(ctx: BaseContext): Promise<number> {
  const waiting = await ctx.tx.sealRequest.findMany({
    where: { orgId: ctx.orgId, state: { in: [...KEEPER_STATES] } },
    select: { id: true, sealId: true, keeperId: true },
    orderBy: { createdAt: 'asc' },
  });
  let moved = 0;
  for (const candidate of waiting) {
    const keeper = ctx.directory.seal(candidate.sealId)?.keeper;
    if (!keeper || keeper === candidate.keeperId || !ctx.directory.person(keeper)?.isActive) continue;
    const request = await lockCardsThenItem(ctx, { workflow: SEAL_WORKFLOW_ID, itemId: candidate.id }, () =>
      lockSealRequest(ctx.tx, ctx.orgId, { id: candidate.id }),
    );
    if (!request || request.keeperId === keeper || !KEEPER_STATES.includes(request.state)) continue;
    const before = request.keeperId;
    const comment = `用印：${personName(ctx.directory, before)} → ${personName(ctx.directory, keeper)}（印章管理员变更）`;
    await ctx.tx.sealRequest.update({
      where: { id: request.id },
      data: { keeperId: keeper, updatedAt: ctx.clock.now() },
    });
    moved += 1;
    if (request.state === 'in_approval') {
      await recordAudit(ctx, { itemType: SEAL_WORKFLOW_ID, itemRef: request.ref, action: 'hand_over', comment });
      continue;
    }
    await closeKeeperWork(ctx, request, 'stale', `已转交${personName(ctx.directory, keeper)}（印章管理员变更）`);
    const moving = { ...request, keeperId: keeper };
    await giveToKeeper(ctx, moving, await approvalsSoFar(ctx, moving));
    // blocked: the card works once the seal is restored, and 待用印 comes back with the restore
    if (request.state === 'blocked') await closeWorkItems(ctx, { kind: 'seal_use', sourceId: request.id });
    await recordAudit(ctx, {
      itemType: SEAL_WORKFLOW_ID,
      itemRef: request.ref,
      action: 'hand_over',
      comment,
    });
    if (ctx.directory.person(before)?.isActive)
      await tell(
        ctx,
        before,
        `${request.ref} 已改由${personName(ctx.directory, keeper)}用印（印章管理员变更），无需您再处理。`,
      );
  }
  return moved;
}
