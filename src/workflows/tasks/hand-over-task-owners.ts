import type { BaseContext } from '../../kit/context.js';
import { lockCardsThenItem } from '../../kit/cards/close-card.js';
import { tell } from '../../kit/notify.js';
import { personName } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import { closeWorkItems } from '../../kit/work-items.js';
import { taskLabel } from './describe-task.js';
import { closeOwnerWork, giveToOwner, openHelperWork } from './task-work.js';
import { lockTask, TASK_WORKFLOW_ID, type Task } from './task-store.js';

/** A task in these states is somebody's to do. */
const OWNED_STATES: readonly string[] = ['open', 'in_progress'];

/**
 * The tasks' part of a hand-over after the directory changed (kit/approvals/run-hand-over.ts): a
 * task whose owner has left goes to the head of its lead department — their card and 督办事项 in
 * their 我的待办 — keeping its state and deadline, and the assigner is told; helpers who left are
 * dropped. Without an active head (or when the head is the assigner) it stays, and 查询 still
 * shows it for the office to 转交. Verifications and 延期 answers are approvals: the engine's part.
 */
export async function handOverTaskOwners(ctx: BaseContext): Promise<number> {
  const owned = await ctx.tx.task.findMany({
    where: { orgId: ctx.orgId, state: { in: [...OWNED_STATES] } },
    select: { id: true, ownerId: true, helperIds: true },
    orderBy: { createdAt: 'asc' },
  });
  const isActive = (userId: string): boolean => ctx.directory.person(userId)?.isActive === true;
  let moved = 0;
  for (const candidate of owned) {
    if (isActive(candidate.ownerId) && candidate.helperIds.every(isActive)) continue;
    const task = await lockCardsThenItem(ctx, { workflow: TASK_WORKFLOW_ID, itemId: candidate.id }, () =>
      lockTask(ctx.tx, ctx.orgId, { id: candidate.id }),
    );
    if (!task || !OWNED_STATES.includes(task.state)) continue;
    if (await handOverOne(ctx, task, isActive)) moved += 1;
  }
  return moved;
}

async function handOverOne(ctx: BaseContext, task: Task, isActive: (userId: string) => boolean): Promise<boolean> {
  const helperIds = task.helperIds.filter(isActive);
  const head = ctx.directory.department(task.departmentId)?.head;
  const newOwner = isActive(task.ownerId) || !head || !isActive(head) || head === task.assignerId ? undefined : head;
  if (!newOwner && helperIds.length === task.helperIds.length) return false;
  const before = task.ownerId;
  const ownerId = newOwner ?? task.ownerId;
  const moving: Task = {
    ...task,
    ownerId,
    helperIds: helperIds.filter((helperId) => helperId !== ownerId),
    updatedAt: ctx.clock.now(),
  };
  await ctx.tx.task.update({
    where: { id: task.id },
    data: { ownerId: moving.ownerId, helperIds: moving.helperIds, updatedAt: moving.updatedAt },
  });
  await closeWorkItems(ctx, { kind: 'task_helper', itemId: task.id });
  await openHelperWork(ctx, moving, moving.helperIds);
  if (!newOwner) return true;
  await closeOwnerWork(ctx, task, 'stale', `已转交${personName(ctx.directory, newOwner)}（人员变动）`);
  await giveToOwner(ctx, moving);
  const note = `${personName(ctx.directory, before)} → ${personName(ctx.directory, newOwner)}（原负责人已不在通讯录中）`;
  await recordAudit(ctx, { itemType: TASK_WORKFLOW_ID, itemRef: task.ref, action: 'hand_over', comment: note });
  await tell(
    ctx,
    newOwner,
    `督办事项 ${taskLabel(task)}的负责人${personName(ctx.directory, before)}已不在通讯录中，现由您负责，截止时间不变。`,
  );
  await tell(
    ctx,
    task.assignerId,
    `督办事项 ${taskLabel(task)}的负责人${personName(ctx.directory, before)}已不在通讯录中，已改由部门负责人${personName(ctx.directory, newOwner)}负责。`,
  );
  return true;
}
