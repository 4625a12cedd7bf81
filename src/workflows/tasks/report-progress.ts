import { decisionStamp } from '../../kit/cards/close-card.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand } from '../../kit/define-command.js';
import { tell } from '../../kit/notify.js';
import { planTransition } from '../../kit/state-machine.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { clip } from '../../shared/text.js';
import { keptText, taskLabel } from './describe-task.js';
import { TASK_MACHINE } from './task-machine.js';
import { addTaskNote, lockTask, lockTaskOrRefuse, moveTask, relationsTo, stateOf, type Task } from './task-store.js';

/** Only the owner reports on a task (spec 2.5); anyone else is told who does. */
export function requireOwner(ctx: ActorContext, task: Task, doing: string): void {
  if (task.ownerId !== ctx.actor.userId)
    throw refusal(
      'NOT_ALLOWED',
      `${task.ref} 的负责人是${ctx.directory.person(task.ownerId)?.name ?? task.ownerId}，只有负责人可以${doing}。`,
    );
}

/** The plan, refused in words when the task's state does not allow it (with what the actor can do). */
export function requireAllowed(ctx: ActorContext, task: Task, event: Parameters<typeof planTransition>[2]): void {
  const plan = planTransition(TASK_MACHINE, stateOf(task), event as never, task.ref, relationsTo(ctx, task));
  if (!plan.isAllowed) throw refusal('CONFLICT', plan.reason);
}

/**
 * `进展 R5 <text>`: a progress note; the first moves the task to 办理中. The assigner is told, so a
 * leader sees movement without asking.
 */
export const reportProgress = defineCommand({
  spec: {
    keyword: '进展',
    aliases: ['进度'],
    summary: '负责人报告督办事项的进展',
    example: '进展 R5 已完成初稿，周三提交校务会讨论',
    ref: { prefixes: ['R'], required: true, question: '报告哪一项督办事项的进展？' },
    freeText: 'required',
  },
  fields: {},
  async execute(ctx, { ref, freeText }) {
    const task = await lockTaskOrRefuse(ctx.tx, ctx.orgId, ref);
    requireOwner(ctx, task, '报告进展');
    const note = keptText(task, freeText.trim());
    const moved = await moveTask(ctx, task, 'report_progress', {}, { comment: note });
    await addTaskNote(ctx, task, { kind: 'progress', authorId: ctx.actor.userId, text: note });
    if (task.secrecy === '普通')
      await tell(ctx, task.assignerId, `${taskLabel(task)}进展（${ctx.actor.name}）：${clip(note, 200)}`);
    else await tell(ctx, task.assignerId, `${taskLabel(task)}有新进展（${ctx.actor.name}），请到综合办公室查阅。`);
    const started = stateOf(task) === 'open' ? `，${moved.ref} 转为「办理中」` : '';
    await ctx.reply(`已记录 ${moved.ref} 的进展${started}，并已告诉交办领导。办完后发送「完成 ${moved.ref}」。`);
  },
});

/** [开始办理] on the owner's card: the task is 办理中; the card's buttons give way to the stamp. */
export async function startFromCard(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const task = await lockTask(ctx.tx, ctx.orgId, { id: card.itemId });
  if (!task) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  requireOwner(ctx, task, '开始办理');
  if (stateOf(task) !== 'open') {
    // already started (a 进展 came first): the card stays, its [已完成] is still wanted
    if (stateOf(task) === 'in_progress')
      throw refusal('CONFLICT', `${task.ref} 已在办理中。办完后点这张卡片上的「已完成」，或发送「完成 ${task.ref}」。`);
    requireAllowed(ctx, task, 'start');
  }
  await moveTask(ctx, task, 'start', {}, { comment: '开始办理', via: 'card' });
  const stamp = decisionStamp('已开始办理', ctx.actor.name, ctx.clock.now(), ctx.timezone);
  await ctx.reply(`${task.ref} 已开始办理。有进展时发送「进展 ${task.ref} 内容」，办完后发送「完成 ${task.ref}」。`);
  return { kind: 'applied', resultText: stamp };
}
