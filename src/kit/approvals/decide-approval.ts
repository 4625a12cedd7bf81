import type { ApprovalHolderState } from '../../db/row-states.js';
import { refusal } from '../../shared/errors.js';
import { decisionStamp } from '../cards/close-card.js';
import type { ActorContext, BaseContext } from '../context.js';
import { personName } from '../people.js';
import { holdersOfRule, requesterFor, type ApprovalRequester } from './approval-rules.js';
import {
  findHolder,
  lockApprovalOfHolder,
  type ApprovalRecord,
  type HolderRecord,
  type StepRecord,
} from './approval-records.js';
import { stepFacts, type ApprovalPresenter } from './approval-presenter.js';
import { releaseSlot } from './release-slot.js';
import { advanceApproval, type ApprovalProgress } from './open-approval.js';

export type Decision = 'approve' | 'return' | 'reject';

const DECIDED: Record<Decision, { state: ApprovalHolderState; verb: string }> = {
  approve: { state: 'approved', verb: '同意' },
  return: { state: 'returned', verb: '退回' },
  reject: { state: 'rejected', verb: '驳回' },
};

/** The requester as the rules need them, also once they have left the directory. */
export function requesterOf(ctx: BaseContext, approval: ApprovalRecord): ApprovalRequester {
  return requesterFor(ctx.directory, approval.requesterId, approval.departmentId);
}

/**
 * May `userId` act for this holder? The holder themself, or whoever holds the holder's rule today:
 * the department's new head before the hand-over has run, another member of the office on a
 * `role:office` step (spec 2.6: a card may be answered by whoever holds that step now).
 */
export function mayActFor(ctx: BaseContext, approval: ApprovalRecord, holder: HolderRecord, userId: string): boolean {
  if (holder.userId === userId) return true;
  if (approval.requesterId === userId) return false;
  return holdersOfRule(holder.rule, requesterOf(ctx, approval), ctx.directory).includes(userId);
}

/**
 * Why a holder's card no longer asks anything, in words for the person who tapped it (who decided
 * an any-of step, that the request was withdrawn); undefined while it still does.
 */
export function whyNotPending(
  ctx: BaseContext,
  approval: ApprovalRecord | undefined,
  holderId: string,
): string | undefined {
  if (!approval) return '这项审批已不存在。';
  const found = findHolder(approval, holderId);
  const ref = approval.itemRef;
  if (!found) return `${ref} 已重新提交，这张卡片是上一轮的，已失效。`;
  const { step, holder } = found;
  if (holder.state === 'pending' && step.state === 'open' && approval.state === 'open') return undefined;
  if (holder.state === 'handed_over') return `${ref} 的这一步已转交给他人处理，这张卡片已失效。`;
  if (holder.state === 'approved' || holder.state === 'rejected' || holder.state === 'returned')
    return `${ref} 的这一步已经处理过（${DECIDED_LABEL[holder.state]}）。`;
  const decider = step.holders.find(
    (other) => other.state !== 'pending' && other.state !== 'closed' && other.state !== 'handed_over',
  );
  if (decider)
    return `${ref} 的这一步已由${personName(ctx.directory, decider.decidedBy ?? decider.userId)}${DECIDED_LABEL[decider.state as keyof typeof DECIDED_LABEL]}，无需您再处理。`;
  const ended: Record<string, string> = {
    cancelled: '已撤回',
    rejected: '已驳回',
    returned: '已退回修改',
    approved: '审批已完成',
  };
  return `${ref} ${ended[approval.state] ?? '已不在这一步审批'}，这张卡片已失效。`;
}

const DECIDED_LABEL = { approved: '同意', rejected: '驳回', returned: '退回' } as const;

/**
 * One holder's decision on an open step — compare-and-set from pending, so of two taps (or two
 * processes) one wins — and what follows: an any-of step closes its other holders' cards saying who
 * decided; a parallel step waits for every holder; an approved step opens the next; a return or a
 * rejection ends the round and closes every other card of the step. The decider's own card is
 * answered with the stamp. The workflow has locked its item; its transition and audit follow from
 * the progress returned.
 */
