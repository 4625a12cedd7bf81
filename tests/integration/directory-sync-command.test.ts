import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrgFile } from '../../src/directory/load-org-file.js';
import { contactsFromOrgConfig } from '../../src/fake-wecom/contacts-from-org.js';
import { startFakeWecom, type FakeWecom } from '../../src/fake-wecom/server.js';
import { TEST_REDIS_URL } from '../support/services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_AGENT_ID, TEST_KEYS, TEST_SECRET } from '../support/test-service.js';

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `npm run directory:sync` as an operator runs it: real client, real HTTP to the fake WeCom, real database. */
describe('npm run directory:sync', () => {
  let db: TestDatabase;
  let fake: FakeWecom;
  beforeAll(async () => {
    db = await createTestDatabase();
    const contacts = contactsFromOrgConfig(await loadOrgFile('config/org.yaml'));
    contacts.users.push({ userid: 'newteacher', name: '新老师', department: [contacts.departments[3]!.id], status: 1 });
    const zhangyan = contacts.users.find((user) => user.userid === 'zhangyan')!;
    zhangyan.status = 5; // left the school
    fake = await startFakeWecom({
      port: 0,
      corpId: TEST_KEYS.corpId,
      secret: TEST_SECRET,
      agentId: TEST_AGENT_ID,
      contacts,
    });
  });
  afterAll(async () => {
    await fake.close();
    await db.drop();
  });

  it('pulls departments and members with a progress display, keeps roles from the file, and records leavers', async () => {
    // Asynchronous on purpose: the fake WeCom answers from this very process.
    const result = await run('npx', ['--no-install', 'tsx', 'scripts/directory-sync.ts'], {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      WECOM_API_BASE: fake.url,
      WECOM_CORP_ID: TEST_KEYS.corpId,
      WECOM_AGENT_ID: String(TEST_AGENT_ID),
      WECOM_SECRET: TEST_SECRET,
      WECOM_TOKEN: TEST_KEYS.token,
      WECOM_ENCODING_AES_KEY: TEST_KEYS.encodingAesKey,
      XIAOBAN_QUEUE_PREFIX: `xbt-sync-${process.pid}`,
      LOG_LEVEL: 'warn',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/部门 13\/13 /);
    expect(result.stdout).toMatch(/people \d+ updated, 1 added, 1 deactivated/);
    const newcomer = await db.prisma.person.findUnique({
      where: { orgId_userId: { orgId: 'demo', userId: 'newteacher' } },
    });
    expect(newcomer).toMatchObject({ name: '新老师', roles: ['staff'], isActive: true, source: 'wecom' });
    const leaver = await db.prisma.person.findUnique({
      where: { orgId_userId: { orgId: 'demo', userId: 'zhangyan' } },
    });
    expect(leaver?.isActive).toBe(false);
    const keeper = await db.prisma.person.findUnique({
      where: { orgId_userId: { orgId: 'demo', userId: 'liuqiang' } },
    });
    expect(keeper?.roles).toContain('seal_keeper');
    expect(fake.calls().byPath['/cgi-bin/user/list']).toBe(13);
  });
});
