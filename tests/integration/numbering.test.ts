import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/directory/build-directory.js';
import { parseOrgFile } from '../../src/directory/load-org-file.js';
import type { Directory } from '../../src/directory/types.js';
import type { ActorContext, BaseContext } from '../../src/kit/context.js';
import { allocateArchiveCode } from '../../src/kit/numbering/allocate-archive-code.js';
import { allocateDocumentNumber } from '../../src/kit/numbering/allocate-document-number.js';
import { allocateIncomingNumber } from '../../src/kit/numbering/allocate-incoming-number.js';
import { allocateReference } from '../../src/kit/numbering/allocate-reference.js';
import { listVoids } from '../../src/kit/numbering/list-voids.js';
import { voidNumber } from '../../src/kit/numbering/void-number.js';
import { fixedClock, type Clock } from '../../src/shared/clock.js';
import { isRefusal } from '../../src/shared/errors.js';
import { allocateFromProcesses } from '../support/spawn-allocators.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const config = parseOrgFile(readFileSync('config/org.yaml', 'utf8'), 'config/org.yaml');
const directory = buildDirectory(config);
const { archive: _archive, ...configWithoutArchive } = config;
const directoryWithoutArchive = buildDirectory(configWithoutArchive);

describe('numbering on a real database (spec 2.4)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.prisma.organization.create({ data: { id: 'demo', name: '示范中学', timezone: 'Asia/Shanghai' } });
  });
  afterAll(async () => {
    await db?.drop();
  });

  interface RunOptions {
    clock?: Clock;
    actor?: string;
    directory?: Directory;
  }

  /** Runs `work` in one transaction, as a schedule (system actor) or as the person named. */
  function inTransaction<T>(work: (ctx: BaseContext) => Promise<T>, options: RunOptions = {}): Promise<T> {
    return db.prisma.$transaction(async (tx) => {
      const base: BaseContext = {
        tx,
        orgId: 'demo',
        timezone: 'Asia/Shanghai',
        directory: options.directory ?? directory,
        clock: options.clock ?? fixedClock('2026-06-01T02:00:00Z'),
      };
      if (options.actor === undefined) return work(base);
      const actor: ActorContext = {
        ...base,
        actor: base.directory.person(options.actor)!,
        via: 'command',
        reply: async () => undefined,
      };
      return work(actor);
    });
  }

  async function refusalOf(work: Promise<unknown>): Promise<string> {
    const error: unknown = await work.then(
      () => new Error('expected a refusal, the work was done'),
      (caught: unknown) => caught,
    );
    if (isRefusal(error)) return error.userMessage;
    throw error;
  }

  it('200 sign-offs at once from two processes get 校发〔2026〕1号 … 200号, each once', async () => {
    const perProcess = await allocateFromProcesses({
      databaseUrl: db.url,
      processes: 2,
      commitsEach: 100,
      rollbacksEach: 10,
    });
    const all = perProcess.flat();
    expect(perProcess.map((numbers) => numbers.length)).toEqual([100, 100]);
    expect(new Set(all).size).toBe(200);
    const numbers = all.map((text) => Number(/^校发〔2026〕(\d+)号$/.exec(text)![1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // each process got numbers below and above 100: they were allocating at the same time, not in turn
    for (const numbersOfOne of perProcess) {
      const own = numbersOfOne.map((text) => Number(/〕(\d+)号/.exec(text)![1]));
      expect(Math.min(...own)).toBeLessThanOrEqual(100);
      expect(Math.max(...own)).toBeGreaterThan(100);
    }
    // the 20 transactions that rolled back after allocating left no trace: the next is 201
    const next = await inTransaction((ctx) => allocateDocumentNumber(ctx, '校发'));
    expect(next.text).toBe('校发〔2026〕201号');
  });

  it('a transaction that rolls back after allocating takes its number back: nothing reused, nothing skipped', async () => {
    const first = await inTransaction((ctx) => allocateIncomingNumber(ctx));
    await expect(
      inTransaction(async (ctx) => {
        const number = await allocateIncomingNumber(ctx);
        throw new Error(`rolled back after allocating ${number.text}`);
      }),
    ).rejects.toThrow('rolled back after allocating 收〔2026〕2号');
    const next = await inTransaction((ctx) => allocateIncomingNumber(ctx));
    expect([first.text, next.text]).toEqual(['收〔2026〕1号', '收〔2026〕2号']);
  });

  it('收文编号 restart in the new year at midnight in Shanghai, not in UTC', async () => {
    const clock = fixedClock('2026-12-31T15:59:00Z');
    const lastOf2026 = await inTransaction((ctx) => allocateIncomingNumber(ctx), { clock });
    clock.set('2026-12-31T17:00:00Z');
    const firstOf2027 = await inTransaction((ctx) => allocateIncomingNumber(ctx), { clock });
    expect(lastOf2026.text).toMatch(/^收〔2026〕\d+号$/);
    expect(firstOf2027).toEqual({ scope: '收文:2027', number: 1, text: '收〔2027〕1号' });
  });

  it('each 发文字号 series counts on its own; an unknown series is refused naming those that exist', async () => {
    const numbers = await inTransaction(async (ctx) => [
      (await allocateDocumentNumber(ctx, 'xiaoban')).text,
      (await allocateDocumentNumber(ctx, '校办')).text,
    ]);
    expect(numbers).toEqual(['校办〔2026〕1号', '校办〔2026〕2号']);
    expect(await refusalOf(inTransaction((ctx) => allocateDocumentNumber(ctx, '党发')))).toBe(
      '没有「党发」这个发文字号系列。现有：校发、校办。',
    );
  });

  it('件号 restart per 年度 + 保管期限 + 机构', async () => {
    const codes = await inTransaction(async (ctx) => [
      (await allocateArchiveCode(ctx, { departmentId: 'office', retention: '30年' })).text,
      (await allocateArchiveCode(ctx, { departmentId: 'office', retention: '30年' })).text,
      (await allocateArchiveCode(ctx, { departmentId: 'office', retention: '永久' })).text,
      (await allocateArchiveCode(ctx, { departmentId: 'academic', retention: '30年' })).text,
      (await allocateArchiveCode(ctx, { departmentId: 'office', retention: '30年', year: 2025 })).text,
      (await allocateArchiveCode(ctx, { departmentId: 'office', retention: '10年' })).text,
    ]);
    expect(codes).toEqual([
      '0194-WS·2026-D30-BGS-0001',
      '0194-WS·2026-D30-BGS-0002',
      '0194-WS·2026-Y-BGS-0001',
      '0194-WS·2026-D30-JWC-0001',
      '0194-WS·2025-D30-BGS-0001',
      '0194-WS·2026-D10-BGS-0001',
    ]);
  });

  it('档号 without `archive` in the org file start at the 门类 code; a department without a code is refused', async () => {
    const code = await inTransaction(
      (ctx) => allocateArchiveCode(ctx, { departmentId: 'office', retention: '10年', year: 2024 }),
      { directory: directoryWithoutArchive },
    );
    expect(code).toEqual({ scope: '档号:2024:D10', number: 1, text: 'WS·2024-D10-0001' });

    const withoutCodes = buildDirectory({ ...config, archive: { fonds: '0194', departmentCodes: {} } });
    expect(
      await refusalOf(
        inTransaction((ctx) => allocateArchiveCode(ctx, { departmentId: 'office', retention: '永久' }), {
          directory: withoutCodes,
        }),
      ),
    ).toContain('请综合办公室在组织文件的 archive.department_codes 中添加 office 的代码');
  });

  it('references continue the counters seal requests already used', async () => {
    await db.prisma.counter.create({ data: { orgId: 'demo', scope: 'R', value: 11 } });
    expect(await inTransaction((ctx) => allocateReference(ctx, 'R'))).toBe('R12');
    expect(await inTransaction((ctx) => allocateReference(ctx, 'H'))).toBe('H1');
  });

  it('a voided 文号 is recorded as 作废 with who and why, never given again, and cannot be voided twice', async () => {
    const clock = fixedClock('2026-09-01T02:00:00Z');
    const [first, second] = await inTransaction(async (ctx) => [
      await allocateDocumentNumber(ctx, 'xiaoban'),
      await allocateDocumentNumber(ctx, 'xiaoban'),
    ]);
    expect(second!.text).toBe(`校办〔2026〕${first!.number + 1}号`);

    const voided = await inTransaction(
      (ctx) => voidNumber(ctx, { scope: second!.scope, number: second!.number, reason: '发文已撤销' }),
      { actor: 'wangfang', clock },
    );
    expect(voided).toBe(second!.text);
    // the counter only moves forward: the voided last number is not handed out again
    const next = await inTransaction((ctx) => allocateDocumentNumber(ctx, 'xiaoban'));
    expect(next.number).toBe(second!.number + 1);

    expect(
      await refusalOf(
        inTransaction((ctx) => voidNumber(ctx, { scope: second!.scope, number: second!.number, reason: '再试' })),
      ),
    ).toBe(`${second!.text} 已经作废，不能再次作废。`);
    expect(
      await refusalOf(
        inTransaction((ctx) => voidNumber(ctx, { scope: next.scope, number: next.number + 1, reason: '提前作废' })),
      ),
    ).toBe(`校办〔2026〕${next.number + 1}号 还没有分配，不能作废。`);
    expect(
      await refusalOf(inTransaction((ctx) => voidNumber(ctx, { scope: '收文:2031', number: 1, reason: '无' }))),
    ).toBe('收〔2031〕1号 还没有分配，不能作废。');

    // a schedule voiding acts as the system actor
    await inTransaction((ctx) => voidNumber(ctx, { scope: first!.scope, number: first!.number, reason: '重复签发' }), {
      clock,
    });
    const voids = await inTransaction((ctx) => listVoids(ctx, second!.scope));
    expect(voids.map(({ text, reason, voidedBy, voidedAt }) => ({ text, reason, voidedBy, voidedAt }))).toEqual([
      { text: first!.text, reason: '重复签发', voidedBy: 'system', voidedAt: clock.now() },
      { text: second!.text, reason: '发文已撤销', voidedBy: 'wangfang', voidedAt: clock.now() },
    ]);
    const audit = await db.prisma.auditLog.findMany({ where: { itemType: 'number' }, orderBy: { id: 'asc' } });
    expect(
      audit.map(({ itemRef, action, actorId, via, comment }) => ({ itemRef, action, actorId, via, comment })),
    ).toEqual([
      { itemRef: second!.text, action: 'void', actorId: 'wangfang', via: 'command', comment: '发文已撤销' },
      { itemRef: first!.text, action: 'void', actorId: 'system', via: 'schedule', comment: '重复签发' },
    ]);
  });
});
