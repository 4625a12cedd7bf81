import type { BaseContext } from '../context.js';
import { lockApproval, openStepOf, type ApprovalKey } from './approval-records.js';
import { endRound } from './decide-approval.js';

/**
 * The item was withdrawn: an approval still open is cancelled, its pending holders' cards are closed
 * with `stamp` and their work items done. Returns whom it had been waiting on, to tell them. An
 * approval already decided is left as it was decided.
 */
export async function cancelApproval(ctx: BaseContext, key: ApprovalKey, stamp: string): Promise<string[]> {
  const approval = await lockApproval(ctx, key);
  if (!approval || approval.state !== 'open') return [];
  return endRound(ctx, approval, openStepOf(approval), 'cancelled', stamp);
}
