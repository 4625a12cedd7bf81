import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../../src/db/prisma.js';
import type { BaseContext } from '../../../src/kit/context.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { closeUsedSealRequests } from '../../../src/workflows/seal/close-used-seal-requests.js';
import { buildDailySealSummary } from '../../../src/workflows/seal/daily-seal-summary.js';
import { startTestService, type TestService } from '../../support/test-service.js';
import { cardFor, findRequest, mark, submitSeal, waitForText } from '../../support/seal-helpers.js';

describe('the daily seal summary for the office director', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

  async function command(user: string, text: string, expected: string): Promise<void> {
    const since = mark(t, user);
    await t.sendText(user, text);
    await waitForText(t, user, expected, { since });
  }

  /** 赵立's own requests need no approval: straight to the keeper. */
  async function readyToStamp(seal: string, copies: number): Promise<string> {
    const ref = await submitSeal(t, 'zhaoli', { 印章: seal, 份数: copies });
    await cardFor(t, 'liuqiang', ref);
    return ref;
  }

  it("counts the day's uses and copies per seal, and lists open and blocked requests", async () => {
    await command('liuqiang', `已用印 ${await readyToStamp('校章', 2)}`, '已登记');
    await command('liuqiang', `已用印 ${await readyToStamp('校章', 4)} 份数:3`, '已登记');
    await command('liuqiang', `已用印 ${await readyToStamp('法人章', 1)}`, '已登记');
    const inApproval = await submitSeal(t, 'chenhao');
    const awaitingKeeper = await readyToStamp('校章', 1);
    const blocked = await readyToStamp('法人章', 2);
    await command('liuqiang', '印章异常 印章:法人章 说明:印章遗失', '已暂停印章「法人章」');
    expect(await findRequest(t, blocked)).toMatchObject({ state: 'blocked' });

    const lastUse = await t.db.prisma.sealRegisterEntry.findFirstOrThrow({ orderBy: { seq: 'desc' } });
    const org = t.service.orgs.defaultOrg();
    const options = { orgId: org.orgId, timezone: org.timezone, directory: org.directory };
    const summary = await buildDailySealSummary(t.db.prisma, { ...options, day: lastUse.usedAt });

    expect(summary.usesBySeal).toEqual([
      { sealName: '校章', uses: 2, copies: 5 },
      { sealName: '法人章', uses: 1, copies: 1 },
    ]);
    expect(summary.openRequests).toEqual([
      { ref: inApproval, state: 'in_approval', holder: '李华' },
      { ref: awaitingKeeper, state: 'approved', holder: '刘强' },
    ]);
    expect(summary.blocked).toEqual([blocked]);
    expect(summary.suspendedSeals).toEqual(['法人章']);
    const lines = summary.markdown.split('\n');
    expect(lines[0]).toMatch(/^\*\*用印日报 \d{2}月\d{2}日\*\*$/);
    expect(lines).toContain('校章：用印2次，共5份');
    expect(lines).toContain('法人章：用印1次，共1份');
    expect(lines).toContain(`待审批：${inApproval}（李华）`);
    expect(lines).toContain(`待用印：${awaitingKeeper}（刘强）`);
    expect(lines).toContain(`<font color="warning">暂停的印章：法人章；受阻申请：${blocked}</font>`);

    // the day before had no uses: the counts are for the day asked about, not for ever
    const dayBefore = await buildDailySealSummary(t.db.prisma, {
      ...options,
      day: new Date(lastUse.usedAt.getTime() - 24 * 3600_000),
    });
    expect(dayBefore.usesBySeal).toEqual([
      { sealName: '校章', uses: 0, copies: 0 },
      { sealName: '法人章', uses: 0, copies: 0 },
    ]);

    await command('wangfang', '印章恢复 印章:法人章', '已恢复使用');
    const restored = await buildDailySealSummary(t.db.prisma, { ...options, day: lastUse.usedAt });
    expect(restored.blocked).toEqual([]);
    expect(restored.markdown.split('\n').at(-1)).toBe('<font color="info">没有暂停的印章</font>');
  });

  it('files the stamped requests after the summary (used -> closed), once, and 查询 shows it', async () => {
    const ref = await readyToStamp('校章', 1);
    await command('liuqiang', `已用印 ${ref}`, '已登记');
    const used = await findRequest(t, ref);
    expect(used.state).toBe('used');
    const at = new Date(used.usedAt!.getTime() + 60_000);
    const asSchedule = (tx: Tx): BaseContext => ({
      tx,
      orgId: 'demo',
      timezone: 'Asia/Shanghai',
      directory: t.service.orgs.defaultOrg().directory,
      clock: fixedClock(at),
    });
    const closed = await t.db.prisma.$transaction((tx) => closeUsedSealRequests(asSchedule(tx), { usedBefore: at }));
    expect(closed).toContain(ref);
    expect((await findRequest(t, ref)).state).toBe('closed');
    expect(await t.db.prisma.$transaction((tx) => closeUsedSealRequests(asSchedule(tx), { usedBefore: at }))).toEqual(
      [],
    );
    await command('zhaoli', `查询 ${ref}`, '【' + ref + ' 用印申请】已办结');
    const history = await t.db.prisma.auditLog.findMany({ where: { itemRef: ref, action: 'close' } });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ via: 'schedule', actorId: 'system', fromState: 'used', toState: 'closed', at });
  });
});
