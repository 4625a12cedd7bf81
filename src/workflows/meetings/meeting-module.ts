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
  };
}
