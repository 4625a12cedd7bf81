import type { MachineDefinition } from '../../kit/state-machine.js';

/**
 * Spec 3.2. The spec's `approved/instructed → circulating → handling` is one state, `handling`:
 * circulation runs beside handling (传阅 is allowed from approval on and changes no state), so the
 * leader's approval or 批示 starts both at once. A 退回 leaves it `returned` until the next 拟办.
 */
export type IncomingState =
  'registered' | 'proposed' | 'returned' | 'handling' | 'completed' | 'archived' | 'cancelled';

export type IncomingEvent = 'propose' | 'approve' | 'instruct' | 'return' | 'complete' | 'archive' | 'cancel';

export const INCOMING_MACHINE: MachineDefinition<IncomingState, IncomingEvent> = {
  itemName: '收文',
  states: {
    registered: { label: '已登记，待拟办' },
    proposed: { label: '已拟办，待领导签批' },
    returned: { label: '拟办被退回，待重新拟办' },
    handling: { label: '办理中' },
    completed: { label: '已办结，待归档' },
    archived: { label: '已归档', isFinal: true },
    cancelled: { label: '已撤销', isFinal: true },
  },
  transitions: {
    propose: { label: '拟办', from: ['registered', 'returned'], to: 'proposed', by: ['office'] },
    approve: { label: '同意拟办', from: ['proposed'], to: 'handling', by: ['holder'] },
    instruct: { label: '批示', from: ['proposed'], to: 'handling', by: ['holder'] },
    return: { label: '退回拟办', from: ['proposed'], to: 'returned', by: ['holder'] },
    complete: { label: '办结', from: ['handling'], to: 'completed', by: ['holder', 'office'] },
    archive: { label: '归档', from: ['completed'], to: 'archived', by: ['office'] },
    cancel: {
      label: '撤销',
      from: ['registered', 'proposed', 'returned', 'handling'],
      to: 'cancelled',
      by: ['requester', 'office'],
    },
  },
};
