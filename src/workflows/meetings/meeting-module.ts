import type { TaskOffers } from '../../kit/offers.js';
import type { WorkflowModule } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { afterMeetingPart } from './after-meeting-part.js';
import { bookingPart } from './booking-part.js';
import { MEETING_WORKFLOW_ID, type MeetingPart } from './meeting-part.js';

/** 会议 (spec 3.4): the module joins the part before the meeting and the part after it. */
export function createMeetingWorkflow(offers: { tasks: TaskOffers }): WorkflowModule {
  const after = afterMeetingPart(offers);
  // 查询 H<n> is the booking part's; it adds the lines of the part after the meeting
  const before = bookingPart(offers, {
    ...(after.part.statusLines ? { statusLines: after.part.statusLines } : {}),
    onScheduled: after.onScheduled,
    approvalPresenters: after.approvalPresenters,
    actionNames: after.actionNames,
  });
  const parts: MeetingPart[] = [before.part, after.part];
  const cardActions = Object.assign({}, ...parts.map((part) => part.cardActions)) as MeetingPart['cardActions'];
  const timers = Object.assign({}, ...parts.map((part) => part.timers)) as MeetingPart['timers'];
  return {
    ...before.module,
    id: MEETING_WORKFLOW_ID,
    title: '会议',
    refPrefixes: ['H'],
    commands: parts.flatMap((part) => part.commands),
    async onCardAction(ctx, card, actionKey) {
      const act = cardActions[actionKey];
      if (!act) throw refusal('CONFLICT', `无法识别的操作「${actionKey}」。`);
      return act(ctx, card);
    },
    async onTimer(ctx, timer) {
      // a timer of a kind no part knows any more (an older build's) fires as nothing
      await timers[timer.kind]?.(ctx, timer);
    },
    continuations: Object.assign({}, ...parts.map((part) => part.continuations)) as MeetingPart['continuations'],
    ...(after.briefSection ? { briefSection: after.briefSection } : {}),
    helpText:
      '流程：「会议」预约，学校会议室自提交起为本会保留（冲突时提示空闲会议室和时段），校外、线上地点按所写记录 → 综合办公室任一人同意（校领导的直接批准；参会人员同时段另有决策会/协调会的，先确认冲突预警）→ 提前发通知（默认3天），参会人员点「参加」或「请假」，会前1天二次确认 → 前一个工作日组织人完成三个确认（场地设备、参会名单、材料版本），会前30分钟提醒并「签到」→ 会后记录人发「纪要」（默认24小时内；决策会由主持人签发），议定事项用「决议」交办为督办事项 → 纪要已发布、决议都验收后办结。组织人或综合办公室可「改期」「取消」。',
  };
}
