import { stateLabel } from '../../kit/state-machine.js';
import type { WorkflowModule } from '../../kit/workflow-module.js';
import { SEAL_MACHINE } from './seal-machine.js';
import { SEAL_ACTION_NAMES } from './seal-status-view.js';

/** The seal request's stored names in its own words: `in_approval:0` is 第1步审批, `approve` is 同意. */
export const describeSealNames: NonNullable<WorkflowModule['describe']> = {
  state(state) {
    const step = /^in_approval:(\d+)$/.exec(state);
    if (step) return `第${Number(step[1]) + 1}步审批`;
    const label = stateLabel(SEAL_MACHINE, state);
    return label === state ? undefined : label;
  },
  action: (action) => SEAL_ACTION_NAMES[action],
};
