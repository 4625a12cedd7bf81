import { INCOMING_ACTIONS } from '../../../cards/index.js';
import type { TaskOffers } from '../../kit/offers.js';
import { stateLabel } from '../../kit/state-machine.js';
import type { WorkflowModule } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { archiveIncoming } from './archive-incoming.js';
import { cancelIncoming, mayIncomingBeCancelled } from './cancel-incoming.js';
import { circulateIncoming } from './circulate-incoming.js';
import { approveFromCard, askReturnReason, returnWithReason } from './decide-proposal.js';
import { completeIncoming, reportFeedback } from './handle-incoming.js';
import { handOverLeadHeads } from './hand-over-lead-heads.js';
import { instructionPresenter } from './incoming-approval.js';
import { mayAttachIncoming, onIncomingFileAttached } from './incoming-files.js';
import { INCOMING_MACHINE } from './incoming-machine.js';
import { incomingBriefSection } from './incoming-brief-section.js';
import { searchIncoming } from './incoming-search.js';
import { INCOMING_ACTION_NAMES, incomingStatusView } from './incoming-status-view.js';
import { INCOMING_WORKFLOW_ID } from './incoming-store.js';
import { instructIncoming } from './instruct-incoming.js';
import { proposeIncoming } from './propose-incoming.js';
import { readFromCard } from './read-incoming.js';
import { registerIncoming } from './register-incoming.js';

/**
 * 收文 (spec 3.2): 签收登记 → 拟办呈批 → 分送传阅 → 督办反馈 → 归档立卷, on the kit alone. The app
 * hands it the task workflow's offers (a 批示 that becomes a 督办事项); it imports no workflow.
 */
export function createIncomingWorkflow(offers: { tasks: TaskOffers }): WorkflowModule {
  return {
    id: INCOMING_WORKFLOW_ID,
    title: '收文',
    refPrefixes: ['S'],
    commands: [
      registerIncoming,
      proposeIncoming,
      instructIncoming(offers),
      circulateIncoming,
      reportFeedback,
      completeIncoming,
    ],
    async onCardAction(ctx, card, actionKey) {
      switch (actionKey) {
        case INCOMING_ACTIONS.approve:
          return approveFromCard(ctx, card);
        case INCOMING_ACTIONS.return:
          return askReturnReason(ctx, card);
        case INCOMING_ACTIONS.read:
          return readFromCard(ctx, card);
        default:
          throw refusal('CONFLICT', `无法识别的操作「${actionKey}」。`);
      }
    },
    async approvalPresenter(ctx, itemId) {
      const document = await ctx.tx.incomingDocument.findFirstOrThrow({ where: { orgId: ctx.orgId, id: itemId } });
      return instructionPresenter(ctx, document);
    },
    handOver: handOverLeadHeads,
    statusView: incomingStatusView,
    search: searchIncoming,
    briefSection: incomingBriefSection,
    cancel: cancelIncoming,
    mayCancel: mayIncomingBeCancelled,
    mayAttach: mayAttachIncoming,
    onFileAttached: onIncomingFileAttached,
    archive: archiveIncoming,
    describe: {
      state(state) {
        if (/^approval:\d+$/.test(state)) return '领导签批';
        if (/^reading:/.test(state)) return '传阅阅知';
        return state in INCOMING_MACHINE.states ? stateLabel(INCOMING_MACHINE, state) : undefined;
      },
      action: (action) => INCOMING_ACTION_NAMES[action],
    },
    async newestRef(ctx) {
      const userId = ctx.actor.userId;
      const document = await ctx.tx.incomingDocument.findFirst({
        where: {
          orgId: ctx.orgId,
          OR: [{ registeredBy: userId }, { proposedBy: userId }, { proposalLeaderId: userId }],
        },
        orderBy: { createdAt: 'desc' },
        select: { ref: true },
      });
      return document?.ref;
    },
    continuations: { return: returnWithReason },
    helpText: [
      '流程：综合办公室「收文」登记（得到 S 编号和收文编号，再把来文文件发给我）→「拟办」写明承办部门、办理期限、风险提示，送校领导签批 → 领导在卡片上「同意拟办」或「退回」，也可「批示」写意见（写「负责」「截止」同时交办督办事项）→ 综合办公室「传阅」给人员或部门，读者点「已阅」→ 承办部门「反馈」办理情况、「办结」→ 综合办公室「归档」得到档号。',
      '秘密、机密件只登记「涉密件」和来文单位、字号，不录入标题、内容和文件，请到综合办公室阅件。',
    ].join('\n'),
  };
}
