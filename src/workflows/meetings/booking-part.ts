import { MEETING_ACTIONS } from '../../../cards/index.js';
import type { TaskOffers } from '../../kit/offers.js';
import { stateLabel } from '../../kit/state-machine.js';
import type { WorkflowModule } from '../../kit/workflow-module.js';
import { bookMeeting } from './book-meeting.js';
import { cancelMeeting, mayMeetingBeCancelled } from './cancel-meeting.js';
import { checkInCommand, checkInFromCard } from './check-in.js';
import { approveFromCard, askRejectionReason, rejectWithReason } from './decide-booking.js';
import { holdsMeetingCardStep } from './holds-meeting-card-step.js';
import { bookingPresenter } from './meeting-approval.js';
import { cardKindOf } from './meeting-cards-sent.js';
import { confirmChecklistItem } from './meeting-checklist.js';
import { confirmConflictFromCard } from './meeting-conflicts.js';
import { MEETING_MACHINE } from './meeting-machine.js';
import type { MeetingPart } from './meeting-part.js';
import type { AfterMeetingHooks } from './after-meeting-hooks.js';
import { MEETING_ACTION_NAMES, meetingStatusView } from './meeting-status-view.js';
import { bookingTimers } from './meeting-timers.js';
import { askLeaveReason, attendFromCard, leaveWithReason } from './reply-to-notice.js';
import { rescheduleMeeting } from './reschedule-meeting.js';

const CARD_NAMES: Record<string, string> = {
  notice: '会议通知',
  checkin: '会议提醒（签到）',
  checklist: '会前三个确认',
  conflict: '冲突预警',
};

/**
 * Before the meeting: 会议, 改期, 签到, the office's approval, notices and reminders, 三个确认.
 * Timer kinds: notice, ask_again, reminder_30, checklist, checklist_flag. Card actions: MEETING_ACTIONS. Continuations:
 * booking_reject, leave_reason.
 */
export function bookingPart(
  _offers: { tasks: TaskOffers },
  after: AfterMeetingHooks,
): {
  part: MeetingPart;
  module: Omit<
    WorkflowModule,
    'id' | 'title' | 'refPrefixes' | 'commands' | 'onCardAction' | 'onTimer' | 'continuations'
  >;
} {
  const actionNames = { ...MEETING_ACTION_NAMES, ...after.actionNames };
  return {
    part: {
      commands: [bookMeeting(after), rescheduleMeeting(after), checkInCommand],
      cardActions: {
        [MEETING_ACTIONS.approve]: approveFromCard(after),
        [MEETING_ACTIONS.reject]: askRejectionReason,
        [MEETING_ACTIONS.confirmConflict]: confirmConflictFromCard,
        [MEETING_ACTIONS.attend]: attendFromCard,
        [MEETING_ACTIONS.leave]: askLeaveReason,
        [MEETING_ACTIONS.checkIn]: checkInFromCard,
        [MEETING_ACTIONS.checkVenue]: (ctx, card) => confirmChecklistItem(ctx, card, MEETING_ACTIONS.checkVenue),
        [MEETING_ACTIONS.checkAttendees]: (ctx, card) =>
          confirmChecklistItem(ctx, card, MEETING_ACTIONS.checkAttendees),
        [MEETING_ACTIONS.checkMaterials]: (ctx, card) =>
          confirmChecklistItem(ctx, card, MEETING_ACTIONS.checkMaterials),
      },
      timers: bookingTimers,
      continuations: { booking_reject: rejectWithReason, leave_reason: leaveWithReason },
    },
    module: {
      statusView: meetingStatusView(after, actionNames),
      cancel: cancelMeeting,
      mayCancel: mayMeetingBeCancelled,
      holdsCardStep: holdsMeetingCardStep,
      async approvalPresenter(ctx, itemId, purpose) {
        // the booking's approvals are one per version (booking:<n>); others are the part after the meeting's
        const theirs = after.approvalPresenters?.[purpose];
        if (theirs) return theirs(ctx, itemId);
        const meeting = await ctx.tx.meeting.findFirstOrThrow({ where: { orgId: ctx.orgId, id: itemId } });
        const attendees = await ctx.tx.meetingAttendee.count({ where: { meetingId: itemId } });
        return bookingPresenter(ctx, meeting, attendees);
      },
      async newestRef(ctx) {
        const meeting = await ctx.tx.meeting.findFirst({
          where: {
            orgId: ctx.orgId,
            OR: [{ organizerId: ctx.actor.userId }, { attendees: { some: { userId: ctx.actor.userId } } }],
          },
          orderBy: { createdAt: 'desc' },
          select: { ref: true },
        });
        return meeting?.ref;
      },
      describe: {
        state(state) {
          // a card of one of the meeting's approvals: its booking's or its minutes' sign-off (the
          // holder's row says which; a name given from the stored state alone covers both)
          if (/^approval:\d+$/.test(state)) return '预约审批或纪要签发';
          const kind = cardKindOf(state);
          if (kind) return CARD_NAMES[kind];
          const label = stateLabel(MEETING_MACHINE, state);
          return label === state ? undefined : label;
        },
        action: (action) => actionNames[action],
      },
    },
  };
}
