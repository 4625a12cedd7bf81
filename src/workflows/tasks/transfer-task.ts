import type { PersonInfo } from '../../directory/types.js';
import { lockCardsThenItem } from '../../kit/cards/close-card.js';
import type { ActorContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { closeWorkItems } from '../../kit/work-items.js';
import { hasAnyRole, OFFICE_ROLES, personName } from '../../kit/people.js';
import { refusal } from '../../shared/errors.js';
import { keptText, taskLabel } from './describe-task.js';
import { withdrawPendingExtension } from './complete-task.js';
import { requireAllowed } from './report-progress.js';
import { closeOwnerWork, giveToOwner, openHelperWork } from './task-work.js';
import { lockTaskOrRefuse, moveTask, TASK_WORKFLOW_ID } from './task-store.js';

/**
 * `转交 R5 给:@…` (spec 2.5): the owner, or the office, hands the task to someone else. The new owner
 * gets the card and the work item and starts again at 待办理; the old card closes saying to whom;
 * the assigner is told. A pending 延期 request stays with the task.
 */
export async function transferTask(
  ctx: ActorContext,
  ref: string,
  request: { to: PersonInfo; reason?: string },
): Promise<void> {
  const target = await ctx.tx.task.findFirst({
    where: { orgId: ctx.orgId, ref: ref.toUpperCase() },
    select: { id: true },
  });
  if (!target) throw refusal('NOT_FOUND', `没有找到督办事项 ${ref.toUpperCase()}，请核对编号。`);
  const task = await lockCardsThenItem(ctx, { workflow: TASK_WORKFLOW_ID, itemId: target.id }, () =>
    lockTaskOrRefuse(ctx.tx, ctx.orgId, ref),
  );
  if (task.ownerId !== ctx.actor.userId && !hasAnyRole(ctx.actor, OFFICE_ROLES))
    throw refusal('NOT_ALLOWED', `${task.ref} 只有负责人或综合办公室可以转交。`);
  requireAllowed(ctx, task, 'transfer');
  const { to } = request;
  if (!to.isActive) throw refusal('INVALID_INPUT', `${to.name}已不在通讯录中，不能转交给他。`);
  if (to.userId === task.ownerId) throw refusal('INVALID_INPUT', `${task.ref} 本来就由${to.name}负责，无需转交。`);
  if (to.userId === task.assignerId)
    throw refusal('INVALID_INPUT', `${to.name}是 ${task.ref} 的交办领导，完成后由他验收，不能同时作为负责人。`);
  const from = task.ownerId;
  const reason = request.reason ? keptText(task, request.reason) : undefined;
  await closeOwnerWork(ctx, task, 'stale', `已转交${to.name}`);
  // a 延期 asked by the old owner is theirs: withdrawn; the new owner may ask for their own
  const withdrawn = await withdrawPendingExtension(ctx, task, '负责人已变更，延期申请撤回');
  const moved = await moveTask(
    ctx,
    task,
    'transfer',
    {
      ownerId: to.userId,
      departmentId: to.departmentIds[0] ?? task.departmentId,
      helperIds: task.helperIds.filter((helperId) => helperId !== to.userId),
    },
    { comment: `${personName(ctx.directory, from)} → ${to.name}${reason ? `：${reason}` : ''}` },
  );
  // helpers' lines name the owner (and one of them may be the owner now): written again
  await closeWorkItems(ctx, { kind: 'task_helper', itemId: task.id });
  await openHelperWork(ctx, moved, moved.helperIds);
  await giveToOwner(ctx, moved);
  const why = reason ? `原因：${reason}` : '';
  await tell(
    ctx,
    to.userId,
    `${ctx.actor.name}把督办事项 ${taskLabel(task)}转交给您负责（原负责人${personName(ctx.directory, from)}）。${why}`,
  );
  const by =
    from === ctx.actor.userId
      ? `${ctx.actor.name}已把`
      : `${ctx.actor.name}已把${personName(ctx.directory, from)}负责的`;
  const note = `${by}督办事项 ${taskLabel(task)}转交给${to.name}。${why}${withdrawn ? '原负责人的延期申请已撤回。' : ''}`;
  for (const userId of new Set([from, task.assignerId, ...moved.helperIds]))
    if (userId !== ctx.actor.userId && userId !== to.userId) await tell(ctx, userId, note);
  await ctx.reply(`已把 ${task.ref} 转交给${to.name}，任务单已发给${to.name}。`);
}
