import type { BaseContext } from '../../kit/context.js';
import { moveSealRequest } from './seal-request-store.js';

/**
 * Files the requests stamped before `usedBefore` (used -> closed), as the office does when it
 * collects the day's application forms (seeds: 用印后及时收回申请单，每日对申请单进行汇总). The
 * daily summary job calls it after building the summary, as the system actor; each request is
 * closed once (compare-and-set on its state, under its row lock).
 */
export async function closeUsedSealRequests(ctx: BaseContext, options: { usedBefore: Date }): Promise<string[]> {
  const used = await ctx.tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM seal_request WHERE org_id = ${ctx.orgId} AND state = 'used' AND used_at < ${options.usedBefore}
     ORDER BY used_at FOR UPDATE SKIP LOCKED`;
  const closed: string[] = [];
  for (const { id } of used) {
    const request = await ctx.tx.sealRequest.findUniqueOrThrow({ where: { id } });
    if (request.state !== 'used') continue;
    await moveSealRequest(ctx, request, 'close', {}, { comment: '每日用印汇总后归档' });
    closed.push(request.ref);
  }
  return closed;
}
