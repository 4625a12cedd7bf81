import { sendCard } from '../cards/send-card.js';
import type { BaseContext } from '../context.js';
import { openWorkItem } from '../work-items.js';
import { holderCardState, type ApprovalRecord, type HolderRecord, type StepRecord } from './approval-records.js';
import { stepFacts, type ApprovalPresenter } from './approval-presenter.js';

/**
 * A holder of an open step gets their card (and what goes beside it) and a work item (kind approval,
 * since now, due as the workflow says), in the caller's transaction: an open step and what waits on
 * whom never disagree.
 */
export async function giveStepToHolder(
  ctx: BaseContext,
  approval: ApprovalRecord,
  step: StepRecord,
  holder: Pick<HolderRecord, 'id' | 'userId'>,
  present: ApprovalPresenter,
): Promise<void> {
  const facts = stepFacts(approval, step);
  await sendCard(ctx, {
    toUserId: holder.userId,
    workflow: approval.workflow,
    itemId: approval.itemId,
    itemRef: approval.itemRef,
    sentForState: holderCardState(holder.id),
    card: present.card(facts, holder.userId),
    ...(present.secrecy ? { secrecy: present.secrecy } : {}),
  });
  await present.besideCard?.(ctx, holder.userId);
  await openWorkItem(ctx, {
    ...(present.workItemFor?.(facts) ?? present.workItem),
    workflow: approval.workflow,
    itemId: approval.itemId,
    itemRef: approval.itemRef,
    kind: 'approval',
    sourceId: holder.id,
    holderId: holder.userId,
    dueAt: present.dueAt ?? null,
  });
}
