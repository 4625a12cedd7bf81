import { addDocumentNote } from '../../kit/document-notes.js';
import { decideApproval, holderIdOfCard } from '../../kit/approvals/index.js';
import { askInChat } from '../../kit/ask-in-chat.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import { decisionStamp } from '../../kit/cards/close-card.js';
import { cardOfQuestion, decideAfterReason } from '../../kit/cards/decide-after-reason.js';
import type { ActorContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { personName } from '../../kit/people.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { departmentName, documentLabel, keptText, keptTyped, workingDaysLater } from './describe-incoming.js';
import { instructionPresenter, recordFileSeen } from './incoming-approval.js';
import { openDocumentWork } from './incoming-work.js';
import {
  INCOMING_WORKFLOW_ID,
  isSecret,
  lockDocument,
  moveDocument,
  stateOf,
  type IncomingDocument,
} from './incoming-store.js';
import { startHandling } from './start-handling.js';

/** The document behind a 签批 card, still waiting for it; else the card is stale. */
async function lockForProposalCard(
  ctx: ActorContext,
  card: CardRecord,
): Promise<{ document: IncomingDocument; holderId: string }> {
  const document = await lockDocument(ctx, { id: card.itemId });
  const holderId = holderIdOfCard(card.sentForState);
  if (!document || !holderId) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  if (stateOf(document) !== 'proposed')
    throw refusal('CONFLICT', `${document.ref} 现在不在待签批状态，这张卡片已失效。`, { isCardStale: true });
  return { document, holderId };
}

/** [同意拟办]: handling and circulation start; the office and the lead department are told. */
export async function approveFromCard(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const { document, holderId } = await lockForProposalCard(ctx, card);
  const presenter = await instructionPresenter(ctx, document);
  await decideApproval(ctx, holderId, 'approve', null, presenter, { stamp: '已同意拟办' });
  await recordFileSeen(ctx, document, holderId);
  const moved = await startHandling(ctx, document, { event: 'approve', via: 'card' });
  await ctx.reply(
    `已同意 ${moved.ref} 的拟办意见，已通知${departmentName(ctx, moved.leadDepartmentId)}办理。需要批示时发送「批示 ${moved.ref} 批示内容」。`,
  );
  return { kind: 'applied', resultText: decisionStamp('已同意拟办', ctx.actor.name, ctx.clock.now(), ctx.timezone) };
}

/**
 * [退回]: the reason is asked in chat; the proposal goes back only once it arrives (spec 2.6). A
 * 秘密/机密 document's reason would not be kept or passed on (spec 2.6), so it goes back at once and
 * the reason is given in person.
 */
export async function askReturnReason(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const { document, holderId } = await lockForProposalCard(ctx, card);
  if (isSecret(document)) {
    await returnProposal(ctx, document, holderId, keptText(document, ''));
    return { kind: 'applied', resultText: decisionStamp('已退回', ctx.actor.name, ctx.clock.now(), ctx.timezone) };
  }
  await askInChat(ctx, {
    workflow: INCOMING_WORKFLOW_ID,
    continuation: 'return',
    context: { taskId: card.taskId, itemId: document.id },
    question: `退回 ${documentLabel(document)}的拟办意见，原因是什么？`,
    hint: '原因会转告拟办人，重新拟办后再送您签批。请直接回复；回复「取消」放弃退回。',
    reminder: `退回 ${document.ref} 的原因还在等您回复。请直接回复原因，或回复「取消」放弃退回。`,
    abandonedNote: `已放弃退回，${document.ref} 仍在等您签批。`,
  });
  return { kind: 'awaiting_reason' };
}

export async function returnWithReason(
  ctx: ActorContext,
  context: Record<string, string>,
  reason: string | undefined,
): Promise<void> {
  const card = await cardOfQuestion(ctx, context);
  const document = card ? await lockDocument(ctx, { id: card.itemId }) : undefined;
  const holderId = card ? holderIdOfCard(card.sentForState) : undefined;
  if (!card || !document || !holderId || !reason)
    throw refusal('NOT_FOUND', '退回没有生效：找不到这份收文或它的卡片。发送「我的待办」查看待处理事项。');
  if (stateOf(document) !== 'proposed') throw refusal('CONFLICT', `退回没有生效：${document.ref} 已不在待签批状态。`);
  await decideAfterReason('退回没有生效：', () =>
    returnProposal(ctx, document, holderId, keptTyped(ctx, document, reason.trim())),
  );
}

/** The round ends returned: the proposer is told why and is due to propose again. */
async function returnProposal(
  ctx: ActorContext,
  document: IncomingDocument,
  holderId: string,
  reason: string,
): Promise<void> {
  const presenter = await instructionPresenter(ctx, document);
  await decideApproval(ctx, holderId, 'return', reason, presenter);
  await recordFileSeen(ctx, document, holderId);
  const returned = await moveDocument(
    ctx,
    document,
    'return',
    {},
    {
      comment: reason,
      via: 'card',
      isStepHolder: true,
    },
  );
  await addDocumentNote(ctx, returned, { kind: 'returned', authorId: ctx.actor.userId, text: reason });
  const proposer = returned.proposedBy ?? returned.registeredBy;
  const due = workingDaysLater(ctx, ctx.clock.now(), ctx.directory.config.sla.proposal_working_days);
  await openDocumentWork(ctx, returned, { kind: 'doc_proposal', holderId: proposer, dueAt: due });
  await tell(
    ctx,
    proposer,
    [
      `${ctx.actor.name}退回了 ${documentLabel(returned)}的拟办意见，请重新拟办（「拟办 ${returned.ref} 承办:… 期限:…」）。`,
      isSecret(returned) ? '涉密件的退回原因不在系统中保存，请当面了解。' : `原因：${reason}`,
    ].join('\n'),
  );
  await ctx.reply(
    `已退回 ${returned.ref} 的拟办意见，${isSecret(returned) ? '已通知' : '原因已转告'}${personName(ctx.directory, proposer)}。`,
  );
}
