import { sealApprovalCard, sealKeeperCard } from '../../../cards/index.js';
import type { SealInfo } from '../../directory/types.js';
import { approvalsGiven, type ApprovalKey, type ApprovalPresenter, type StepSpec } from '../../kit/approvals/index.js';
import { closeItemCards } from '../../kit/cards/close-card.js';
import { sendCard } from '../../kit/cards/send-card.js';
import type { BaseContext } from '../../kit/context.js';
import { shortTime } from '../../kit/format-time.js';
import { personName } from '../../kit/people.js';
import { closeWorkItems, openWorkItem, type WorkItemFacts } from '../../kit/work-items.js';
import { sealCardFacts, applicantLabel, sealRequestSubject } from './describe-seal-request.js';
import { KEEPER_CARD_STATE } from './seal-machine.js';
import { SEAL_WORKFLOW_ID, type SealRequest } from './seal-request-store.js';

export function sealApprovalKey(request: Pick<SealRequest, 'id'>): ApprovalKey {
  return { workflow: SEAL_WORKFLOW_ID, itemId: request.id };
}

/**
 * The seal's approval as the org file gives it (spec 2.3): one step per entry; a `role:` entry is
 * any one of the people with that role (each gets the card; the first decision counts).
 */
export function sealApprovalSteps(seal: Pick<SealInfo, 'approval'>): StepSpec[] {
  return seal.approval.map((rule) => ({ rules: [rule] }));
}

function workItemFacts(ctx: BaseContext, request: SealRequest, action: string): WorkItemFacts {
  return {
    action,
    requester: applicantLabel(ctx.directory, request),
    subject: sealRequestSubject(request),
    submittedAt: request.createdAt,
    plannedAt: request.plannedAt,
  };
}

/**
 * How a request's approval reaches its holders: the approval card, 「用印审批」 in 我的待办, due at
 * the planned use time when one was given (spec 3.1).
 */
export function sealPresenter(ctx: BaseContext, request: SealRequest): ApprovalPresenter {
  return {
    card: (step) =>
      sealApprovalCard(
        {
          ...sealCardFacts(request, ctx.directory, ctx.timezone),
          approvalsSoFar: step.approvals.map(
            (approval) => `${personName(ctx.directory, approval.userId)} ${shortTime(approval.at, ctx.timezone)}`,
          ),
        },
        { number: step.number, total: step.total, name: step.name },
      ),
    workItem: workItemFacts(ctx, request, '用印审批'),
    dueAt: request.plannedAt,
  };
}

/** The approved request goes to the keeper: their card, and 「待用印」 in their 我的待办. */
export async function giveToKeeper(ctx: BaseContext, request: SealRequest, approvalsSoFar: string[]): Promise<void> {
  await sendCard(ctx, {
    toUserId: request.keeperId,
    workflow: SEAL_WORKFLOW_ID,
    itemId: request.id,
    itemRef: request.ref,
    sentForState: KEEPER_CARD_STATE,
    card: sealKeeperCard({ ...sealCardFacts(request, ctx.directory, ctx.timezone), approvalsSoFar }),
  });
  await openKeeperWork(ctx, request);
}

/** 「待用印」 for the keeper (again after a suspended seal is restored). */
export async function openKeeperWork(ctx: BaseContext, request: SealRequest): Promise<void> {
  await openWorkItem(ctx, {
    ...workItemFacts(ctx, request, '待用印'),
    workflow: SEAL_WORKFLOW_ID,
    itemId: request.id,
    itemRef: request.ref,
    kind: 'seal_use',
    sourceId: request.id,
    holderId: request.keeperId,
    dueAt: request.plannedAt,
  });
}

/** The keeper's part is over (stamped, cannot stamp, withdrawn): cards answered with `stamp`, work item done. */
export async function closeKeeperWork(
  ctx: BaseContext,
  request: SealRequest,
  status: 'answered' | 'stale',
  stamp: string,
): Promise<void> {
  await closeWorkItems(ctx, { kind: 'seal_use', sourceId: request.id });
  await closeItemCards(
    ctx,
    { workflow: SEAL_WORKFLOW_ID, itemId: request.id, sentFor: KEEPER_CARD_STATE },
    status,
    stamp,
  );
}

/** Approvals so far as the keeper's card shows them: 「李华 11-22 10:31」. */
export async function approvalsSoFar(ctx: BaseContext, request: SealRequest): Promise<string[]> {
  const given = await approvalsGiven(ctx, sealApprovalKey(request));
  return given.map(
    (approval) => `${personName(ctx.directory, approval.userId)} ${shortTime(approval.at, ctx.timezone)}`,
  );
}
