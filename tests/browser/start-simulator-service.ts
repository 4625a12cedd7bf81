import type { FakeWecomControl } from '../../src/fake-wecom/types.js';
import type { WorkflowModule } from '../../src/kit/workflow-module.js';
import type { MovableClock } from '../../src/shared/clock.js';
import { createSimulatorRoutes } from '../../src/simulator/create-simulator-routes.js';
import { workflowVocabulary } from '../../src/app/workflow-vocabulary.js';
import { startTestService, TEST_AGENT_ID, TEST_KEYS, type TestService } from '../support/test-service.js';

/**
 * The test service with the simulator mounted, as main.ts mounts it with XIAOBAN_FAKE_WECOM=1.
 * startTestService creates its fake WeCom before startXiaoban asks for the extra routes, but hands
 * it back only afterwards; the routes read the fake per request, so they get a late-bound handle.
 */
export async function startSimulatorService(
  options: { clock?: MovableClock; workflows?: WorkflowModule[] } = {},
): Promise<TestService> {
  let harness: TestService | undefined;
  const fake = lateBound<FakeWecomControl>(() => harness?.fake, 'the fake WeCom');
  harness = await startTestService({
    ...(options.clock ? { clock: options.clock } : {}),
    overrides: {
      ...(options.workflows ? { workflows: options.workflows } : {}),
      extraRoutes: (deps) => [
        createSimulatorRoutes({
          fake,
          keys: TEST_KEYS,
          agentId: TEST_AGENT_ID,
          deps,
          describe: workflowVocabulary(),
          ...(options.clock ? { clock: options.clock } : {}),
        }),
      ],
    },
  });
  return harness;
}

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