export async function decideApproval(
  ctx: ActorContext,
  holderId: string,
  decision: Decision,
  comment: string | null,
  present: ApprovalPresenter,
  /** what the decider's card says in place of its buttons, when not 已同意/已退回/已驳回 (验收通过) */
  shown?: { stamp: string },
): Promise<{ progress: ApprovalProgress; decided: ReturnType<typeof stepFacts> }> {
  const approval = await lockApprovalOfHolder(ctx, holderId);
  const stale = whyNotPending(ctx, approval, holderId);
  if (stale || !approval) throw refusal('CONFLICT', stale ?? '这项审批已不存在。', { isCardStale: true });
  const { step, holder } = findHolder(approval, holderId)!;
  if (!mayActFor(ctx, approval, holder, ctx.actor.userId))
    throw refusal(
      'NOT_ALLOWED',
      `${approval.itemRef} 的这一步由${personName(ctx.directory, holder.userId)}处理，您不能代为操作。`,
    );
  if (decision === 'reject' && !comment) throw refusal('INVALID_INPUT', '驳回需要写明原因。');

  const now = ctx.clock.now();
  const { state, verb } = DECIDED[decision];
  await releaseSlot(ctx, approval, holder, {
    to: { state, decidedBy: ctx.actor.userId, comment },
    card: { status: 'answered', stamp: decisionStamp(shown?.stamp ?? `已${verb}`, ctx.actor.name, now, ctx.timezone) },
  });
  const decidedHolder = { ...holder, state, decidedAt: now, decidedBy: ctx.actor.userId, comment };
  const decidedStep: StepRecord = {
    ...step,
    holders: step.holders.map((each) => (each.id === holder.id ? decidedHolder : each)),
  };
  const updated: ApprovalRecord = {
    ...approval,
    steps: approval.steps.map((each) => (each.id === step.id ? decidedStep : each)),
  };
  const decided = stepFacts(updated, decidedStep);

  if (decision !== 'approve') {
    await endRound(
      ctx,
      updated,
      decidedStep,
      decision === 'return' ? 'returned' : 'rejected',
      `已由${ctx.actor.name}${verb}`,
    );
    return {
      progress: {
        outcome: decision === 'return' ? 'returned' : 'rejected',
        step: decided,
        decidedBy: ctx.actor.userId,
        comment,
      },
      decided,
    };
  }

  const stillPending = decidedStep.holders.filter((each) => each.state === 'pending');
  if (decidedStep.mode === 'parallel' && stillPending.length > 0) {
    return {
      progress: {
        outcome: 'waiting',
        step: decided,
        waitingOn: stillPending.map((each) => each.userId),
        isNewStep: false,
      },
      decided,
    };
  }
  await closeOtherHolders(ctx, updated, decidedStep, `已由${ctx.actor.name}${verb}`);
  await ctx.tx.approvalStep.update({ where: { id: step.id }, data: { state: 'approved', decidedAt: now } });
  await ctx.tx.approval.update({ where: { id: approval.id }, data: { updatedAt: now } });
  const afterStep: ApprovalRecord = {
    ...updated,
    steps: updated.steps.map((each) =>
      each.id === step.id ? { ...decidedStep, state: 'approved' as const, decidedAt: now } : each,
    ),
  };
  return { progress: await advanceApproval(ctx, afterStep, present), decided };
}

/** A step's holders who had not decided: closed, their cards closed with `stamp`, their work items done. */
export async function closeOtherHolders(
  ctx: BaseContext,
  approval: ApprovalRecord,
  step: StepRecord,
  stamp: string,
): Promise<string[]> {
  const closed: string[] = [];
  for (const other of step.holders.filter((each) => each.state === 'pending')) {
    await releaseSlot(ctx, approval, other, { to: { state: 'closed' }, card: { status: 'stale', stamp } });
    closed.push(other.userId);
  }
  return closed;
}

/**
 * Ends the current round: the open step as `state`, the approval too, the steps not reached
 * cancelled, every holder still pending closed with `stamp`. Returns whom it closed.
 */
export async function endRound(
  ctx: BaseContext,
  approval: ApprovalRecord,
  step: StepRecord | undefined,
  state: 'returned' | 'rejected' | 'cancelled',
  stamp: string,
): Promise<string[]> {
  const now = ctx.clock.now();
  const closed: string[] = [];
  for (const each of approval.steps) closed.push(...(await closeOtherHolders(ctx, approval, each, stamp)));
  if (step) await ctx.tx.approvalStep.update({ where: { id: step.id }, data: { state, decidedAt: now } });
  await ctx.tx.approvalStep.updateMany({
    where: { approvalId: approval.id, round: approval.round, state: { in: ['waiting', 'open'] } },
    data: { state: 'cancelled' },
  });
  await ctx.tx.approval.update({ where: { id: approval.id }, data: { state, updatedAt: now } });
  return closed;
}
