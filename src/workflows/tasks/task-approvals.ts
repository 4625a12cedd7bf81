import { taskExtensionCard, taskVerifyCard } from '../../../cards/index.js';
import {
  requesterFor,
  type ApprovalKey,
  type ApprovalPresenter,
  type ApprovalRequester,
  type StepSpec,
} from '../../kit/approvals/index.js';
import type { BaseContext } from '../../kit/context.js';
import { shortTime } from '../../kit/format-time.js';
import { personName } from '../../kit/people.js';
import { deadlineText, taskCardFacts, taskSubject, timeliness } from './describe-task.js';
import { secrecyOf } from './task-work.js';
import { TASK_WORKFLOW_ID, type Task } from './task-store.js';
import type { TaskExtension } from '../../generated/prisma/client.js';

/**
 * A task's decisions are the engine's approvals, one step held by its assigner: the verification
 * of a 完成 (a 退回 ends the round; the next 完成 is a new round) and each 延期 request (its own
 * approval, `extension:<n>`). So 转交, hand-over and 催办 reach them with no code here.
 */
export const VERIFY_PURPOSE = 'verify';

export function verifyKey(task: Pick<Task, 'id'>): ApprovalKey {
  return { workflow: TASK_WORKFLOW_ID, itemId: task.id, purpose: VERIFY_PURPOSE };
}

export function extensionKey(task: Pick<Task, 'id'>, seq: number): ApprovalKey {
  return { workflow: TASK_WORKFLOW_ID, itemId: task.id, purpose: `extension:${seq}` };
}

export function extensionSeqOf(purpose: string): number | undefined {
  const match = /^extension:(\d+)$/.exec(purpose);
  return match ? Number(match[1]) : undefined;
}

/** The assigner decides; the owner is whose request it is. */
export function assignerStep(task: Pick<Task, 'assignerId'>, name: string): StepSpec[] {
  return [{ rules: [`user:${task.assignerId}`], name }];
}

export function ownerAsRequester(ctx: BaseContext, task: Task): ApprovalRequester {
  return requesterFor(ctx.directory, task.ownerId, task.departmentId);
}

function workItemFacts(ctx: BaseContext, task: Task, action: string) {
  return {
    action,
    requester: personName(ctx.directory, task.ownerId),
    subject: taskSubject(task),
    submittedAt: task.createdAt,
  };
}

/** The verification card [验收通过] [退回], and 「督办验收」 in the assigner's 我的待办. */
export function verifyPresenter(ctx: BaseContext, task: Task): ApprovalPresenter {
  const doneAt = task.doneAt ?? ctx.clock.now();
  return {
    card: () =>
      taskVerifyCard(taskCardFacts(ctx, task), {
        at: shortTime(doneAt, ctx.timezone),
        ...(task.completionNote ? { note: task.completionNote } : {}),
        timeliness: timeliness(ctx, task, doneAt),
      }),
    workItem: workItemFacts(ctx, task, '督办验收'),
    ...secrecyOf(ctx, task),
  };
}

/** The extension card [同意延期] [不同意], and 「延期申请」 in the assigner's 我的待办. */
export function extensionPresenter(ctx: BaseContext, task: Task, extension: TaskExtension): ApprovalPresenter {
  return {
    card: () =>
      taskExtensionCard(taskCardFacts(ctx, task), {
        from: deadlineText(extension.fromDueAt, ctx),
        to: deadlineText(extension.toDueAt, ctx),
        reason: extension.reason,
      }),
    workItem: workItemFacts(ctx, task, '延期申请'),
    // the answer is wanted before the old deadline passes
    dueAt: extension.fromDueAt,
    ...secrecyOf(ctx, task),
  };
}

/** The presenter of whichever of the task's approvals `purpose` names (hand-over and 转交 ask by purpose). */
export async function taskPresenter(ctx: BaseContext, task: Task, purpose: string): Promise<ApprovalPresenter> {
  const seq = extensionSeqOf(purpose);
  if (seq === undefined) return verifyPresenter(ctx, task);
  const extension = await ctx.tx.taskExtension.findUniqueOrThrow({ where: { taskId_seq: { taskId: task.id, seq } } });
  return extensionPresenter(ctx, task, extension);
}
