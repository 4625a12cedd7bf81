import { stateLabel } from '../../kit/state-machine.js';
import type { WorkflowModule } from '../../kit/workflow-module.js';
import { SEAL_MACHINE } from './seal-machine.js';
import { SEAL_ACTION_NAMES } from './seal-status-view.js';

/** The seal request's stored names in its own words: `approval:12` is 审批卡片, `approve_step` is 同意. */
export const describeSealNames: NonNullable<WorkflowModule['describe']> = {
  state(state) {
    if (/^approval:\d+$/.test(state)) return '审批';
    const label = stateLabel(SEAL_MACHINE, state);
    return label === state ? undefined : label;
  },
  action: (action) => SEAL_ACTION_NAMES[action],
};
