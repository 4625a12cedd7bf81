import { cancelApproval } from '../../kit/approvals/index.js';
import { closeItemCards, lockCardsThenItem } from '../../kit/cards/close-card.js';
import type { ActorContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { hasAnyRole, OFFICE_ROLES, personName } from '../../kit/people.js';
import { planTransition } from '../../kit/state-machine.js';
import { refusal } from '../../shared/errors.js';
import { keptText, taskLabel } from './describe-task.js';
import { extensionKey, verifyKey } from './task-approvals.js';
import { TASK_MACHINE } from './task-machine.js';
import { closeAllTaskWork } from './task-work.js';
import { lockTaskOrRefuse, moveTask, relationsTo, stateOf, TASK_WORKFLOW_ID, type Task } from './task-store.js';

/** The assigner withdraws a task; so may whoever recorded it for them (the office typing it in). */
function mayWithdraw(ctx: ActorContext, task: Task): void {
  // the office typing a leader's task in may withdraw its own mistake; a meeting's recorder may not
  const isOfficeRecorder = task.recordedBy === ctx.actor.userId && hasAnyRole(ctx.actor, OFFICE_ROLES);
  if (task.assignerId !== ctx.actor.userId && !isOfficeRecorder)
    throw refusal('NOT_ALLOWED', `${task.ref} 只能由交办领导${personName(ctx.directory, task.assignerId)}撤销。`);
}

/** Asked before the reason is: no such task, not the assigner, or a state that cannot be withdrawn. */
export async function mayTaskBeCancelled(ctx: ActorContext, ref: string): Promise<{ standing: string }> {
  const task = await ctx.tx.task.findFirst({ where: { orgId: ctx.orgId, ref: ref.toUpperCase() } });
  if (!task) throw refusal('NOT_FOUND', `没有找到督办事项 ${ref.toUpperCase()}，请核对编号。`);
  mayWithdraw(ctx, task);
  const plan = planTransition(TASK_MACHINE, stateOf(task), 'cancel', task.ref, relationsTo(ctx, task));
  if (!plan.isAllowed) throw refusal('CONFLICT', plan.reason);
  return { standing: `${task.ref} 仍在督办中` };
}

/** `取消 R5 原因:…`: the task ends; every open card and work item on it closes; the people on it are told. */
export async function cancelTask(ctx: ActorContext, ref: string, reason: string): Promise<void> {
  const target = await ctx.tx.task.findFirst({
    where: { orgId: ctx.orgId, ref: ref.toUpperCase() },
    select: { id: true },
  });
  const task = target
    ? await lockCardsThenItem(ctx, { workflow: TASK_WORKFLOW_ID, itemId: target.id }, () =>
        lockTaskOrRefuse(ctx.tx, ctx.orgId, ref),
      )
    : await lockTaskOrRefuse(ctx.tx, ctx.orgId, ref);
  mayWithdraw(ctx, task);
  reason = keptText(task, reason);
  await moveTask(ctx, task, 'cancel', { closingReason: reason }, { comment: reason });
  await cancelApproval(ctx, verifyKey(task), '督办事项已撤销');
  const pending = await ctx.tx.taskExtension.findMany({ where: { taskId: task.id, state: 'pending' } });
  for (const extension of pending) {
    await ctx.tx.taskExtension.update({ where: { id: extension.id }, data: { state: 'withdrawn' } });
    await cancelApproval(ctx, extensionKey(task, extension.seq), '督办事项已撤销');
  }
  await closeAllTaskWork(ctx, task);
  await closeItemCards(ctx, { workflow: TASK_WORKFLOW_ID, itemId: task.id }, 'stale', '督办事项已撤销');
  const told = new Set([task.ownerId, ...task.helperIds, task.assignerId]);
  told.delete(ctx.actor.userId);
  for (const userId of told)
    await tell(ctx, userId, `督办事项 ${taskLabel(task)}已由${ctx.actor.name}撤销，无需再办理。原因：${reason}`);
  await ctx.reply(`已撤销督办事项 ${taskLabel(task)}，已告知负责人${task.helperIds.length > 0 ? '和协办人' : ''}。`);
}
