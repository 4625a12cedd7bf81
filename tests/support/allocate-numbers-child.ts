/**
 * One of the processes in the cross-process numbering test (tests/integration/numbering.test.ts):
 * `node --import tsx tests/support/allocate-numbers-child.ts <databaseUrl> <commits> <rollbacks>`.
 *
 * Connects, says `ready`, waits for `go` on stdin (so both processes start together), then runs all
 * its transactions at once, each allocating the next 校发 文号 as a sign-off would and holding the
 * counter's lock a moment, as a sign-off's other writes do. Every transaction in `rollbacks` throws
 * after allocating. Prints the 文号 its committed transactions got as one JSON line, and exits.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createPrisma } from '../../src/db/prisma.js';
import { buildDirectory } from '../../src/directory/build-directory.js';
import { parseOrgFile } from '../../src/directory/load-org-file.js';
import { allocateDocumentNumber } from '../../src/kit/numbering/allocate-document-number.js';
import { fixedClock } from '../../src/shared/clock.js';

const [databaseUrl, commitsArg, rollbacksArg] = process.argv.slice(2);
const commits = Number(commitsArg);
const rollbacks = Number(rollbacksArg);
const directory = buildDirectory(parseOrgFile(readFileSync('config/org.yaml', 'utf8'), 'config/org.yaml'));
const clock = fixedClock('2026-06-01T02:00:00Z');
const prisma = createPrisma(databaseUrl!, { poolSize: 10 });

class RolledBack extends Error {}

/** Resolves to the 文号 when committed, null when rolled back on purpose. */
async function signOff(shouldRollBack: boolean): Promise<string | null> {
  try {
    return await prisma.$transaction(
      async (tx) => {
        const number = await allocateDocumentNumber(
          { tx, orgId: 'demo', timezone: 'Asia/Shanghai', directory, clock },
          'xiaofa',
        );
        await tx.$queryRaw`SELECT 1`; // the rest of a sign-off, with the counter locked
        if (shouldRollBack) throw new RolledBack();
        return number.text;
      },
      // all at once on a pool of 10: most wait for a connection, then for the counter's lock
      { maxWait: 60_000, timeout: 60_000 },
    );
  } catch (error) {
    if (error instanceof RolledBack) return null;
    throw error;
  }
}

await prisma.$queryRaw`SELECT 1`;
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line === 'go') break;
lines.close();

// the rollbacks spread among the commits, so they happen in the middle of the other process's run
const plan: boolean[] = Array.from({ length: commits }, () => false);
for (let k = 0; k < rollbacks; k++) plan.splice(Math.floor(((k + 0.5) * commits) / rollbacks) + k, 0, true);
const results = await Promise.all(plan.map((shouldRollBack) => signOff(shouldRollBack)));
process.stdout.write(`${JSON.stringify(results.filter((text) => text !== null))}\n`);
await prisma.$disconnect();
