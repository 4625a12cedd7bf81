import { refusal } from '../../shared/errors.js';
import type { WorkflowModule } from '../../kit/workflow-module.js';
import { cancelSealRequest, maySealRequestBeCancelled } from './cancel-seal-request.js';
import { closeNotStamped, confirmSealUse, askWhyNotStamped, stampFromCard } from './confirm-seal-use.js';
import { approveSealStep, askRejectionReason, rejectWithReason } from './decide-seal-step.js';
import { SEAL_ACTIONS } from '../../../cards/index.js';
import { describeSealNames } from './describe-seal-names.js';
import { holdsSealCardStep } from './holds-seal-card-step.js';
import { handOverSealKeepers } from './hand-over-seal-keepers.js';
import { sealPresenter } from './seal-approval.js';
import { sealBriefSection } from './seal-brief-section.js';
import { sealDailySummary } from './seal-daily-summary.js';
import { sealStatusView } from './seal-status-view.js';
import { SEAL_WORKFLOW_ID } from './seal-request-store.js';
import { submitSealRequest } from './submit-seal-request.js';
import { reportSealProblem, restoreSeal } from './suspend-seal.js';

/** 用印 (spec 3.1): the first complete workflow, and the pattern the others follow (ARCHITECTURE.md). */
export const sealWorkflow: WorkflowModule = {
  id: SEAL_WORKFLOW_ID,
  title: '用印',
  refPrefixes: ['Y'],
  commands: [submitSealRequest, confirmSealUse, reportSealProblem, restoreSeal],
  async onCardAction(ctx, card, actionKey) {
    switch (actionKey) {
      case SEAL_ACTIONS.approve:
        return approveSealStep(ctx, card);
      case SEAL_ACTIONS.reject:
        return askRejectionReason(ctx, card);
      case SEAL_ACTIONS.stamped:
        return stampFromCard(ctx, card);
      case SEAL_ACTIONS.cannotStamp:
        return askWhyNotStamped(ctx, card);
      default:
        throw refusal('CONFLICT', `无法识别的操作「${actionKey}」。`);
    }
  },
  holdsCardStep: holdsSealCardStep,
  async approvalPresenter(ctx, itemId) {
    const request = await ctx.tx.sealRequest.findFirstOrThrow({ where: { orgId: ctx.orgId, id: itemId } });
    return sealPresenter(ctx, request);
  },
  handOver: handOverSealKeepers,
  briefSection: sealBriefSection,
  dailySummary: sealDailySummary,
  describe: describeSealNames,
  statusView: sealStatusView,
  cancel: cancelSealRequest,
  mayCancel: maySealRequestBeCancelled,
  async newestRef(ctx) {
    const userId = ctx.actor.userId;
    const held = await ctx.tx.workItem.findFirst({
      where: { orgId: ctx.orgId, workflow: SEAL_WORKFLOW_ID, holderId: userId },
      orderBy: { id: 'desc' },
      select: { itemRef: true, submittedAt: true },
    });
    const own = await ctx.tx.sealRequest.findFirst({
      where: { orgId: ctx.orgId, OR: [{ applicantId: userId }, { keeperId: userId }] },
      orderBy: { createdAt: 'desc' },
      select: { ref: true, createdAt: true },
    });
    if (held && (!own || held.submittedAt > own.createdAt)) return held.itemRef;
    return own?.ref;
  },
  continuations: { reject: rejectWithReason, cannot_stamp: closeNotStamped },
  helpText:
    '流程：申请人「用印」→ 部门负责人、分管校领导（法人章还需校长）逐级在卡片上同意 → 印章管理员盖章并点「已用印」登记。申请人可「取消 Y编号」撤回。',
};
