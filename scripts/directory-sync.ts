// npm run directory:sync: pulls departments and members from WeCom contacts into the directory.
// Roles, seals and approval chains stay as the org file says (spec 2.3).
import { Redis } from 'ioredis';
import { parseEnv, readFileBackedVariables } from '../src/config/env.js';
import { createPrisma } from '../src/db/prisma.js';
import { loadOrgFile } from '../src/directory/load-org-file.js';
import { syncDirectoryFromWecom } from '../src/directory/sync-from-wecom.js';
import { loadDirectory } from '../src/directory/load-directory.js';
import { buildCatalog } from '../src/app/build-catalog.js';
import { handOverAfterReload } from '../src/app/hand-over-after-reload.js';
import { systemClock } from '../src/shared/clock.js';
import { createLogger } from '../src/shared/logger.js';
import { createWecomClient } from '../src/wecom/client.js';

let isProgressLineOpen = false;

async function main(): Promise<void> {
  const env = parseEnv(await readFileBackedVariables(process.env));
  const config = await loadOrgFile(env.ORG_FILE, { defaultTimezone: env.TZ_DEFAULT });
  const prisma = createPrisma(env.DATABASE_URL, { poolSize: 2 });
  const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const wecom = createWecomClient({
      apiBase: env.WECOM_API_BASE,
      corpId: env.WECOM_CORP_ID,
      secret: env.WECOM_SECRET,
      agentId: env.WECOM_AGENT_ID,
      redis,
      // The service's key prefix, so the sync and the running service share one access token.
      keyPrefix: `${env.XIAOBAN_QUEUE_PREFIX ?? 'xiaoban'}:`,
      logger: createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL),
    });
    const { report } = await syncDirectoryFromWecom({
      wecom,
      prisma,
      config,
      onProgress: ({ index, total, departmentName, memberCount }) => {
        process.stderr.write(`\r\x1b[K部门 ${index}/${total} ${departmentName} … 成员 ${memberCount}`);
        isProgressLineOpen = index < total;
        if (!isProgressLineOpen) process.stderr.write('\n');
      },
    });
    console.log(
      `directory:sync ${config.org.id}: departments ${report.departmentsMatched} matched, ${report.departmentsAdded} added; ` +
        `people ${report.peopleUpdated} updated, ${report.peopleAdded} added, ${report.peopleDeactivated} deactivated`,
    );
    for (const warning of report.warnings) console.log(`  warning: ${warning}`);
    // People WeCom deactivated hand their open steps over now; the running service sees the synced
    // directory at its next reload (SIGHUP).
    const moved = await handOverAfterReload({
      prisma,
      orgId: config.org.id,
      timezone: config.org.timezone,
      directory: await loadDirectory(prisma, config),
      catalog: buildCatalog(),
      clock: systemClock,
      logger: createLogger(env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL),
    });
    console.log(`hand-over: ${moved === undefined ? 'nothing changed since the last one' : `${moved} moved`}`);
  } finally {
    await prisma.$disconnect();
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  if (isProgressLineOpen) process.stderr.write('\n');
  // EnvError and OrgFileError messages are already written for a person (an OrgFileError, one problem a line).
  console.error(`directory:sync failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
