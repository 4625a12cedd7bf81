import { randomUUID } from 'node:crypto';
import { AppError, refusal } from '../../shared/errors.js';
import type { BaseContext } from '../context.js';
import { personName } from '../people.js';
import type { ApprovalRequester } from './approval-rules.js';
import { lockApproval, type ApprovalKey, type ApprovalRecord } from './approval-records.js';
import { stepFacts, type ApprovalPresenter, type StepFacts } from './approval-presenter.js';
import { giveStepToHolder } from './hold-step.js';
import { planApproval, requireResolved, type GivenApproval, type PlannedStep, type StepSpec } from './plan-approval.js';

/** Where an approval stands after something happened to it. */
export type ApprovalProgress =
  /** a step is open: `waitingOn` hold it; `isNewStep` when it opened just now */
  | { outcome: 'waiting'; step: StepFacts; waitingOn: string[]; isNewStep: boolean }
  /** every step approved (or nothing to approve): the workflow moves on */
  | { outcome: 'approved' }
  /** a holder returned (退回) or rejected it: the round is over */
  | { outcome: 'returned' | 'rejected'; step: StepFacts; decidedBy: string; comment: string | null };

export interface NewApproval extends ApprovalKey {
  itemRef: string;
  requester: ApprovalRequester;
  steps: readonly StepSpec[];
  /** approvals given elsewhere that count here */
  given?: readonly GivenApproval[];
}

/**
 * Plans an item's approval from today's directory and opens its first step (cards and work items
 * for its holders), in the caller's transaction. A step nobody holds is refused, never skipped.
 * Returns the plan too, so the workflow can tell the requester the route.
 */
export async function openApproval(
  ctx: BaseContext,
  request: NewApproval,
  present: ApprovalPresenter,
): Promise<{ progress: ApprovalProgress; route: PlannedStep[] }> {
  const plan = requireResolved(planApproval(request.steps, request.requester, ctx.directory, request.given));
  const id = randomUUID();
  const now = ctx.clock.now();
  await ctx.tx.approval.create({
    data: {
      id,
      orgId: ctx.orgId,
      workflow: request.workflow,
      itemId: request.itemId,
      itemRef: request.itemRef,
      purpose: request.purpose ?? 'main',
      requesterId: request.requester.person.userId,
      departmentId: request.requester.departmentId,
      round: 1,
      state: 'open',
      createdAt: now,
      updatedAt: now,
    },
  });
  await insertRound(ctx, id, 1, plan);
  const approval = (await lockApproval(ctx, request))!;
  return { progress: await advanceApproval(ctx, approval, present), route: plan };
}

/**
 * After a return (退回): the next round, planned again from today's directory, with fresh cards;
 * the old round's cards were closed when it ended.
 */
export async function resubmitApproval(
  ctx: BaseContext,
  key: ApprovalKey,
  requester: ApprovalRequester,
  steps: readonly StepSpec[],
  present: ApprovalPresenter,
): Promise<{ progress: ApprovalProgress; route: PlannedStep[] }> {
  const approval = await lockApproval(ctx, key);
  if (!approval) throw new AppError('NOT_FOUND', `no approval for ${key.workflow} ${key.itemId}`);
  if (approval.state !== 'returned') throw refusal('CONFLICT', `${approval.itemRef} 没有被退回，不需要重新提交。`);
  const plan = requireResolved(planApproval(steps, requester, ctx.directory));
  const round = approval.round + 1;
  await ctx.tx.approval.update({
    where: { id: approval.id },
    data: { round, state: 'open', updatedAt: ctx.clock.now() },
  });
  await insertRound(ctx, approval.id, round, plan);
  const reloaded = (await lockApproval(ctx, key))!;
  return { progress: await advanceApproval(ctx, reloaded, present), route: plan };
}

async function insertRound(ctx: BaseContext, approvalId: string, round: number, plan: PlannedStep[]): Promise<void> {
  for (const [position, planned] of plan.entries()) {
    const stepId = randomUUID();
    const givenAt = planned.isGiven ? planned.holders.find((holder) => holder.given)!.given!.at : null;
    await ctx.tx.approvalStep.create({
      data: {
        id: stepId,
        approvalId,
        round,
        position,
        mode: planned.mode,
        rule: planned.rules.join(','),
        name: planned.name,
        state: planned.isGiven ? 'given' : 'waiting',
        openedAt: givenAt,
        decidedAt: givenAt,
      },
    });
    await ctx.tx.approvalHolder.createMany({
      data: planned.holders.map((holder) => ({
        orgId: ctx.orgId,
        stepId,
        userId: holder.userId,
        rule: holder.rule,
        // an any-of step given by one holder needs nobody else
        state: holder.given ? 'approved' : planned.isGiven ? 'closed' : 'pending',
        decidedAt: holder.given?.at ?? null,
        decidedBy: holder.given ? holder.userId : null,
        comment: holder.given?.note ?? null,
      })),
    });
  }
}

/**
 * Opens the round's next waiting step and gives it to its holders; with no step left, the approval
 * is approved. Called when an approval opens and whenever a step is approved.
 */
export async function advanceApproval(
  ctx: BaseContext,
  approval: ApprovalRecord,
  present: ApprovalPresenter,
): Promise<ApprovalProgress> {
  const now = ctx.clock.now();
  const next = approval.steps.find((step) => step.state === 'waiting');
  if (!next) {
    await ctx.tx.approval.update({ where: { id: approval.id }, data: { state: 'approved', updatedAt: now } });
    return { outcome: 'approved' };
  }
  await ctx.tx.approvalStep.update({ where: { id: next.id }, data: { state: 'open', openedAt: now } });
  const opened = { ...next, state: 'open' as const, openedAt: now };
  const pending = opened.holders.filter((holder) => holder.state === 'pending');
  for (const holder of pending) await giveStepToHolder(ctx, approval, opened, holder, present);
  return {
    outcome: 'waiting',
    step: stepFacts(approval, opened),
    waitingOn: pending.map((holder) => holder.userId),
    isNewStep: true,
  };
}

/** `王芳（部门负责人） → 赵立（分管校领导）`: the route as the requester is told it. */
export function describeRoute(ctx: BaseContext, route: readonly PlannedStep[]): string {
  return route
    .map((step) => {
      const names = step.holders.map((holder) => personName(ctx.directory, holder.userId));
      const who = step.mode === 'any_of' ? names.join('或') : names.join('、');
      return `${who}（${step.name}${step.isGiven ? '，已同意' : ''}）`;
    })
    .join(' → ');
}
