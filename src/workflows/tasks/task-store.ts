import type { Tx } from '../../db/prisma.js';
import type { Task } from '../../generated/prisma/client.js';
import { refusal } from '../../shared/errors.js';
import { hasActor, type BaseContext } from '../../kit/context.js';
import type { TransitionActor } from '../../kit/state-machine.js';
import { applyTransition } from '../../kit/transition.js';
import { lockCardsThenItem } from '../../kit/cards/close-card.js';
import { hasAnyRole, OFFICE_ROLES } from '../../kit/people.js';
import { TASK_MACHINE, type TaskEvent, type TaskState } from './task-machine.js';

export type { Task };

export const TASK_WORKFLOW_ID = 'task';

export function stateOf(task: Task): TaskState {
  return task.state as TaskState;
}

/**
 * Loads a task and locks its row for the rest of the transaction: the owner's 完成, the assigner's
 * tap and a 转交 on one task are taken one after the other.
 */
export async function lockTask(tx: Tx, orgId: string, by: { id: string } | { ref: string }): Promise<Task | undefined> {
  const rows =
    'id' in by
      ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM task WHERE org_id = ${orgId} AND id = ${by.id} FOR UPDATE`
      : await tx.$queryRaw<
          { id: string }[]
        >`SELECT id FROM task WHERE org_id = ${orgId} AND ref = ${by.ref.toUpperCase()} FOR UPDATE`;
  const id = rows[0]?.id;
  return id ? ((await tx.task.findUnique({ where: { id } })) ?? undefined) : undefined;
}

export async function lockTaskOrRefuse(tx: Tx, orgId: string, ref: string): Promise<Task> {
  const task = await lockTask(tx, orgId, { ref });
  if (!task) throw refusal('NOT_FOUND', `没有找到督办事项 ${ref.toUpperCase()}，请核对编号。`);
  return task;
}

/**
 * Locks the task's open cards, then the task (kit/cards/close-card.ts lockCardsThenItem): for every
 * path that may close cards — a 完成 closing the owner's card and withdrawing a 延期, a reason typed
 * after a tap — so it queues behind a tap on the same task instead of deadlocking with it.
 */
export async function lockTaskWithCards(
  ctx: BaseContext,
  by: { id: string } | { ref: string },
): Promise<Task | undefined> {
  const found =
    'id' in by
      ? { id: by.id }
      : await ctx.tx.task.findFirst({ where: { orgId: ctx.orgId, ref: by.ref.toUpperCase() }, select: { id: true } });
  if (!found) return undefined;
  return lockCardsThenItem(ctx, { workflow: TASK_WORKFLOW_ID, itemId: found.id }, () =>
    lockTask(ctx.tx, ctx.orgId, found),
  );
}

export async function lockTaskWithCardsOrRefuse(ctx: BaseContext, ref: string): Promise<Task> {
  const task = await lockTaskWithCards(ctx, { ref });
  if (!task) throw refusal('NOT_FOUND', `没有找到督办事项 ${ref.toUpperCase()}，请核对编号。`);
  return task;
}

/** How the actor relates to the task: its owner holds it, its assigner asked for it, the office supervises. */
export function relationsTo(ctx: BaseContext, task: Task): Set<TransitionActor> {
  const relations = new Set<TransitionActor>();
  if (!hasActor(ctx)) return relations;
  if (task.ownerId === ctx.actor.userId) relations.add('holder');
  if (task.assignerId === ctx.actor.userId) relations.add('requester');
  if (hasAnyRole(ctx.actor, OFFICE_ROLES)) relations.add('office');
  return relations;
}

type TaskChange = Partial<
  Pick<
    Task,
    | 'ownerId'
    | 'departmentId'
    | 'helperIds'
    | 'dueAt'
    | 'doneAt'
    | 'completionNote'
    | 'verifiedAt'
    | 'verifiedBy'
    | 'closingReason'
  >
>;

/**
 * Applies a named transition to a task (kit/transition.ts): compare-and-set on its state, its other
 * fields written with it, the audit record from the plan.
 */
export async function moveTask(
  ctx: BaseContext,
  task: Task,
  event: TaskEvent,
  data: TaskChange = {},
  audit: { comment?: string | null; via?: 'card' } = {},
): Promise<Task> {
  const now = ctx.clock.now();
  const to = await applyTransition(ctx, {
    machine: TASK_MACHINE,
    itemType: TASK_WORKFLOW_ID,
    itemRef: task.ref,
    current: stateOf(task),
    event,
    relations: relationsTo(ctx, task),
    update: async (from, next) =>
      (
        await ctx.tx.task.updateMany({
          where: { id: task.id, state: from },
          data: { ...data, state: next, updatedAt: now },
        })
      ).count,
    comment: audit.comment ?? null,
    ...(audit.via ? { via: audit.via } : {}),
  });
  return { ...task, ...data, state: to, updatedAt: now };
}

export async function addTaskNote(
  ctx: BaseContext,
  task: Task,
  note: { kind: 'progress' | 'completion' | 'returned'; authorId: string; text: string },
): Promise<void> {
  await ctx.tx.taskNote.create({
    data: {
      orgId: ctx.orgId,
      taskId: task.id,
      kind: note.kind,
      authorId: note.authorId,
      text: note.text,
      at: ctx.clock.now(),
    },
  });
}
