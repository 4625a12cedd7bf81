import type { WorkflowVocabulary } from '../simulator/inspect-card.js';
import type { WorkflowModule } from '../kit/workflow-module.js';
import { SHIPPED_WORKFLOWS } from './shipped-workflows.js';

/** Every shipped workflow's words for its stored states and actions, keyed by the workflow's id. */
export function workflowVocabulary(modules: WorkflowModule[] = SHIPPED_WORKFLOWS): WorkflowVocabulary {
  const byId = new Map(modules.map((module) => [module.id, module]));
  return {
    state: (workflow, state) => byId.get(workflow)?.describe?.state(state),
    action: (workflow, action) => byId.get(workflow)?.describe?.action(action),
  };
}
