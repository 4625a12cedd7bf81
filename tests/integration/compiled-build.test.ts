import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWecom, type FakeWecom } from '../../src/fake-wecom/server.js';
import { adminQuery } from '../support/admin-query.js';
import { deleteRedisPrefix } from '../support/redis-server.js';
import { databaseUrl, TEST_REDIS_URL } from '../support/services.js';
import { spawnService, spawnedServiceEnv } from '../support/spawn-service.js';
import { TEST_AGENT_ID, TEST_KEYS, TEST_SECRET } from '../support/test-service.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function newestSourceMs(folder: string): number {
  return Math.max(
    ...readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs),
  );
}

/**
 * The Docker image runs JavaScript compiled into dist/ (issue 7: it starts faster and holds less
 * memory than tsx). npm test compiles it in its type-check step; run alone, this test compiles it.
 */
describe('the compiled build, as the Docker image runs it', () => {
  const name = `xiaoban_t_built_${randomBytes(4).toString('hex')}`;
  const queuePrefix = `xbt-built-${randomBytes(4).toString('hex')}`;
  let fake: FakeWecom;

  beforeAll(async () => {
    const main = join(ROOT, 'dist/src/main.js');
    const isStale = (() => {
      try {
        return (
          statSync(main).mtimeMs < Math.max(newestSourceMs(join(ROOT, 'src')), newestSourceMs(join(ROOT, 'cards')))
        );
      } catch {
        return true;
      }
    })();
    if (isStale) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    fake = await startFakeWecom({ port: 0, corpId: TEST_KEYS.corpId, secret: TEST_SECRET, agentId: TEST_AGENT_ID });
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await deleteRedisPrefix(TEST_REDIS_URL, queuePrefix);
  });

  it('migrates a new database with node dist/scripts/db-migrate.js, then serves with node dist/src/main.js and stops on SIGTERM', async () => {
    const migrate = spawnSync(process.execPath, ['dist/scripts/db-migrate.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl(name) },
      encoding: 'utf8',
    });
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/^migrations: \d+ applied, 0 already applied$/m);

    const service = await spawnService(
      spawnedServiceEnv({ databaseUrl: databaseUrl(name), wecomApiBase: fake.url, queuePrefix }),
      { nodeArgs: ['dist/src/main.js'] },
    );
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(200);
    await service.kill('SIGTERM');
    expect(service.child.exitCode).toBe(0);
  });
});
