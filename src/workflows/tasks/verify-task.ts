import { cardOfQuestion, decideAfterReason } from '../../kit/cards/decide-after-reason.js';
import { decideApproval, holderIdOfCard } from '../../kit/approvals/index.js';
import { askInChat } from '../../kit/ask-in-chat.js';
import { decisionStamp } from '../../kit/cards/close-card.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import type { ActorContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { keptText, taskLabel, timeliness } from './describe-task.js';
import { verifyPresenter } from './task-approvals.js';
import { closeAllTaskWork, giveToOwner } from './task-work.js';
import {
  addTaskNote,
  lockTask,
  lockTaskWithCards,
  moveTask,
  stateOf,
  TASK_WORKFLOW_ID,
  type Task,
} from './task-store.js';

/** The task behind a verification card, still waiting for it; else the card is stale. */
async function lockForVerifyCard(ctx: ActorContext, card: CardRecord): Promise<{ task: Task; holderId: string }> {
  const task = await lockTask(ctx.tx, ctx.orgId, { id: card.itemId });
  const holderId = holderIdOfCard(card.sentForState);
  if (!task || !holderId) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  if (stateOf(task) !== 'done')
    throw refusal('CONFLICT', `${task.ref} 现在不在待验收状态，这张卡片已失效。`, { isCardStale: true });
  return { task, holderId };
}

/** [验收通过]: the task is done and closed; the owner and helpers are told. */
export async function verifyFromCard(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const { task, holderId } = await lockForVerifyCard(ctx, card);
  const now = ctx.clock.now();
  await decideApproval(ctx, holderId, 'approve', null, verifyPresenter(ctx, task), { stamp: '验收通过' });
  const result = timeliness(ctx, task, task.doneAt ?? now);
  await moveTask(
    ctx,
    task,
    'verify',
    { verifiedAt: now, verifiedBy: ctx.actor.userId },
    { comment: `${result}完成`, via: 'card' },
  );
  await closeAllTaskWork(ctx, task);
  for (const userId of [task.ownerId, ...task.helperIds])
    await tell(ctx, userId, `督办事项 ${taskLabel(task)}已由${ctx.actor.name}验收通过，办结（${result}完成）。`);
  return { kind: 'applied', resultText: decisionStamp('验收通过', ctx.actor.name, now, ctx.timezone) };
}

/** [退回]: the reason is asked in chat; the task goes back only once it arrives (spec 2.6). */
export async function askSendBackReason(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const { task } = await lockForVerifyCard(ctx, card);
  await askInChat(ctx, {
    workflow: TASK_WORKFLOW_ID,
    continuation: 'send_back',
    context: { taskId: card.taskId, itemId: task.id },
    question: `退回 ${taskLabel(task)}的原因是什么？还差什么？`,
    hint: '原因会转告负责人，事项回到办理中。请直接回复；回复「取消」放弃退回。',
    reminder: `退回 ${task.ref} 的原因还在等您回复。请直接回复原因，或回复「取消」放弃退回。`,
    abandonedNote: `已放弃退回，${task.ref} 仍在等您验收。`,
  });
  return { kind: 'awaiting_reason' };
}

export async function sendBackWithReason(
  ctx: ActorContext,
  context: Record<string, string>,
  reason: string | undefined,
): Promise<void> {
  const card = await cardOfQuestion(ctx, context);
  const task = card ? await lockTaskWithCards(ctx, { id: card.itemId }) : undefined;
  const holderId = card ? holderIdOfCard(card.sentForState) : undefined;
  if (!card || !task || !holderId || !reason)
    throw refusal('NOT_FOUND', '退回没有生效：找不到这项督办事项或它的卡片。发送「我的待办」查看待处理事项。');
  if (stateOf(task) !== 'done') throw refusal('CONFLICT', `退回没有生效：${task.ref} 已不在待验收状态。`);
  const kept = keptText(task, reason);
  await decideAfterReason('退回没有生效：', () =>
    decideApproval(ctx, holderId, 'return', kept, verifyPresenter(ctx, task)),
  );
  const reopened = await moveTask(
    ctx,
    task,
    'send_back',
    { doneAt: null, completionNote: null },
    { comment: kept, via: 'card' },
  );
  await addTaskNote(ctx, task, { kind: 'returned', authorId: ctx.actor.userId, text: kept });
  await giveToOwner(ctx, reopened, { by: ctx.actor.name, reason: kept });
  // the card shows the reason's first words; the owner reads all of it here
  await tell(ctx, task.ownerId, `${ctx.actor.name}退回了督办事项 ${taskLabel(task)}，请继续办理。\n原因：${kept}`);
  await ctx.reply(`已退回 ${task.ref}，原因已转告负责人，事项回到办理中。`);
}
