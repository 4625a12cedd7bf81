import { cancelApproval, findApproval, openApproval, resubmitApproval } from '../../kit/approvals/index.js';
import { askInChat } from '../../kit/ask-in-chat.js';
import { decisionStamp } from '../../kit/cards/close-card.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand } from '../../kit/define-command.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { personName } from '../../kit/people.js';
import { keptText, taskLabel, timeliness } from './describe-task.js';
import { requireAllowed, requireOwner } from './report-progress.js';
import { assignerStep, extensionKey, ownerAsRequester, verifyKey, verifyPresenter } from './task-approvals.js';
import { closeOwnerWork } from './task-work.js';
import {
  addTaskNote,
  lockTask,
  lockTaskWithCards,
  lockTaskWithCardsOrRefuse,
  moveTask,
  TASK_WORKFLOW_ID,
  type Task,
} from './task-store.js';

/**
 * The owner reports the task done: it waits for the assigner's verification (a card [验收通过]
 * [退回]); a 延期 request still open is withdrawn, since it no longer matters.
 */
async function completeTask(
  ctx: ActorContext,
  task: Task,
  note: string | undefined,
  via: 'command' | 'card',
): Promise<Task> {
  requireOwner(ctx, task, '报告完成');
  requireAllowed(ctx, task, 'complete');
  const now = ctx.clock.now();
  if (note) note = keptText(task, note);
  await withdrawPendingExtension(ctx, task, '事项已报告完成，延期申请撤回');
  const done = await moveTask(
    ctx,
    task,
    'complete',
    { doneAt: now, completionNote: note ?? null },
    { comment: note ?? null, ...(via === 'card' ? { via } : {}) },
  );
  if (note) await addTaskNote(ctx, task, { kind: 'completion', authorId: ctx.actor.userId, text: note });
  await closeOwnerWork(ctx, task, 'answered', decisionStamp('已完成', ctx.actor.name, now, ctx.timezone));
  const steps = assignerStep(task, '交办领导验收');
  const existing = await findApproval(ctx, verifyKey(task));
  if (existing)
    await resubmitApproval(ctx, verifyKey(task), ownerAsRequester(ctx, done), steps, verifyPresenter(ctx, done));
  else
    await openApproval(
      ctx,
      { ...verifyKey(task), itemRef: task.ref, requester: ownerAsRequester(ctx, done), steps },
      verifyPresenter(ctx, done),
    );
  return done;
}

/** A 延期 request still open no longer matters (the task is done, or has a new owner): withdrawn, its card closed. */
export async function withdrawPendingExtension(ctx: ActorContext, task: Task, stamp: string): Promise<boolean> {
  const pending = await ctx.tx.taskExtension.findFirst({ where: { taskId: task.id, state: 'pending' } });
  if (!pending) return false;
  await ctx.tx.taskExtension.update({ where: { id: pending.id }, data: { state: 'withdrawn' } });
  await cancelApproval(ctx, extensionKey(task, pending.seq), stamp);
  return true;
}

function completedReply(ctx: ActorContext, task: Task): string {
  return `已报告 ${task.ref} 完成（${timeliness(ctx, task, task.doneAt!)}），已请${personName(ctx.directory, task.assignerId)}验收。`;
}

/** `完成 R5 [说明]`. */
export const completeTaskCommand = defineCommand({
  spec: {
    keyword: '完成',
    aliases: ['办结督办'],
    summary: '负责人报告督办事项已完成，请交办领导验收',
    example: '完成 R5 安排表已经校务会通过并印发',
    ref: { prefixes: ['R'], required: true, question: '哪一项督办事项完成了？' },
    freeText: 'optional',
  },
  fields: {},
  async execute(ctx, { ref, freeText }) {
    const task = await lockTaskWithCardsOrRefuse(ctx, ref);
    const done = await completeTask(ctx, task, freeText.trim() || undefined, 'command');
    await ctx.reply(completedReply(ctx, done));
  },
});

/** [已完成] on the owner's card: asks how it was done (跳过 allowed), then reports it. */
export async function askCompletionNote(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const task = await lockTask(ctx.tx, ctx.orgId, { id: card.itemId });
  if (!task) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  requireOwner(ctx, task, '报告完成');
  requireAllowed(ctx, task, 'complete');
  await askInChat(ctx, {
    workflow: TASK_WORKFLOW_ID,
    continuation: 'complete',
    context: { taskId: card.taskId, itemId: task.id },
    question: `${taskLabel(task)}完成得怎么样？请简要说明，会转给交办领导验收。`,
    isSkippable: true,
    reminder: `${task.ref} 的完成说明还在等您回复。请直接回复，回复「跳过」不写说明，或回复「取消」放弃。`,
    abandonedNote: `已放弃，${task.ref} 仍在办理中。`,
  });
  return { kind: 'awaiting_reason' };
}

export async function completeWithNote(
  ctx: ActorContext,
  context: Record<string, string>,
  note: string | undefined,
): Promise<void> {
  const task = await lockTaskWithCards(ctx, { id: context.itemId ?? '' });
  if (!task) throw refusal('NOT_FOUND', '没有生效：找不到这项督办事项。发送「我的待办」查看待处理事项。');
  const done = await completeTask(ctx, task, note?.trim() || undefined, 'card');
  await ctx.reply(completedReply(ctx, done));
}
