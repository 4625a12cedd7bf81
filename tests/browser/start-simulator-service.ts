import type { FakeWecomControl } from '../../src/fake-wecom/types.js';
import { createSimulatorRoutes } from '../../src/simulator/create-simulator-routes.js';
import type { WorkflowVocabulary } from '../../src/simulator/inspect-card.js';
import { stateLabel } from '../../src/workflows/state-machine.js';
import { approvalCardState, SEAL_MACHINE } from '../../src/workflows/seal/seal-machine.js';
import { SEAL_WORKFLOW_ID } from '../../src/workflows/seal/send-seal-cards.js';
import { startTestService, TEST_AGENT_ID, TEST_KEYS, type TestService } from '../support/test-service.js';

/**
 * The test service with the simulator mounted, as main.ts mounts it with XIAOBAN_FAKE_WECOM=1.
 * startTestService creates its fake WeCom before startXiaoban asks for the extra routes, but hands
 * it back only afterwards; the routes read the fake per request, so they get a late-bound handle.
 */
export async function startSimulatorService(): Promise<TestService> {
  let harness: TestService | undefined;
  const fake = lateBound<FakeWecomControl>(() => harness?.fake, 'the fake WeCom');
  harness = await startTestService({
    overrides: { extraRoutes: (deps) => [createSimulatorRoutes({ fake, keys: TEST_KEYS, agentId: TEST_AGENT_ID, deps, describe: SEAL_VOCABULARY })] },
  });
  return harness;
}

/** Seal requests can have at most this many approval steps (法人章: three); a few to spare. */
const MAX_APPROVAL_STEPS = 9;

/**
 * The seal workflow's own words, read from its machine: state labels, the approval card of each
 * step (in_approval:0 → 第1步审批), and the transitions' labels for the audit actions named like
 * them. The audit actions `submit` and `approve` have no transition of that name; their words live
 * in seal-status-view.ts (ACTION_NAMES, not exported), so they show by internal name until the seal
 * module exposes them.
 */
const SEAL_VOCABULARY: WorkflowVocabulary = {
  state(workflow, state) {
    if (workflow !== SEAL_WORKFLOW_ID) return undefined;
    for (let index = 0; index < MAX_APPROVAL_STEPS; index += 1) {
      if (approvalCardState(index) === state) return `第${index + 1}步审批`;
    }
    const label = stateLabel(SEAL_MACHINE, state);
    return label === state ? undefined : label;
  },
  action(workflow, action) {
    if (workflow !== SEAL_WORKFLOW_ID) return undefined;
    return (SEAL_MACHINE.transitions as Record<string, { label: string } | undefined>)[action]?.label;
  },
};

/** An object whose every property is read from `resolve()` at the moment of use. */
function lateBound<T extends object>(resolve: () => T | undefined, what: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const target = resolve();
      if (!target) throw new Error(`${what} is not available yet`);
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
