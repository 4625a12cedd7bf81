import { TASK_ACTIONS, taskOwnerCard } from '../../../cards/index.js';
import { closeItemCards } from '../../kit/cards/close-card.js';
import { sendCard } from '../../kit/cards/send-card.js';
import type { BaseContext } from '../../kit/context.js';
import { personName } from '../../kit/people.js';
import { closeWorkItems, openWorkItem, type WorkItemFacts } from '../../kit/work-items.js';
import { departmentName, taskCardFacts, taskSecrecy, taskSubject } from './describe-task.js';
import { TASK_WORKFLOW_ID, type Task } from './task-store.js';

/** The owner's card is sent for the task being theirs to do; a tap counts while it still is. */
export const OWNER_CARD_STATE = 'owner';

export { TASK_ACTIONS };

function workItemFacts(ctx: BaseContext, task: Task, action: string): WorkItemFacts {
  return {
    action,
    requester: `${personName(ctx.directory, task.assignerId)}交办`,
    subject: taskSubject(task),
    submittedAt: task.createdAt,
  };
}

/**
 * The task is the owner's to do: their card (with the assigner's reason after a 退回) and
 * 「督办事项」 in their 我的待办, due at the agreed deadline.
 */
export async function giveToOwner(
  ctx: BaseContext,
  task: Task,
  returned?: { by: string; reason: string },
): Promise<void> {
  await sendCard(ctx, {
    toUserId: task.ownerId,
    workflow: TASK_WORKFLOW_ID,
    itemId: task.id,
    itemRef: task.ref,
    sentForState: OWNER_CARD_STATE,
    card: taskOwnerCard(taskCardFacts(ctx, task), returned),
    ...secrecyOf(ctx, task),
  });
  await openOwnerWork(ctx, task);
}

export async function openOwnerWork(ctx: BaseContext, task: Task): Promise<void> {
  await openWorkItem(ctx, {
    ...workItemFacts(ctx, task, '督办事项'),
    workflow: TASK_WORKFLOW_ID,
    itemId: task.id,
    itemRef: task.ref,
    kind: 'task',
    sourceId: task.id,
    holderId: task.ownerId,
    dueAt: task.dueAt,
  });
}

/** Helpers (协办) see the task in 我的待办 as helpers, without a due of their own. */
export async function openHelperWork(ctx: BaseContext, task: Task, helperIds: readonly string[]): Promise<void> {
  for (const helperId of helperIds)
    await openWorkItem(ctx, {
      ...workItemFacts(ctx, task, `协办（负责人${personName(ctx.directory, task.ownerId)}）`),
      workflow: TASK_WORKFLOW_ID,
      itemId: task.id,
      itemRef: task.ref,
      kind: 'task_helper',
      sourceId: `${task.id}:${helperId}`,
      holderId: helperId,
      role: 'helper',
    });
}

/** The owner's part is over for now (reported done, handed on, cancelled): card answered, work item done. */
export async function closeOwnerWork(ctx: BaseContext, task: Task, status: 'answered' | 'stale', stamp: string) {
  await closeWorkItems(ctx, { kind: 'task', sourceId: task.id });
  await closeItemCards(ctx, { workflow: TASK_WORKFLOW_ID, itemId: task.id, sentFor: OWNER_CARD_STATE }, status, stamp);
}

/** Moves the owner's open work item to the new deadline after an agreed 延期. */
export async function moveOwnerDue(ctx: BaseContext, task: Task, dueAt: Date): Promise<void> {
  await ctx.tx.workItem.updateMany({
    where: { orgId: ctx.orgId, kind: 'task', sourceId: task.id, doneAt: null },
    data: { dueAt },
  });
}

/** Every work item of the task closed (verified, cancelled). */
export async function closeAllTaskWork(ctx: BaseContext, task: Task): Promise<void> {
  await closeWorkItems(ctx, { workflow: TASK_WORKFLOW_ID, itemId: task.id });
}

export function secrecyOf(ctx: BaseContext, task: Task): { secrecy?: NonNullable<ReturnType<typeof taskSecrecy>> } {
  const secrecy = taskSecrecy(ctx, task);
  return secrecy ? { secrecy } : {};
}

/** 「李华（教务处）」 */
export function ownerLabel(ctx: BaseContext, task: Task): string {
  return `${personName(ctx.directory, task.ownerId)}（${departmentName(ctx.directory, task.departmentId)}）`;
}
