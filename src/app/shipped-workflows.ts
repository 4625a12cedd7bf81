import { sealWorkflow } from '../workflows/seal/seal-module.js';
import { sealOffers } from '../workflows/seal/seal-offers.js';
import { taskWorkflow } from '../workflows/tasks/task-module.js';
import { taskOffers } from '../workflows/tasks/task-offers.js';
import { createIncomingWorkflow } from '../workflows/incoming/incoming-module.js';
import { createOutgoingWorkflow } from '../workflows/outgoing/outgoing-module.js';
import { createMeetingWorkflow } from '../workflows/meetings/meeting-module.js';
import type { WorkflowModule } from '../kit/workflow-module.js';

/** The workflow modules this build ships, in the order 帮助 lists them. */
export const SHIPPED_WORKFLOWS: WorkflowModule[] = [
  sealWorkflow,
  taskWorkflow,
  createIncomingWorkflow({ tasks: taskOffers }),
  createOutgoingWorkflow({ seals: sealOffers }),
  createMeetingWorkflow({ tasks: taskOffers }),
];
