import { OUTGOING_ACTIONS } from '../../../cards/index.js';
import type { SealOffers } from '../../kit/offers.js';
import { stateLabel } from '../../kit/state-machine.js';
import type { WorkflowModule } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { archiveDocument } from './archive-document.js';
import { cancelDocument, mayDocumentBeCancelled } from './cancel-document.js';
import { agreeFromCard, askReturnReason, returnWithReason } from './decide-outgoing-step.js';
import { confirmReceipt, distributeCommand } from './distribute-document.js';
import { draftCommand } from './draft-document.js';
import { OUTGOING_MACHINE } from './outgoing-machine.js';
import { outgoingBriefSection } from './outgoing-brief-section.js';
import { searchOutgoing } from './outgoing-search.js';
import { holdsOutgoingCardStep, presenterOfOpenStep } from './outgoing-approval.js';
import { fileAttached, mayAttachFile } from './outgoing-files.js';
import { OUTGOING_ACTION_NAMES, outgoingStatusView } from './outgoing-status-view.js';
import { OUTGOING_WORKFLOW_ID } from './outgoing-store.js';
import { resubmitCommand } from './resubmit-document.js';

/**
 * 发文 (spec 3.3): drafted by anyone, reviewed by the office, co-signed by the departments it
 * concerns, signed off by a leader, numbered, sealed through the seal workflow (its offers, handed in
 * by the app), distributed with confirmations, archived.
 */
export function createOutgoingWorkflow(offers: { seals: SealOffers }): WorkflowModule {
  return {
    id: OUTGOING_WORKFLOW_ID,
    title: '发文',
    refPrefixes: ['F'],
    commands: [draftCommand(offers), resubmitCommand(offers), distributeCommand(offers)],
    async onCardAction(ctx, card, actionKey) {
      switch (actionKey) {
        case OUTGOING_ACTIONS.agree:
          return agreeFromCard(ctx, offers, card);
        case OUTGOING_ACTIONS.return:
          return askReturnReason(ctx, card);
        case OUTGOING_ACTIONS.received:
          return confirmReceipt(ctx, card);
        default:
          throw refusal('CONFLICT', `无法识别的操作「${actionKey}」。`);
      }
    },
    holdsCardStep: holdsOutgoingCardStep,
    async approvalPresenter(ctx, itemId) {
      const document = await ctx.tx.outgoingDocument.findFirstOrThrow({ where: { orgId: ctx.orgId, id: itemId } });
      return presenterOfOpenStep(ctx, document);
    },
    statusView: outgoingStatusView(offers),
    search: searchOutgoing,
    briefSection: outgoingBriefSection,
    cancel: cancelDocument(offers),
    mayCancel: mayDocumentBeCancelled,
    mayAttach: mayAttachFile,
    onFileAttached: fileAttached,
    archive: archiveDocument,
    describe: {
      state(state) {
        if (/^approval:\d+$/.test(state)) return '核稿、会签或签发';
        if (state.startsWith('receipt:')) return '签收';
        return state in OUTGOING_MACHINE.states ? stateLabel(OUTGOING_MACHINE, state) : undefined;
      },
      action: (action) => OUTGOING_ACTION_NAMES[action],
    },
    async newestRef(ctx) {
      const userId = ctx.actor.userId;
      const held = await ctx.tx.workItem.findFirst({
        where: { orgId: ctx.orgId, workflow: OUTGOING_WORKFLOW_ID, holderId: userId },
        orderBy: { id: 'desc' },
        select: { itemRef: true, since: true },
      });
      const own = await ctx.tx.outgoingDocument.findFirst({
        where: { orgId: ctx.orgId, drafterId: userId },
        orderBy: { createdAt: 'desc' },
        select: { ref: true, createdAt: true },
      });
      if (held && (!own || held.since > own.createdAt)) return held.itemRef;
      return own?.ref;
    },
    continuations: { return: returnWithReason },
    helpText:
      '流程：「发文」拟稿（秘密、机密件不写标题、不传正文）→ 综合办公室核稿 → 会签部门负责人同时会签 → 校领导签发，编发文字号并自动提交用印 → 综合办公室「分发」，收件人点「已收到」→「归档」。被退回后修改，发送「附件 F编号」传新版本，再「重新提交 F编号」。拟稿人或综合办公室可「取消 F编号」撤销；签发后撤销的文号作废，不再使用。',
  };
}
