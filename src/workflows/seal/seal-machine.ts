import type { MachineDefinition } from '../../kit/state-machine.js';

/** Spec 3.1. `in_approval` is one state for every step: the approval engine knows which is open. */
export type SealState =
  'submitted' | 'in_approval' | 'approved' | 'blocked' | 'used' | 'closed' | 'rejected' | 'cancelled';

export type SealEvent =
  | 'start_approval'
  | 'approve_all_skipped'
  | 'approve_step'
  | 'approve_final'
  | 'reject'
  | 'cancel'
  | 'stamp'
  | 'cannot_stamp'
  | 'block'
  | 'unblock'
  | 'close';

export const SEAL_MACHINE: MachineDefinition<SealState, SealEvent> = {
  itemName: '用印申请',
  states: {
    submitted: { label: '已提交' },
    in_approval: { label: '审批中' },
    approved: { label: '已批准，待用印' },
    blocked: { label: '印章暂停，待恢复' },
    used: { label: '已用印' },
    closed: { label: '已办结', isFinal: true },
    rejected: { label: '已驳回', isFinal: true },
    cancelled: { label: '已撤回', isFinal: true },
  },
  transitions: {
    start_approval: { label: '送审', from: ['submitted'], to: 'in_approval' },
    // every step resolved to the applicant (or was given elsewhere): nothing left to approve
    approve_all_skipped: { label: '免审批', from: ['submitted'], to: 'approved' },
    approve_step: { label: '同意', from: ['in_approval'], to: 'in_approval', by: ['holder'] },
    approve_final: { label: '同意', from: ['in_approval'], to: 'approved', by: ['holder'] },
    reject: { label: '驳回', from: ['in_approval'], to: 'rejected', by: ['holder'] },
    cancel: {
      label: '撤回',
      from: ['submitted', 'in_approval', 'approved', 'blocked'],
      to: 'cancelled',
      by: ['requester'],
    },
    stamp: { label: '确认已用印', from: ['approved'], to: 'used', by: ['keeper'] },
    cannot_stamp: { label: '无法用印', from: ['approved'], to: 'closed', by: ['keeper'] },
    // 印章异常 and 印章恢复 act on the seal; the request follows
    block: { label: '因印章暂停而挂起', from: ['approved'], to: 'blocked' },
    unblock: { label: '恢复待用印', from: ['blocked'], to: 'approved' },
    // seeds: 每日对申请单进行汇总 — the daily summary files the day's used requests
    close: { label: '办结', from: ['used'], to: 'closed' },
  },
};

/** The keeper's card is sent for the request being approved. */
export const KEEPER_CARD_STATE = 'approved';
