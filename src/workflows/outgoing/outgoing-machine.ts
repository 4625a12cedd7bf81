import type { MachineDefinition } from '../../kit/state-machine.js';

/**
 * Spec 3.3. Review, co-sign and sign-off are the steps of one approval (the engine's); the state
 * follows the step that is open, so a draft with no 会签 goes from 核稿 straight to 签发, and one
 * whose 核稿 nobody else holds (the office drafting) starts at its 会签.
 */
export type OutgoingState =
  | 'drafting'
  | 'reviewing'
  | 'cosigning'
  | 'awaiting_signoff'
  | 'returned'
  | 'issued'
  | 'sealing'
  | 'distributed'
  | 'archived'
  | 'cancelled';

export type OutgoingEvent =
  | 'submit'
  | 'resubmit'
  | 'to_cosign'
  | 'cosign'
  | 'to_signoff'
  | 'sign'
  | 'return'
  | 'open_seal'
  | 'distribute'
  | 'archive'
  | 'cancel';

/** The states a draft is in while its approval is open. */
export const IN_APPROVAL: readonly OutgoingState[] = ['reviewing', 'cosigning', 'awaiting_signoff'];

/** Before sign-off: what a new file version may still change. */
export const BEFORE_SIGNOFF: readonly OutgoingState[] = ['drafting', ...IN_APPROVAL, 'returned'];

export const OUTGOING_MACHINE: MachineDefinition<OutgoingState, OutgoingEvent> = {
  itemName: '发文',
  states: {
    drafting: { label: '拟稿' },
    reviewing: { label: '核稿中' },
    cosigning: { label: '会签中' },
    awaiting_signoff: { label: '待签发' },
    returned: { label: '已退回修改' },
    issued: { label: '已签发' },
    sealing: { label: '已签发，用印中' },
    distributed: { label: '已分发' },
    archived: { label: '已归档', isFinal: true },
    cancelled: { label: '已撤销', isFinal: true },
  },
  transitions: {
    submit: { label: '提交核稿', from: ['drafting'], to: 'reviewing', by: ['requester'] },
    resubmit: { label: '重新提交', from: ['returned'], to: 'reviewing', by: ['requester'] },
    to_cosign: { label: '送会签', from: ['drafting', 'returned', 'reviewing'], to: 'cosigning', by: ['holder'] },
    cosign: { label: '会签同意', from: ['cosigning'], to: 'cosigning', by: ['holder'] },
    to_signoff: {
      label: '送签发',
      from: ['drafting', 'returned', 'reviewing', 'cosigning'],
      to: 'awaiting_signoff',
      by: ['holder'],
    },
    sign: { label: '签发', from: ['drafting', 'returned', ...IN_APPROVAL], to: 'issued', by: ['holder'] },
    return: { label: '退回', from: IN_APPROVAL, to: 'returned', by: ['holder'] },
    // the seal request is opened by the sign-off itself
    open_seal: { label: '送用印', from: ['issued'], to: 'sealing' },
    distribute: { label: '分发', from: ['issued', 'sealing'], to: 'distributed', by: ['office'] },
    archive: { label: '归档', from: ['distributed'], to: 'archived', by: ['office'] },
    cancel: {
      label: '撤销',
      from: [...BEFORE_SIGNOFF, 'issued', 'sealing'],
      to: 'cancelled',
      by: ['requester', 'office'],
    },
  },
};

/** The state a draft is in while `stepName` is open. */
export function stateForStep(stepName: string): OutgoingState {
  if (stepName === '核稿') return 'reviewing';
  if (stepName === '会签') return 'cosigning';
  return 'awaiting_signoff';
}
