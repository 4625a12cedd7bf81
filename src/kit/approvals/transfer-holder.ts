import { refusal } from '../../shared/errors.js';
import type { BaseContext } from '../context.js';
import { personName } from '../people.js';
import { recordAudit } from '../record-audit.js';
import type { ApprovalRule } from './approval-rules.js';
import { findHolder, type ApprovalRecord, type HolderRecord } from './approval-records.js';
import type { ApprovalPresenter } from './approval-presenter.js';
import { giveStepToHolder } from './hold-step.js';
import { releaseSlot } from './release-slot.js';

export interface Transfer {
  /** the pending holder whose slot moves */
  holder: HolderRecord;
  toUserId: string;
  /** how the new holder's slot is resolved again at the next hand-over (default: them by name) */
  rule?: ApprovalRule;
  /** 转交 (a person asked) or hand_over (the directory changed) */
  action: 'transfer' | 'hand_over';
  /** why, for the audit and the old card: 人员变动, or the reason typed */
  reason: string;
}

/**
 * Moves one pending slot of the open step to another person (spec 2.5 转交, and the hand-over when
 * people change): the old slot is handed over and its card closed saying to whom, the new holder
 * gets the card and the work item, and the audit records it. The approval is locked by the caller.
 */
export async function transferHolder(
  ctx: BaseContext,
  approval: ApprovalRecord,
  transfer: Transfer,
  present: ApprovalPresenter,
): Promise<void> {
  const found = findHolder(approval, transfer.holder.id);
  if (!found || found.holder.state !== 'pending' || found.step.state !== 'open')
    throw refusal('CONFLICT', `${approval.itemRef} 的这一步已经处理过，不能再转交。`);
  const { step, holder } = found;
  const toName = personName(ctx.directory, transfer.toUserId);
  if (transfer.toUserId === approval.requesterId)
    throw refusal('INVALID_INPUT', `${toName}是${approval.itemRef}的申请人，不能审批自己的申请。请转交给其他人。`);
  if (step.holders.some((other) => other.userId === transfer.toUserId && other.state === 'pending'))
    throw refusal('CONFLICT', `${toName}已经在处理${approval.itemRef}的这一步，不需要再转交给他。`);

  await releaseSlot(ctx, approval, holder, {
    to: { state: 'handed_over', comment: transfer.reason },
    card: { status: 'stale', stamp: `已转交${toName}（${transfer.reason}）` },
  });
  const created = await ctx.tx.approvalHolder.create({
    data: {
      orgId: ctx.orgId,
      stepId: step.id,
      userId: transfer.toUserId,
      rule: transfer.rule ?? `user:${transfer.toUserId}`,
      state: 'pending',
    },
  });
  await giveStepToHolder(ctx, approval, step, { id: created.id.toString(), userId: transfer.toUserId }, present);
  await recordAudit(ctx, {
    itemType: approval.workflow,
    itemRef: approval.itemRef,
    action: transfer.action,
    comment: `${step.name}：${personName(ctx.directory, holder.userId)} → ${toName}（${transfer.reason}）`,
  });
}
