import { addDocumentNote } from '../../kit/document-notes.js';
import {
  decideApproval,
  findApproval,
  findHolder,
  holderIdOfCard,
  recordFileVersion,
  type HolderRecord,
} from '../../kit/approvals/index.js';
import { askInChat } from '../../kit/ask-in-chat.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import { decisionStamp } from '../../kit/cards/close-card.js';
import { cardOfQuestion, decideAfterReason } from '../../kit/cards/decide-after-reason.js';
import type { ActorContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { personName } from '../../kit/people.js';
import { stateLabel } from '../../kit/state-machine.js';
import { openWorkItem } from '../../kit/work-items.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { departmentName, documentLabel, workItemFacts } from './describe-outgoing.js';
import { followApproval } from './follow-approval.js';
import { IN_APPROVAL, OUTGOING_MACHINE } from './outgoing-machine.js';
import { currentFile, mainKey, outgoingPresenter } from './outgoing-approval.js';
import { issuedReply } from './sign-off.js';
import {
  isSecret,
  lockDocument,
  lockDocumentWithCards,
  moveDocument,
  OUTGOING_WORKFLOW_ID,
  stateOf,
  type OutgoingDocument,
  type OutgoingOffers,
} from './outgoing-store.js';

interface DecisionCard {
  document: OutgoingDocument;
  holderId: string;
  stepName: string;
  holder: HolderRecord | undefined;
}

/** The document behind a decision card, locked, still in review; else the card is stale. */
async function lockForDecisionCard(ctx: ActorContext, card: CardRecord): Promise<DecisionCard> {
  const document = await lockDocument(ctx, card.itemId);
  const holderId = holderIdOfCard(card.sentForState);
  if (!document || !holderId) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  return { document, holderId, ...(await stepOf(ctx, document, holderId)) };
}

function requireInApproval(document: OutgoingDocument, notApplied = ''): void {
  if (!IN_APPROVAL.includes(stateOf(document)))
    throw refusal(
      'CONFLICT',
      `${notApplied}${document.ref} 现在「${stateLabel(OUTGOING_MACHINE, document.state)}」，这张卡片已失效。`,
      { isCardStale: true },
    );
}

async function stepOf(ctx: ActorContext, document: OutgoingDocument, holderId: string) {
  const approval = await findApproval(ctx, mainKey(document));
  const found = approval ? findHolder(approval, holderId) : undefined;
  return { stepName: found?.step.name ?? '审核', holder: found?.holder };
}

/** The department a co-signer signs for (their slot's `head_of:` rule); undefined for other steps. */
function cosignDepartment(ctx: ActorContext, decision: Pick<DecisionCard, 'holder'>): string | undefined {
  const rule = decision.holder?.rule ?? '';
  return rule.startsWith('head_of:') ? departmentName(ctx.directory, rule.slice('head_of:'.length)) : undefined;
}

/** 「李华（教务处）会签」: who decided which step, a co-signer with the department they sign for. */
function deciderText(ctx: ActorContext, decision: Pick<DecisionCard, 'stepName' | 'holder'>): string {
  const department = cosignDepartment(ctx, decision);
  return `${ctx.actor.name}${department ? `（${department}）` : ''}${decision.stepName}`;
}

const NOTE_KINDS = { 核稿: 'review', 会签: 'cosign', 签发: 'signoff' } as const;

/**
 * [同意] / [签发]: the engine records the decision and the file version it saw; the document
 * follows (the next step's cards, or the sign-off with its 文号 and seal request).
 */
export async function agreeFromCard(
  ctx: ActorContext,
  offers: OutgoingOffers,
  card: CardRecord,
): Promise<CardActionOutcome> {
  const decision = await lockForDecisionCard(ctx, card);
  const { document, holderId, stepName } = decision;
  requireInApproval(document);
  const file = await currentFile(ctx, document);
  const stamp = stepName === '签发' ? '已签发' : '已同意';
  const { progress } = await decideApproval(ctx, holderId, 'approve', null, await outgoingPresenter(ctx, document), {
    stamp,
  });
  await recordFileVersion(ctx, holderId, file?.version ?? null);
  const noteKind = NOTE_KINDS[stepName as keyof typeof NOTE_KINDS];
  if (noteKind) await addDocumentNote(ctx, document, { kind: noteKind, authorId: ctx.actor.userId, text: '同意' });
  const moved = await followApproval(ctx, offers, document, progress, {
    data: stepName === '核稿' ? { reviewedBy: ctx.actor.userId } : {},
    lead: `${deciderText(ctx, decision)}同意`,
    ...(cosignDepartment(ctx, decision) ? { note: `${cosignDepartment(ctx, decision)}同意` } : {}),
    via: 'card',
  });
  if (moved.documentNumber) await ctx.reply(issuedReply(ctx, moved));
  return { kind: 'applied', resultText: decisionStamp(stamp, ctx.actor.name, ctx.clock.now(), ctx.timezone) };
}

/**
 * [退回]: the reason is asked in chat and the draft goes back only once it arrives (spec 2.6). A
 * 秘密/机密 draft's reason is not asked for (it would be words about its content): it goes back at
 * once, and the drafter hears it at the office.
 */
export async function askReturnReason(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const decision = await lockForDecisionCard(ctx, card);
  const { document, stepName } = decision;
  requireInApproval(document);
  if (isSecret(document)) {
    await returnDocument(ctx, decision, null);
    await ctx.reply(
      `已退回 ${documentLabel(document)}。退回意见请当面告知拟稿人${personName(ctx.directory, document.drafterId)}。`,
    );
    return { kind: 'applied', resultText: decisionStamp('已退回', ctx.actor.name, ctx.clock.now(), ctx.timezone) };
  }
  await askInChat(ctx, {
    workflow: OUTGOING_WORKFLOW_ID,
    continuation: 'return',
    context: { taskId: card.taskId, documentId: document.id },
    question: `退回 ${documentLabel(document)}（${stepName}）的原因是什么？需要怎么修改？`,
    hint: '原因会转告拟稿人，修改后重新提交。请直接回复；回复「取消」放弃退回。',
    reminder: `退回 ${document.ref} 的原因还在等您回复。请直接回复原因，或回复「取消」放弃退回。`,
    abandonedNote: `已放弃退回，${document.ref} 仍在等您${stepName}。`,
  });
  return { kind: 'awaiting_reason' };
}

/** The reason arrived: the engine checks again that nothing moved meanwhile, then the draft goes back. */
export async function returnWithReason(
  ctx: ActorContext,
  context: Record<string, string>,
  reason: string | undefined,
): Promise<void> {
  const card = await cardOfQuestion(ctx, context);
  const document = card ? await lockDocumentWithCards(ctx, card.itemRef) : undefined;
  const holderId = card ? holderIdOfCard(card.sentForState) : undefined;
  if (!card || !document || !holderId || !reason)
    throw refusal('NOT_FOUND', '退回没有生效：找不到这份发文或它的卡片。发送「我的待办」查看待处理事项。');
  requireInApproval(document, '退回没有生效：');
  await returnDocument(ctx, { document, holderId, ...(await stepOf(ctx, document, holderId)) }, reason);
  await ctx.reply(`已退回 ${document.ref}，原因已转告拟稿人${personName(ctx.directory, document.drafterId)}。`);
}

/**
 * The round ends with a 退回 (spec 3.3): returned, the reason kept (never for 秘密/机密), the
 * drafter told who and why and given 「发文退回修改」 in their 我的待办 until they 重新提交.
 */
async function returnDocument(ctx: ActorContext, decision: DecisionCard, reason: string | null): Promise<void> {
  const { document, holderId } = decision;
  const file = await currentFile(ctx, document);
  const kept = isSecret(document) ? null : reason;
  await decideAfterReason('退回没有生效：', async () =>
    decideApproval(ctx, holderId, 'return', kept, await outgoingPresenter(ctx, document)),
  );
  await recordFileVersion(ctx, holderId, file?.version ?? null);
  const who = `${deciderText(ctx, decision)}时`;
  await moveDocument(ctx, document, 'return', {}, { comment: `${who}退回${kept ? `：${kept}` : ''}`, via: 'card' });
  if (kept) await addDocumentNote(ctx, document, { kind: 'returned', authorId: ctx.actor.userId, text: kept });
  await openWorkItem(ctx, {
    ...workItemFacts(ctx, document, '发文退回修改'),
    workflow: OUTGOING_WORKFLOW_ID,
    itemId: document.id,
    itemRef: document.ref,
    kind: 'doc_redraft',
    sourceId: `${document.id}:${document.round}`,
    holderId: document.drafterId,
    dueAt: document.issueDueAt,
  });
  const next = file
    ? `请修改后发送「附件 ${document.ref}」发来新版本（第${file.version + 1}版），再发送「重新提交 ${document.ref}」。`
    : `修改后请发送「重新提交 ${document.ref}」。`;
  await tell(
    ctx,
    document.drafterId,
    kept
      ? `您拟稿的 ${documentLabel(document)}被${who}退回。\n原因：${kept}\n${next}`
      : `${documentLabel(document)}被${who}退回，退回意见请到综合办公室了解。${next}`,
  );
}
