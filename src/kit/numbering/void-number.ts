import { refusal } from '../../shared/errors.js';
import { hasActor, type BaseContext } from '../context.js';
import { SYSTEM_ACTOR } from '../people.js';
import { recordAudit } from '../record-audit.js';
import { lastAllocatedNumber } from './allocate-number.js';
import { describeNumber } from './number-scopes.js';

export interface VoidNumberRequest {
  /** the counter's scope, as allocation returned it (`发文:xiaofa:2026`) */
  scope: string;
  number: number;
  /** why, e.g. 发文已撤销; the ledgers show it */
  reason: string;
}

/**
 * Records a number as 作废 (spec 2.4, 3.3: a document cancelled after sign-off voids its 文号), in
 * the caller's transaction, with an audit record. Who voided it comes from the context. The counter
 * is not touched: it only moves forward, so the number is never given again. A number never given
 * (above the counter) or already voided is refused. Returns the number's text.
 */
export async function voidNumber(ctx: BaseContext, request: VoidNumberRequest): Promise<string> {
  const { scope, number } = request;
  const text = describeNumber(ctx.directory.config, scope, number);
  const reason = request.reason.trim();
  if (reason === '') throw refusal('INVALID_INPUT', `作废 ${text} 需要说明原因。`);
  const last = await lastAllocatedNumber(ctx, scope);
  if (!Number.isInteger(number) || number < 1 || number > last)
    throw refusal('CONFLICT', `${text} 还没有分配，不能作废。`);

  // the primary key decides between two voids of one number, even at the same moment
  const { count } = await ctx.tx.numberVoid.createMany({
    data: [
      {
        orgId: ctx.orgId,
        scope,
        number,
        reason,
        voidedBy: hasActor(ctx) ? ctx.actor.userId : SYSTEM_ACTOR,
        voidedAt: ctx.clock.now(),
      },
    ],
    skipDuplicates: true,
  });
  if (count === 0) throw refusal('CONFLICT', `${text} 已经作废，不能再次作废。`);
  await recordAudit(ctx, { itemType: 'number', itemRef: text, action: 'void', comment: reason });
  return text;
}
