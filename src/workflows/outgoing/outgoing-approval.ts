import { outgoingDecisionCard } from '../../../cards/index.js';
import {
  findApproval,
  findHolder,
  holderIdOfCard,
  mayActFor,
  requesterFor,
  type ApprovalKey,
  type ApprovalPresenter,
  type ApprovalProgress,
  type ApprovalRequester,
  type StepSpec,
} from '../../kit/approvals/index.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import type { ActorContext, BaseContext } from '../../kit/context.js';
import { latestFile, sendFileBeside, type DocumentFileVersion } from '../../kit/files/document-files.js';
import { personName } from '../../kit/people.js';
import { cardFacts, secrecyOf, workItemFacts } from './describe-outgoing.js';
import { isSecret, OUTGOING_WORKFLOW_ID, type OutgoingDocument } from './outgoing-store.js';

/** 核稿, 会签 and 签发 are the steps of one approval (spec 3.3): a 退回 anywhere ends the round. */
export function mainKey(document: Pick<OutgoingDocument, 'id'>): ApprovalKey {
  return { workflow: OUTGOING_WORKFLOW_ID, itemId: document.id, purpose: 'main' };
}

/**
 * Any one of the office reviews (核稿); every listed department's head co-signs (会签, in parallel;
 * none listed, no step); the named leader signs off (签发). Steps the drafter holds are skipped by
 * the engine; a 签发 by the drafter is refused when the draft is made (draft-document.ts).
 */
export function outgoingSteps(document: Pick<OutgoingDocument, 'cosignDepartmentIds' | 'signoffLeaderId'>): StepSpec[] {
  return [
    { rules: ['role:office'], mode: 'any_of', name: '核稿' },
    ...(document.cosignDepartmentIds.length > 0
      ? [
          {
            rules: document.cosignDepartmentIds.map((id) => `head_of:${id}` as const),
            mode: 'parallel' as const,
            name: '会签',
          },
        ]
      : []),
    { rules: [`user:${document.signoffLeaderId}`], name: '签发' },
  ];
}

export function drafterAsRequester(ctx: BaseContext, document: OutgoingDocument): ApprovalRequester {
  return requesterFor(ctx.directory, document.drafterId, document.departmentId);
}

/** What a step is called in 我的待办. */
const STEP_ACTIONS: Record<string, string> = { 核稿: '发文核稿', 会签: '发文会签', 签发: '发文签发' };

/** The newest version of the document's file; never for a 秘密/机密 one (it has none). */
export async function currentFile(
  ctx: BaseContext,
  document: OutgoingDocument,
): Promise<DocumentFileVersion | undefined> {
  return isSecret(document) ? undefined : latestFile(ctx, document.ref);
}

/**
 * The decision card of each step (its file's version named on it and sent beside it), the step's
 * 我的待办 line, due when the document must be issued. `openStep` names the step a hand-over or 转交
 * gives afresh (it reads as that step in 我的待办).
 */
export async function outgoingPresenter(
  ctx: BaseContext,
  document: OutgoingDocument,
  openStep = '审核',
): Promise<ApprovalPresenter> {
  const file = await currentFile(ctx, document);
  const workItemFor = (stepName: string) => workItemFacts(ctx, document, STEP_ACTIONS[stepName] ?? `发文${stepName}`);
  return {
    card: (step) =>
      outgoingDecisionCard(cardFacts(ctx, document, file?.version), {
        name: step.name,
        number: step.number,
        total: step.total,
        round: step.round,
      }),
    workItem: workItemFor(openStep),
    workItemFor: (step) => workItemFor(step.name),
    dueAt: document.issueDueAt,
    ...secrecyOf(ctx, document),
    // the file goes beside the card wherever the step goes (it opens, 转交, a hand-over)
    ...(file ? { besideCard: (at: BaseContext, userId: string) => sendFileBeside(at, userId, file) } : {}),
  };
}

/** The presenter the engine asks for when it moves a step by itself (a hand-over, 转交). */
export async function presenterOfOpenStep(ctx: BaseContext, document: OutgoingDocument): Promise<ApprovalPresenter> {
  const approval = await findApproval(ctx, mainKey(document));
  const open = approval?.steps.find((step) => step.state === 'open');
  return outgoingPresenter(ctx, document, open?.name);
}

/** A new version of the file to people whose cards are open (spec 3.3: the document on every card). */
export async function sendFileToHolders(
  ctx: BaseContext,
  document: OutgoingDocument,
  userIds: readonly string[],
): Promise<void> {
  const file = await currentFile(ctx, document);
  if (!file) return;
  for (const userId of userIds) await sendFileBeside(ctx, userId, file);
}

/** 「李华、冯涛」 for a 会签, 「王芳或杨雪」 when any one of them decides. */
export function waitingText(ctx: BaseContext, progress: Extract<ApprovalProgress, { outcome: 'waiting' }>): string {
  const names = progress.waitingOn.map((userId) => personName(ctx.directory, userId));
  return names.join(progress.step.mode === 'any_of' ? '或' : '、');
}

/**
 * Spec 2.6: a decision card may be answered by whoever holds that step now (another of the office
 * on the 核稿, a department's new head); a receipt card only by its recipient.
 */
export async function holdsOutgoingCardStep(ctx: ActorContext, card: CardRecord, userId: string): Promise<boolean> {
  const holderId = holderIdOfCard(card.sentForState);
  if (!holderId) return false;
  // a read: the decision that follows locks the document and its approval, in that order
  const approval = await findApproval(ctx, mainKey({ id: card.itemId }));
  const found = approval ? findHolder(approval, holderId) : undefined;
  return approval !== undefined && found !== undefined && mayActFor(ctx, approval, found.holder, userId);
}
