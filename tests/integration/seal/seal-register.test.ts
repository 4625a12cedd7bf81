import { execFile } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../support/test-service.js';
import { cardFor, mark, submitSeal, waitForText } from '../../support/seal-helpers.js';

/** `npm run audit:verify` against the test database, as an operator would run it. */
function auditVerify(databaseUrl: string): Promise<{ exitCode: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'audit:verify'],
      { env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 20_000 },
      (error, stdout) => {
        resolve({ exitCode: error ? Number((error as { code?: number }).code ?? -1) : 0, stdout });
      },
    );
  });
}

/** psql, in effect: the statements a person with database access would run to tamper with the register. */
async function psql(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('the 用印登记 register is hash-chained and verifiable', () => {
  let t: TestService;
  let refs: string[];
  beforeAll(async () => {
    t = await startTestService();
    // 赵立 heads 校领导 and is its 分管领导: his own requests need no approval, so three uses are quick
    refs = [];
    for (const copies of [2, 3, 1]) {
      const ref = await submitSeal(t, 'zhaoli', { 份数: copies });
      await cardFor(t, 'liuqiang', ref);
      const since = mark(t, 'liuqiang');
      await t.sendText('liuqiang', `已用印 ${ref}`);
      await waitForText(t, 'liuqiang', `已登记 ${ref}`, { since });
      refs.push(ref);
    }
  });
  afterAll(async () => {
    await t.stop();
  });

  async function verifyEndpoint(authorization?: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${t.url}/admin/seal-register/verify`, {
      headers: authorization ? { authorization } : {},
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('an untouched register verifies: the script exits 0 and the endpoint answers 200 isIntact', async () => {
    const rows = await t.db.prisma.sealRegisterEntry.findMany({ orderBy: { seq: 'asc' } });
    expect(rows.map((row) => [row.seq, row.requestRef, row.copies])).toEqual([
      [1, refs[0], 2],
      [2, refs[1], 3],
      [3, refs[2], 1],
    ]);

    const script = await auditVerify(t.db.url);
    expect(script.exitCode).toBe(0);
    expect(script.stdout).toContain('demo（示范中学）用印登记 3 条：哈希链完整');

    const { status, body } = await verifyEndpoint(`Bearer ${t.env.ADMIN_TOKEN}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ orgId: 'demo', entries: 3, isIntact: true });
  });

  it('the verify endpoint refuses a missing or wrong admin token with 401', async () => {
    expect((await verifyEndpoint()).status).toBe(401);
    expect((await verifyEndpoint(`Bearer ${t.env.ADMIN_TOKEN}x`)).status).toBe(401);
    expect((await verifyEndpoint(t.env.ADMIN_TOKEN)).status).toBe(401);
  });

  it('the table itself refuses an UPDATE while its trigger is on', async () => {
    await expect(psql(t.db.url, 'UPDATE seal_register SET copies = 99 WHERE seq = 2')).rejects.toThrow();
    expect((await t.db.prisma.sealRegisterEntry.findFirstOrThrow({ where: { seq: 2 } })).copies).toBe(3);
  });

  it('a tampered record is caught at that record: the script exits 1 naming 第 2 条, the endpoint answers 409', async () => {
    await psql(
      t.db.url,
      'ALTER TABLE seal_register DISABLE TRIGGER seal_register_append_only; UPDATE seal_register SET copies = 99 WHERE seq = 2;',
    );
    try {
      const script = await auditVerify(t.db.url);
      expect(script.exitCode).toBe(1);
      expect(script.stdout).toContain(`第 2 条（${refs[1]}）校验失败：记录内容与其哈希不符（本条被改动）`);

      const { status, body } = await verifyEndpoint(`Bearer ${t.env.ADMIN_TOKEN}`);
      expect(status).toBe(409);
      expect(body).toMatchObject({ isIntact: false, firstBroken: { seq: 2, requestRef: refs[1] } });
    } finally {
      // put the original back: the chain verifies again, so the next test starts from an intact register
      await psql(
        t.db.url,
        'UPDATE seal_register SET copies = 3 WHERE seq = 2; ALTER TABLE seal_register ENABLE TRIGGER seal_register_append_only;',
      );
    }
    expect((await verifyEndpoint(`Bearer ${t.env.ADMIN_TOKEN}`)).status).toBe(200);
  });

  it('deleting a record in the middle is caught where the gap is', async () => {
    await psql(
      t.db.url,
      'ALTER TABLE seal_register DISABLE TRIGGER seal_register_append_only; DELETE FROM seal_register WHERE seq = 2; ALTER TABLE seal_register ENABLE TRIGGER seal_register_append_only;',
    );
    const script = await auditVerify(t.db.url);
    expect(script.exitCode).toBe(1);
    expect(script.stdout).toContain(
      `用印登记 2 条：第 3 条（${refs[2]}）校验失败：序号应为 2，实际为 3（有记录被删除或插入）`,
    );

    const { status, body } = await verifyEndpoint(`Bearer ${t.env.ADMIN_TOKEN}`);
    expect(status).toBe(409);
    expect(body).toMatchObject({ isIntact: false, firstBroken: { seq: 3, requestRef: refs[2] } });
  });
});
