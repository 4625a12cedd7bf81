import type { MachineDefinition } from '../../kit/state-machine.js';

/**
 * Spec 3.4. The states are the CHECK's (migration 20261204000000_meetings). A 改期 keeps the meeting
 * where it was (approved or notified: the notices go out again); `held` is reached when the meeting
 * ends (its timer) or when 纪要 or 决议 come in after the start, whichever is first.
 */
export type MeetingState =
  'requested' | 'approved' | 'notified' | 'held' | 'minutes_published' | 'closed' | 'rejected' | 'cancelled';

export type MeetingEvent =
  | 'request'
  | 'approve'
  | 'reject'
  | 'notify'
  | 'reschedule'
  | 'cancel'
  | 'end'
  | 'record_minutes'
  | 'return_minutes'
  | 'publish_minutes'
  | 'close';

export const MEETING_MACHINE: MachineDefinition<MeetingState, MeetingEvent> = {
  itemName: '会议',
  states: {
    requested: { label: '待审批' },
    approved: { label: '已批准' },
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
    reject: { label: '驳回', from: ['requested'], to: 'rejected', by: ['office'] },
    notify: { label: '发出通知', from: ['approved'], to: 'notified' },
    reschedule: { label: '改期', from: ['approved', 'notified'], to: 'approved', by: ['requester', 'office'] },
    cancel: {
      label: '取消',
      from: ['requested', 'approved', 'notified'],
      to: 'cancelled',
      by: ['requester', 'office'],
    },
    end: { label: '会议结束', from: ['approved', 'notified'], to: 'held' },
    record_minutes: { label: '提交纪要', from: ['held'], to: 'held', by: ['holder', 'requester'] },
    // the 主持's 退回 on the sign-off card: the approval engine's decision, applied by the system
    return_minutes: { label: '退回纪要', from: ['held'], to: 'held' },
    publish_minutes: { label: '发布纪要', from: ['held'], to: 'minutes_published' },
    close: { label: '办结', from: ['minutes_published'], to: 'closed', by: ['office'] },
  },
};
