import type { MachineDefinition } from '../../kit/state-machine.js';

/**
 * Spec 3.5. The spec's `closed` is `verified`: once the assigner accepts the work nothing is left
 * to do, so one final state says both. A 延期 request does not change the state: the task goes on
 * under its old deadline until the assigner agrees (task_extension, the engine's approval).
 */
export type TaskState = 'open' | 'in_progress' | 'done' | 'verified' | 'cancelled';

export type TaskEvent =
  'assign' | 'start' | 'report_progress' | 'complete' | 'verify' | 'send_back' | 'cancel' | 'transfer';

export const TASK_MACHINE: MachineDefinition<TaskState, TaskEvent> = {
  itemName: '督办事项',
  states: {
    open: { label: '待办理' },
    in_progress: { label: '办理中' },
    done: { label: '已完成，待验收' },
    verified: { label: '已验收办结', isFinal: true },
    cancelled: { label: '已撤销', isFinal: true },
  },
  transitions: {
    assign: { label: '交办', from: ['open'], to: 'open' },
    start: { label: '开始办理', from: ['open'], to: 'in_progress', by: ['holder'] },
    report_progress: { label: '报告进展', from: ['open', 'in_progress'], to: 'in_progress', by: ['holder'] },
    complete: { label: '报告完成', from: ['open', 'in_progress'], to: 'done', by: ['holder'] },
    verify: { label: '验收通过', from: ['done'], to: 'verified', by: ['requester'] },
    send_back: { label: '退回重办', from: ['done'], to: 'in_progress', by: ['requester'] },
    cancel: { label: '撤销', from: ['open', 'in_progress', 'done'], to: 'cancelled', by: ['requester'] },
    transfer: { label: '转交', from: ['open', 'in_progress'], to: 'open', by: ['holder', 'office'] },
  },
};
