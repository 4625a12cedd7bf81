import type { Tx } from '../../db/prisma.js';
import { recordAudit } from '../record-audit.js';
import { SYSTEM_ACTOR } from './describe-seal-request.js';

/**
 * Files the requests stamped before `usedBefore` (used -> closed), as the office does when it
 * collects the day's application forms (seeds: 用印后及时收回申请单，每日对申请单进行汇总). The
 * daily summary job calls it after building the summary; each request is closed once (CAS on state).
 */
export async function closeUsedSealRequests(tx: Tx, options: { orgId: string; usedBefore: Date; at: Date; actorId?: string }): Promise<string[]> {
  const used = await tx.sealRequest.findMany({ where: { orgId: options.orgId, state: 'used', usedAt: { lt: options.usedBefore } }, select: { id: true, ref: true }, orderBy: { usedAt: 'asc' } });
  const closed: string[] = [];
  for (const request of used) {
    const moved = await tx.sealRequest.updateMany({ where: { id: request.id, state: 'used' }, data: { state: 'closed', updatedAt: options.at } });
    if (moved.count === 0) continue;
    await recordAudit(tx, { orgId: options.orgId, actorId: options.actorId ?? SYSTEM_ACTOR, itemType: 'seal', itemRef: request.ref, action: 'close', fromState: 'used', toState: 'closed', comment: '每日用印汇总后归档', via: 'schedule', at: options.at });
    closed.push(request.ref);
  }
  return closed;
}
