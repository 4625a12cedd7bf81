import { cardOfQuestion, decideAfterReason } from '../../kit/cards/decide-after-reason.js';
import { randomUUID } from 'node:crypto';
import { decideApproval, holderIdOfCard, openApproval } from '../../kit/approvals/index.js';
import { askInChat } from '../../kit/ask-in-chat.js';
import { decisionStamp } from '../../kit/cards/close-card.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand, field } from '../../kit/define-command.js';
import { tell } from '../../kit/notify.js';
import { personName } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import { stateLabel } from '../../kit/state-machine.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import type { TaskExtension } from '../../generated/prisma/client.js';
import { refusal } from '../../shared/errors.js';
import { deadlineText, keptText, taskLabel } from './describe-task.js';
import { requireOwner } from './report-progress.js';
import { assignerStep, extensionKey, extensionPresenter, extensionSeqOf, ownerAsRequester } from './task-approvals.js';
import { TASK_MACHINE } from './task-machine.js';
import { moveOwnerDue } from './task-work.js';
import { lockTask, lockTaskOrRefuse, lockTaskWithCards, stateOf, TASK_WORKFLOW_ID, type Task } from './task-store.js';

/**
 * `延期 R5 至:… 原因:…` (spec 3.5): the owner asks the assigner for a later deadline. The task goes
 * on under the old one until the assigner agrees; one request at a time.
 */
export const requestExtension = defineCommand({
  spec: {
    keyword: '延期',
    summary: '负责人申请延长督办事项的截止时间，由交办领导同意',
    example: '延期 R5 至:12月10日 原因:需等区教育局的统一安排',
    ref: { prefixes: ['R'], required: true, question: '哪一项督办事项要延期？' },
    freeText: 'none',
  },
  fields: {
    至: field.datetime({
      aliases: ['延至', '新截止', '截止'],
      required: true,
      notPast: true,
      defaultTime: '18:00',
      question: '希望延到什么时候？',
    }),
    原因: field.text({ aliases: ['理由', '说明'], required: true, question: '为什么需要延期？' }),
  },
  async execute(ctx, { ref, values }) {
    const task = await lockTaskOrRefuse(ctx.tx, ctx.orgId, ref);
    requireOwner(ctx, task, '申请延期');
    const state = stateOf(task);
    if (state !== 'open' && state !== 'in_progress')
      throw refusal('CONFLICT', `${task.ref} 当前状态为「${stateLabel(TASK_MACHINE, state)}」，不能申请延期。`);
    const toDueAt = values.至.toJSDate();
    if (toDueAt.getTime() <= task.dueAt.getTime())
      throw refusal(
        'INVALID_INPUT',
        `新的截止时间要晚于现在的截止 ${deadlineText(task.dueAt, ctx)}。如已办完，请发送「完成 ${task.ref}」。`,
      );
    const extensions = await ctx.tx.taskExtension.findMany({ where: { taskId: task.id }, orderBy: { seq: 'asc' } });
    if (extensions.some((extension) => extension.state === 'pending'))
      throw refusal(
        'CONFLICT',
        `${task.ref} 已有一项延期申请在等${personName(ctx.directory, task.assignerId)}答复，请等答复后再申请。`,
      );
    const extension = await ctx.tx.taskExtension.create({
      data: {
        id: randomUUID(),
        orgId: ctx.orgId,
        taskId: task.id,
        seq: extensions.length + 1,
        requestedBy: ctx.actor.userId,
        requestedAt: ctx.clock.now(),
        fromDueAt: task.dueAt,
        toDueAt,
        reason: keptText(task, values.原因),
        state: 'pending',
      },
    });
    await recordAudit(ctx, {
      itemType: TASK_WORKFLOW_ID,
      itemRef: task.ref,
      action: 'request_extension',
      comment: `申请延至 ${deadlineText(toDueAt, ctx)}：${keptText(task, values.原因)}`,
    });
    await openApproval(
      ctx,
      {
        ...extensionKey(task, extension.seq),
        itemRef: task.ref,
        requester: ownerAsRequester(ctx, task),
        steps: assignerStep(task, '交办领导同意延期'),
      },
      extensionPresenter(ctx, task, extension),
    );
    await ctx.reply(
      `已请${personName(ctx.directory, task.assignerId)}同意把 ${task.ref} 延至 ${deadlineText(toDueAt, ctx)}。\n答复之前，仍按原截止 ${deadlineText(task.dueAt, ctx)} 办理。`,
    );
  },
});

