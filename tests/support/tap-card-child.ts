/**
 * One of the processes in the approval engine's race (tests/integration/approval-engine.test.ts):
 * `node --import tsx tests/support/tap-card-child.ts <databaseUrl> <orgFile> <now> <userId> <taskId> <key>`.
 *
 * Connects, says `ready`, waits for `go` on stdin (so both processes tap together), then runs the
 * tap through the real dispatch in one transaction, as the worker does for a card event. A
 * transaction that fails is run once more, as the queue would retry the event. Prints one JSON line,
 * each attempt's error or `{ ok: true }`, and exits. What people were sent is read from the outbox
 * by the test: with two transactions at once, only the committed rows say who got what.
 */
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { buildCatalog } from '../../src/app/build-catalog.js';
import { SHIPPED_WORKFLOWS } from '../../src/app/shipped-workflows.js';
import { createPrisma } from '../../src/db/prisma.js';
import { buildDirectory } from '../../src/directory/build-directory.js';
import { loadOrgFile } from '../../src/directory/load-org-file.js';
import { dispatchEvent } from '../../src/inbound/dispatch-event.js';
import type { OrgRuntime } from '../../src/runtime/org-runtime.js';
import { fixedClock } from '../../src/shared/clock.js';
import type { WecomApi } from '../../src/wecom/types.js';
import { testApprovalWorkflow } from './test-approval-workflow.js';

export type TapAttempt = { ok: true } | { error: string };

const [databaseUrl, orgFile, now, userId, taskId, key] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const config = await loadOrgFile(orgFile);
const org: OrgRuntime = {
  orgId: config.org.id,
  timezone: config.org.timezone,
  keys: { token: '', encodingAesKey: '', corpId: '' },
  directory: buildDirectory(config),
  wecom: {} as WecomApi,
};
const deps = {
  org,
  catalog: buildCatalog([...SHIPPED_WORKFLOWS, testApprovalWorkflow]),
  clock: fixedClock(now),
  logger: pino({ level: 'silent' }),
};
const prisma = createPrisma(databaseUrl, { poolSize: 2 });

async function tap(): Promise<TapAttempt> {
  try {
    const payload = { TaskId: taskId, EventKey: key, ResponseCode: `code-${process.pid}` };
    const event = { id: 1n, orgId: org.orgId, fromUserId: userId, msgType: 'event', event: 'template_card_event' };
    await prisma.$transaction((tx) => dispatchEvent(tx, { ...event, payload }, deps), {
      maxWait: 20_000,
      timeout: 20_000,
    });
    return { ok: true };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

await prisma.$queryRaw`SELECT 1`;
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line === 'go') break;
lines.close();

const attempts = [await tap()];
if ('error' in attempts[0]!) attempts.push(await tap());
process.stdout.write(`${JSON.stringify(attempts)}\n`);
await prisma.$disconnect();
