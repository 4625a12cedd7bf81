import { recordFileVersion } from '../../kit/approvals/record-file-version.js';
import { incomingProposalCard } from '../../../cards/index.js';
import {
  requesterFor,
  type ApprovalKey,
  type ApprovalPresenter,
  type ApprovalRequester,
  type StepSpec,
} from '../../kit/approvals/index.js';
import type { BaseContext } from '../../kit/context.js';
import { latestFile, sendFileBeside } from '../../kit/files/document-files.js';
import { deadlineText } from '../../kit/format-time.js';
import { cardSecrecy, earlier, incomingCardFacts, workItemFacts, workingDaysLater } from './describe-incoming.js';
import { INCOMING_WORKFLOW_ID, isSecret, type IncomingDocument } from './incoming-store.js';

/**
 * The leader's 签批 of the 拟办 is the engine's approval `instruction`, one step held by the leader
 * the proposal names: a 退回 ends its round and the next 拟办 is a new round, and 转交, the
 * hand-over and 催办 reach it with no code here.
 */
export const INSTRUCTION_PURPOSE = 'instruction';

export function instructionKey(document: Pick<IncomingDocument, 'id'>): ApprovalKey {
  return { workflow: INCOMING_WORKFLOW_ID, itemId: document.id, purpose: INSTRUCTION_PURPOSE };
}

export function leaderStep(leaderId: string): StepSpec[] {
  return [{ rules: [`user:${leaderId}`], name: '领导签批' }];
}

/** The office member who proposed it asks for the 签批. */
export function proposerAsRequester(ctx: BaseContext, document: IncomingDocument): ApprovalRequester {
  const proposer = document.proposedBy ?? document.registeredBy;
  return requesterFor(ctx.directory, proposer, ctx.directory.person(proposer)?.departmentIds[0] ?? '');
}

/**
 * The 签批 is wanted by the end of the working day after the 拟办, and never after the handling
 * deadline itself.
 */
export function instructionDue(ctx: BaseContext, document: IncomingDocument): Date {
  const proposedAt = document.proposedAt ?? ctx.clock.now();
  return earlier(workingDaysLater(ctx, proposedAt, 1), document.handlingDueAt);
}

/**
 * The card [同意拟办] [退回] with the document's file beside it (spec 3.2), and 「收文签批」 in the
 * leader's 我的待办. A 秘密/机密 document has no file and its card shows only reference, 密级, deadline.
 */
export async function instructionPresenter(ctx: BaseContext, document: IncomingDocument): Promise<ApprovalPresenter> {
  const file = isSecret(document) ? undefined : await latestFile(ctx, document.ref);
  const due = instructionDue(ctx, document);
  return {
    card: () => incomingProposalCard(incomingCardFacts(ctx, document), { due: deadlineText(due, ctx) }),
    workItem: workItemFacts(document, '收文签批'),
    dueAt: due,
    ...cardSecrecy(ctx, document, document.handlingDueAt),
    ...(file ? { besideCard: (at: BaseContext, userId: string) => sendFileBeside(at, userId, file) } : {}),
  };
}

/**
 * Which version of the file the decider had (approval_holder.file_version): the newest, since every
 * new version goes out beside the open card (incoming-files.ts).
 */
export async function recordFileSeen(ctx: BaseContext, document: IncomingDocument, holderId: string): Promise<void> {
  if (isSecret(document)) return;
  const file = await latestFile(ctx, document.ref);
  if (!file) return;
  await recordFileVersion(ctx, holderId, file.version);
}