/** The task and the pending extension an extension card was sent for; else the card is stale. */
async function lockForExtensionCard(
  ctx: ActorContext,
  card: CardRecord,
): Promise<{ task: Task; extension: TaskExtension; holderId: string }> {
  const task = await lockTask(ctx.tx, ctx.orgId, { id: card.itemId });
  const holderId = holderIdOfCard(card.sentForState);
  if (!task || !holderId) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  const holder = await ctx.tx.approvalHolder.findFirst({
    where: { id: BigInt(holderId), orgId: ctx.orgId },
    select: { step: { select: { approval: { select: { purpose: true } } } } },
  });
  const seq = holder ? extensionSeqOf(holder.step.approval.purpose) : undefined;
  const extension =
    seq === undefined
      ? null
      : await ctx.tx.taskExtension.findUnique({ where: { taskId_seq: { taskId: task.id, seq } } });
  if (!extension || extension.state !== 'pending')
    throw refusal('CONFLICT', `${task.ref} 的这项延期申请已经处理或撤回，这张卡片已失效。`, { isCardStale: true });
  return { task, extension, holderId };
}

/** [同意延期]: the new deadline stands; the owner's work item moves to it; owner and helpers are told. */
export async function agreeExtensionFromCard(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const { task, extension, holderId } = await lockForExtensionCard(ctx, card);
  const now = ctx.clock.now();
  await decideApproval(ctx, holderId, 'approve', null, extensionPresenter(ctx, task, extension), {
    stamp: '已同意延期',
  });
  await ctx.tx.taskExtension.update({
    where: { id: extension.id },
    data: { state: 'agreed', decidedBy: ctx.actor.userId, decidedAt: now },
  });
  await ctx.tx.task.update({ where: { id: task.id }, data: { dueAt: extension.toDueAt, updatedAt: now } });
  await moveOwnerDue(ctx, task, extension.toDueAt);
  const to = deadlineText(extension.toDueAt, ctx);
  await recordAudit(ctx, {
    itemType: TASK_WORKFLOW_ID,
    itemRef: task.ref,
    action: 'agree_extension',
    comment: `截止由 ${deadlineText(extension.fromDueAt, ctx)} 延至 ${to}`,
    via: 'card',
  });
  for (const userId of [task.ownerId, ...task.helperIds])
    await tell(ctx, userId, `${ctx.actor.name}已同意 ${taskLabel(task)}延期，新的截止时间：${to}。`);
  return { kind: 'applied', resultText: decisionStamp('已同意延期', ctx.actor.name, now, ctx.timezone) };
}

/** [不同意]: asks why (the owner is told), then the old deadline stands. */
export async function askExtensionRefusal(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const { task } = await lockForExtensionCard(ctx, card);
  await askInChat(ctx, {
    workflow: TASK_WORKFLOW_ID,
    continuation: 'refuse_extension',
    context: { taskId: card.taskId },
    question: `不同意 ${taskLabel(task)}延期的原因是什么？`,
    hint: `原因会转告负责人，仍按原截止 ${deadlineText(task.dueAt, ctx)} 办理。请直接回复；回复「取消」放弃。`,
    reminder: `不同意 ${task.ref} 延期的原因还在等您回复。请直接回复原因，或回复「取消」放弃。`,
    abandonedNote: `已放弃，${task.ref} 的延期申请仍在等您答复。`,
  });
  return { kind: 'awaiting_reason' };
}

export async function refuseExtensionWithReason(
  ctx: ActorContext,
  context: Record<string, string>,
  reason: string | undefined,
): Promise<void> {
  const card = await cardOfQuestion(ctx, context);
  if (!card || !reason)
    throw refusal('NOT_FOUND', '没有生效：找不到这项延期申请或它的卡片。发送「我的待办」查看待处理事项。');
  const typed = reason;
  const { task, extension, answer } = await decideAfterReason('没有生效：', async () => {
    // a reason typed after the tap: the cards are locked before the task, as a tap does
    await lockTaskWithCards(ctx, { id: card.itemId });
    const found = await lockForExtensionCard(ctx, card);
    const kept = keptText(found.task, typed);
    await decideApproval(ctx, found.holderId, 'reject', kept, extensionPresenter(ctx, found.task, found.extension), {
      stamp: '不同意延期',
    });
    return { ...found, answer: kept };
  });
  await ctx.tx.taskExtension.update({
    where: { id: extension.id },
    data: { state: 'refused', decidedBy: ctx.actor.userId, decidedAt: ctx.clock.now(), answer },
  });
  await recordAudit(ctx, {
    itemType: TASK_WORKFLOW_ID,
    itemRef: task.ref,
    action: 'refuse_extension',
    comment: `不同意延至 ${deadlineText(extension.toDueAt, ctx)}：${answer}`,
    via: 'card',
  });
  await tell(
    ctx,
    task.ownerId,
    `${ctx.actor.name}不同意 ${taskLabel(task)}延期。\n原因：${answer}\n仍按原截止 ${deadlineText(task.dueAt, ctx)} 办理。`,
  );
  await ctx.reply(`已答复：不同意 ${task.ref} 延期，原因已转告负责人。`);
}
