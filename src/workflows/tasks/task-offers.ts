import type { TaskOffers } from '../../kit/offers.js';
import { refusal } from '../../shared/errors.js';
import { createTask } from './create-task.js';

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
};
