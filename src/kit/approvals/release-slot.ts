import type { ApprovalHolderState } from '../../db/row-states.js';
import { closeItemCards } from '../cards/close-card.js';
import type { BaseContext } from '../context.js';
import { closeWorkItems } from '../work-items.js';
import { holderCardState, moveHolder, type ApprovalRecord, type HolderRecord } from './approval-records.js';

/**
 * A slot stops waiting on its holder — they decided, someone else decided an any-of step, the slot
 * moved to someone else, or it waits for the office to reassign it: the holder's row leaves
 * `pending` (compare-and-set; not when `to` is omitted), their work item and any 待重新指派 items
 * for the slot are done, and their card closes with `card.stamp`.
 */
export async function releaseSlot(
  ctx: BaseContext,
  approval: ApprovalRecord,
  holder: HolderRecord,
  change: {
    to?: { state: ApprovalHolderState; decidedBy?: string | null; comment?: string | null };
    card: { status: 'answered' | 'stale'; stamp: string };
    /** false while the slot goes to the office: its 待重新指派 items are what just opened */
    endsReassignment?: boolean;
  },
): Promise<void> {
  if (change.to) await moveHolder(ctx, holder.id, 'pending', change.to);
  await closeWorkItems(ctx, { kind: 'approval', sourceId: holder.id });
  if (change.endsReassignment ?? true)
    await closeWorkItems(ctx, { kind: 'reassign', sourceId: { startsWith: `${holder.id}@` } });
  await closeItemCards(
    ctx,
    { workflow: approval.workflow, itemId: approval.itemId, sentFor: holderCardState(holder.id) },
    change.card.status,
    change.card.stamp,
  );
}
