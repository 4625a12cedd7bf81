import { expect } from 'vitest';
import type { TestService } from './test-service.js';

/**
 * Moves the service's clock as the demo does (POST /simulator/api/clock, spec 2.2; the service
 * started with a movable clock, tests/browser/start-simulator-service.ts): it then runs, once and
 * late, what fell due in the skipped time — the timer tick among the schedules — and this waits
 * until everything that sent is delivered to the fake WeCom. `to` is local time with its offset.
 */
export async function moveClock(t: TestService, to: string): Promise<void> {
  const response = await fetch(`${t.url}/simulator/api/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to }),
  });
  expect(response.status).toBe(200);
  await t.quiesce();
}
