import { describeRoute, fileVersionSeen, findApproval, resubmitApproval } from '../../kit/approvals/index.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand } from '../../kit/define-command.js';
import { latestFile } from '../../kit/files/document-files.js';
import { personName } from '../../kit/people.js';
import { closeWorkItems } from '../../kit/work-items.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { documentLabel } from './describe-outgoing.js';
import { followApproval } from './follow-approval.js';
import { stateLabel } from '../../kit/state-machine.js';
import { OUTGOING_MACHINE } from './outgoing-machine.js';
import { drafterAsRequester, mainKey, outgoingPresenter, outgoingSteps, waitingText } from './outgoing-approval.js';
import {
  findDocumentOrRefuse,
  lockDocumentWithCards,
  OUTGOING_WORKFLOW_ID,
  stateOf,
  type OutgoingDocument,
  type OutgoingOffers,
} from './outgoing-store.js';

/** Only the drafter, only after a 退回. */
function mayResubmit(ctx: ActorContext, document: OutgoingDocument): void {
  if (document.drafterId !== ctx.actor.userId)
    throw refusal(
      'NOT_ALLOWED',
      `${document.ref} 只能由拟稿人${personName(ctx.directory, document.drafterId)}重新提交。`,
    );
  if (stateOf(document) !== 'returned')
    throw refusal(
      'CONFLICT',
      `${document.ref} 当前状态为「${stateLabel(OUTGOING_MACHINE, document.state)}」，没有被退回，不需要重新提交。`,
    );
}

/**
 * A document that had a file when it was returned goes back with a new version (spec 3.3, issue 12:
 * a resubmission needs a new version): the one sent since the 退回, through 「附件」.
 */
async function requireNewVersion(ctx: ActorContext, document: OutgoingDocument): Promise<void> {
  const approval = await findApproval(ctx, mainKey(document));
  const returner = approval?.steps.flatMap((step) => step.holders).find((holder) => holder.state === 'returned');
  const seen = returner ? await fileVersionSeen(ctx, returner.id) : undefined;
  if (seen === undefined) return;
  const latest = await latestFile(ctx, document.ref);
  if (latest && latest.version > seen) return;
  throw refusal(
    'CONFLICT',
    `${document.ref} 退回时的正文是第${seen}版，还没有收到修改稿。请先发送「附件 ${document.ref}」，把修改后的文件发给我，再发送「重新提交 ${document.ref}」。`,
  );
}

/**
 * `重新提交 F<n>` (spec 2.5, 3.3): after a 退回 the revised draft goes back as a new round, from 核稿,
 * with fresh cards; the round's number goes up by one.
 */
export function resubmitCommand(offers: OutgoingOffers): WorkflowCommand {
  return defineCommand({
    spec: {
      keyword: '重新提交',
      aliases: ['再次提交'],
      summary: '发文被退回后，修改好再送审（新一轮核稿、会签、签发）',
      example: '重新提交 F3',
      ref: { prefixes: ['F'], required: true, question: '要重新提交哪一份发文？' },
      freeText: 'none',
    },
    fields: {},
    async authorize(ctx, { ref }) {
      mayResubmit(ctx, await findDocumentOrRefuse(ctx, ref));
    },
    async execute(ctx, { ref }) {
      const document = await lockDocumentWithCards(ctx, ref);
      mayResubmit(ctx, document);
      await requireNewVersion(ctx, document);
      const { progress, route } = await resubmitApproval(
        ctx,
        mainKey(document),
        drafterAsRequester(ctx, document),
        outgoingSteps(document),
        await outgoingPresenter(ctx, document),
      );
      await closeWorkItems(ctx, { kind: 'doc_redraft', workflow: OUTGOING_WORKFLOW_ID, itemId: document.id });
      const round = document.round + 1;
      const moved = await followApproval(ctx, offers, document, progress, {
        data: { round },
        lead: `已重新提交（第${round}轮）`,
        note: `第${round}轮`,
      });
      const now = progress.outcome === 'waiting' ? `现在等待${waitingText(ctx, progress)}${progress.step.name}。` : '';
      await ctx.reply(
        [
          `已重新提交 ${documentLabel(moved)}（第${round}轮）。`,
          `审批顺序：${describeRoute(ctx, route)}`,
          ...(now ? [now] : []),
        ].join('\n'),
      );
    },
  });
}
