import { TASK_ACTIONS } from '../../../cards/index.js';
import type { WorkflowModule } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { assignTask } from './assign-task.js';
import { cancelTask, mayTaskBeCancelled } from './cancel-task.js';
import { askCompletionNote, completeTaskCommand, completeWithNote } from './complete-task.js';
import {
  agreeExtensionFromCard,
  askExtensionRefusal,
  refuseExtensionWithReason,
  requestExtension,
} from './extend-task.js';
import { holdsTaskCardStep } from './holds-task-card-step.js';
import { handOverTaskOwners } from './hand-over-task-owners.js';
import { reportProgress, startFromCard } from './report-progress.js';
import { taskPresenter } from './task-approvals.js';
import { taskBriefSection } from './task-brief-section.js';
import { TASK_ACTION_NAMES, taskStatusView } from './task-status-view.js';
import { TASK_MACHINE } from './task-machine.js';
import { TASK_WORKFLOW_ID } from './task-store.js';
import { transferTask } from './transfer-task.js';
import { OWNER_CARD_STATE } from './task-work.js';
import { askSendBackReason, sendBackWithReason, verifyFromCard } from './verify-task.js';
import { stateLabel } from '../../kit/state-machine.js';

/** 督办事项 (spec 3.5): the first workflow written on the kit alone, and the one meetings and documents feed. */
export const taskWorkflow: WorkflowModule = {
  id: TASK_WORKFLOW_ID,
  title: '督办',
  refPrefixes: ['R'],
  commands: [assignTask, reportProgress, completeTaskCommand, requestExtension],
  async onCardAction(ctx, card, actionKey) {
    switch (actionKey) {
      case TASK_ACTIONS.start:
        return startFromCard(ctx, card);
      case TASK_ACTIONS.complete:
        return askCompletionNote(ctx, card);
      case TASK_ACTIONS.verify:
        return verifyFromCard(ctx, card);
      case TASK_ACTIONS.sendBack:
        return askSendBackReason(ctx, card);
      case TASK_ACTIONS.agreeExtension:
        return agreeExtensionFromCard(ctx, card);
      case TASK_ACTIONS.refuseExtension:
        return askExtensionRefusal(ctx, card);
      default:
        throw refusal('CONFLICT', `无法识别的操作「${actionKey}」。`);
    }
  },
  holdsCardStep: holdsTaskCardStep,
  async approvalPresenter(ctx, itemId, purpose) {
    const task = await ctx.tx.task.findFirstOrThrow({ where: { orgId: ctx.orgId, id: itemId } });
    return taskPresenter(ctx, task, purpose);
  },
  briefSection: taskBriefSection,
  handOver: handOverTaskOwners,
  statusView: taskStatusView,
  cancel: cancelTask,
  mayCancel: mayTaskBeCancelled,
  transfer: transferTask,
  describe: {
    state(state) {
      if (/^approval:\d+$/.test(state)) return '验收或延期答复';
      if (state === OWNER_CARD_STATE) return '负责人办理';
      return state in TASK_MACHINE.states ? stateLabel(TASK_MACHINE, state) : undefined;
    },
    action: (action) => TASK_ACTION_NAMES[action],
  },
  async newestRef(ctx) {
    const userId = ctx.actor.userId;
    const task = await ctx.tx.task.findFirst({
      where: { orgId: ctx.orgId, OR: [{ ownerId: userId }, { assignerId: userId }, { helperIds: { has: userId } }] },
      orderBy: { createdAt: 'desc' },
      select: { ref: true },
    });
    return task?.ref;
  },
  continuations: {
    complete: completeWithNote,
    send_back: sendBackWithReason,
    refuse_extension: refuseExtensionWithReason,
  },
  helpText:
    '流程：校领导「交办」（综合办公室代录时写明「领导」）→ 负责人办理，「进展」报告进度 →「完成」后交办领导在卡片上验收（可退回重办）。负责人可「延期」申请新的截止时间，由交办领导同意；交办领导可「取消」撤销。',
};
