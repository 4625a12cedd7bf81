import type { TaskOffers } from '../../kit/offers.js';
import { refusal } from '../../shared/errors.js';
import { stateLabel } from '../../kit/state-machine.js';
import { createTask } from './create-task.js';
import { TASK_MACHINE, type TaskState } from './task-machine.js';
import { overdueNote } from './task-status-view.js';

/** What the task workflow does for others (kit/offers.ts): a decision or a 批示 becomes a task. */
export const taskOffers: TaskOffers = {
  async createTaskFrom(ctx, input) {
    const owner = ctx.directory.person(input.ownerId);
    const assigner = ctx.directory.person(input.assignerId);
    if (!owner) throw refusal('NOT_FOUND', `负责人 ${input.ownerId} 不在通讯录中，无法建立督办事项。`);
    if (!assigner) throw refusal('NOT_FOUND', `交办人 ${input.assignerId} 不在通讯录中，无法建立督办事项。`);
    const helpers = (input.helperIds ?? []).map((userId) => {
      const helper = ctx.directory.person(userId);
      if (!helper) throw refusal('NOT_FOUND', `协办人 ${userId} 不在通讯录中，无法建立督办事项。`);
      return helper;
    });
    const task = await createTask(ctx, {
      content: input.content,
      acceptance: input.acceptance ?? null,
      owner,
      helpers,
      assigner,
      ...(input.recordedBy ? { recordedBy: input.recordedBy } : {}),
      dueAt: input.dueAt,
      source: { kind: input.sourceKind, ref: input.sourceRef, label: input.sourceLabel },
      ...(input.secrecy ? { secrecy: input.secrecy } : {}),
    });
    return { ref: task.ref };
  },
  async tasksFrom(ctx, sourceRefs) {
    // by the links (indexed on to_ref), then the tasks by reference: no scan of every task
    const links = await ctx.tx.itemLink.findMany({
      where: { orgId: ctx.orgId, kind: 'task_from', toRef: { in: sourceRefs.map((ref) => ref.toUpperCase()) } },
      select: { fromRef: true },
    });
    const tasks = await ctx.tx.task.findMany({
      where: { orgId: ctx.orgId, ref: { in: links.map((link) => link.fromRef) } },
      orderBy: [{ createdAt: 'asc' }, { ref: 'asc' }],
    });
    return tasks.map((task) => {
      const overdue = overdueNote(ctx, task);
      return {
        ref: task.ref,
        sourceRef: task.sourceRef ?? '',
        content: task.content,
        ownerId: task.ownerId,
        departmentId: task.departmentId,
        dueAt: task.dueAt,
        standing: `${stateLabel(TASK_MACHINE, task.state)}${overdue ? `（${overdue}）` : ''}`,
        isSettled: TASK_MACHINE.states[task.state as TaskState]?.isFinal === true,
      };
    });
  },
};
