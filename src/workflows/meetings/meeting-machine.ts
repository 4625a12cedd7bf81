import type { MachineDefinition } from '../../kit/state-machine.js';

/**
 * Spec 3.4, one machine for the whole meeting; its states are the CHECK's (meeting_state_check).
 * The part before the meeting (booking-part.ts) moves a booking from `requested` to `notified`, or
 * to `rejected` or `cancelled`, and reschedules it: a 改期 keeps the state it finds (a meeting
 * already notified is notified again at once), so it is one transition per state it leaves from,
 * all called 改期. The part after it (after-meeting-part.ts) takes it from its end: `held` when it
 * ends (its `ended` timer) or when 纪要 or 决议 come in after the start, `minutes_published` with
 * the minutes, and `closed` (办结) once nothing is left to do: its minutes published and every task
 * its 决议 became verified or withdrawn (its `close_check` timer, at the end of each working day
 * from the one after the minutes). A 决议 may still be recorded until then.
 */
export type MeetingState =
  'requested' | 'approved' | 'notified' | 'held' | 'minutes_published' | 'closed' | 'rejected' | 'cancelled';

export type MeetingEvent =
  | 'request'
  | 'approve'
  | 'approve_at_once'
  | 'reject'
  | 'notify'
  | 'reschedule_request'
  | 'reschedule_approved'
  | 'reschedule_notified'
  | 'cancel'
  | 'end'
  | 'record_minutes'
  | 'return_minutes'
  | 'publish_minutes'
  | 'close';

export const MEETING_MACHINE: MachineDefinition<MeetingState, MeetingEvent> = {
  itemName: '会议',
  states: {
    requested: { label: '待综合办公室审批' },
    approved: { label: '已批准，待发通知' },
    notified: { label: '已通知' },
    held: { label: '已召开，纪要待发布' },
    minutes_published: { label: '纪要已发布' },
    closed: { label: '已办结', isFinal: true },
    rejected: { label: '已驳回', isFinal: true },
    cancelled: { label: '已取消', isFinal: true },
  },
  transitions: {
    request: { label: '预约', from: ['requested'], to: 'requested' },
    approve: { label: '同意', from: ['requested'], to: 'approved', by: ['office'] },
    // a leader's or the principal's booking (spec 3.4), or one whose every approver is its organiser
    approve_at_once: { label: '直接批准', from: ['requested'], to: 'approved' },
    reject: { label: '驳回', from: ['requested'], to: 'rejected', by: ['office'] },
    notify: { label: '发出通知', from: ['approved'], to: 'notified' },
    reschedule_request: { label: '改期', from: ['requested'], to: 'requested', by: ['requester', 'office'] },
    reschedule_approved: { label: '改期', from: ['approved'], to: 'approved', by: ['requester', 'office'] },
    reschedule_notified: { label: '改期', from: ['notified'], to: 'notified', by: ['requester', 'office'] },
    cancel: {
      label: '取消',
      from: ['requested', 'approved', 'notified'],
      to: 'cancelled',
      by: ['requester', 'office'],
    },
    // the part after the meeting
    end: { label: '会议结束', from: ['approved', 'notified'], to: 'held' },
    record_minutes: { label: '提交纪要', from: ['held'], to: 'held', by: ['holder', 'requester'] },
    // the 主持's 退回 on the sign-off card: the approval engine's decision, applied by the system
    return_minutes: { label: '退回纪要', from: ['held'], to: 'held' },
    publish_minutes: { label: '发布纪要', from: ['held'], to: 'minutes_published' },
    // the system's, by the `close_check` timer: nothing of the meeting is open any more
    close: { label: '办结', from: ['minutes_published'], to: 'closed' },
  },
};

/** 改期's transition from each state it may leave from. */
export const RESCHEDULE_EVENT: Partial<Record<MeetingState, MeetingEvent>> = {
  requested: 'reschedule_request',
  approved: 'reschedule_approved',
  notified: 'reschedule_notified',
};
