import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/app/build-catalog.js';
import type { BaseContext } from '../../src/kit/context.js';
import { buildWeeklyBrief, sendWeeklyBrief } from '../../src/schedules/jobs/weekly-brief.js';
import { sendDailySealSummary } from '../../src/schedules/jobs/daily-seal-summary-job.js';
import { taskOffers } from '../../src/workflows/tasks/task-offers.js';
import { actAs } from '../support/act-as.js';
import { asSent, createHandlerHarness, type HandlerHarness, type Sent } from '../support/handler-harness.js';

const at = (local: string): Date => new Date(`${local}+08:00`);
const WEEK = { from: at('2026-11-30T00:00:00'), to: at('2026-12-07T00:00:00') };
const MODULES = buildCatalog().modules;
const SECRET = '核查某涉密事项的落实情况';

/** Runs `work` as a schedule does: no actor (the audit shows 校办助手), one committed transaction. */
async function asSystem<T>(
  h: HandlerHarness,
  work: (ctx: BaseContext) => Promise<T>,
): Promise<{ result: T; sent: Sent[] }> {
  return h.db.prisma.$transaction(async (tx) => {
    const [mark] = await tx.$queryRaw<{ last: bigint | null }[]>`SELECT max(id) AS last FROM outbox_message`;
    const ctx: BaseContext = {
      tx,
      orgId: h.directory.orgId,
      timezone: h.directory.config.org.timezone,
      directory: h.directory,
      clock: h.clock,
    };
    const result = await work(ctx);
    const written = await tx.outboxMessage.findMany({
      where: { id: { gt: mark?.last ?? 0n } },
      orderBy: { id: 'asc' },
    });
    return { result, sent: written.map(asSent) };
  });
}

/**
 * The weekly brief (spec 4) on a fixed data set built through the commands with the clock moved
 * between them. Three weeks before, a seal request with a planned time nobody approved, a 秘密 task
 * and ten tasks with deadlines from 11-11 to 11-24; in the week of Mon 11-30, seal uses, a suspended
 * seal, and five new tasks (on time, late, moved to the next week, withdrawn, due Friday 18:00).
 * The brief is built on Friday 12-04 at 16:05.
 */
describe('the weekly brief', () => {
  let h: HandlerHarness;

  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-11-09T09:00:00').toISOString() });
    // Y1: waits on 李华 since, past its planned use at 15:00
    await h.say('chenhao', '用印 事由:报送区教育局 文件:课题申报书 份数:3 印章:校章 时间:11月9日 15:00');
    // Y2: stamped this day, a week before the brief's
    await h.say('zhaoli', '用印 事由:报送区教育局 文件:年度总结 份数:4 印章:校章');
    await h.say('liuqiang', '已用印 Y2');
    // R1: a 秘密 task from a document
    await actAs(h, 'yangxue', (ctx) =>
      taskOffers.createTaskFrom(ctx, {
        sourceRef: 'S7',
        sourceKind: 'document',
        sourceLabel: 'S7 领导批示',
        content: SECRET,
        ownerId: 'hejun',
        assignerId: 'zhaoli',
        recordedBy: 'yangxue',
        dueAt: at('2026-11-10T18:00:00'),
        secrecy: '秘密',
      }),
    );
    // R2–R11, due one working day after another
    const owners = [
      'chenhao',
      'liuyang',
      'chenhao',
      'liuyang',
      'chenhao',
      'liuyang',
      'chenhao',
      'liuyang',
      'dengchao',
      'dengchao',
    ];
    const days = [
      '11月11日',
      '11月12日',
      '11月13日',
      '11月16日',
      '11月17日',
      '11月18日',
      '11月19日',
      '11月20日',
      '11月23日',
      '11月24日',
    ];
    for (const [index, owner] of owners.entries())
      await h.say('zhoumin', `交办 内容:整改事项${index + 2} 负责:${owner} 截止:${days[index]}`);

    h.clock.set(at('2026-11-30T09:00:00'));
    await h.say('zhoumin', '交办 内容:制定期末考试安排 负责:李华 截止:12月2日'); // R12
    await h.say('wangfang', '交办 内容:整理校史馆资料 负责:何军 截止:12月2日 领导:赵立'); // R13
    await h.say('zhoumin', '交办 内容:修订教学常规 负责:刘洋 截止:12月3日'); // R14
    await h.say('zhoumin', '交办 内容:统计期中成绩 负责:张岩 截止:12月4日'); // R15
    await h.say('zhoumin', '取消 R15 原因:并入期末工作');
    await h.say('zhoumin', '交办 内容:排定监考表 负责:陈浩 截止:12月4日'); // R16
    await h.say('zhaoli', '用印 事由:报送区教育局 文件:经费报告 份数:2 印章:校章'); // Y3
    await h.say('liuqiang', '已用印 Y3');

    h.clock.set(at('2026-12-01T10:00:00'));
    await h.say('lihua', '完成 R12 安排表已印发');
    await h.tap('zhoumin', (await h.lastCardTo('zhoumin')).taskId!, 'task_verify');
    await h.say('liuyang', '延期 R14 至:12月9日 原因:等区里安排');
    await h.tap('zhoumin', (await h.lastCardTo('zhoumin')).taskId!, 'task_extension_agree');
    await h.say('zhaoli', '用印 事由:法人变更 文件:授权书 份数:1 印章:法人章'); // Y4
    await h.say('liuqiang', '已用印 Y4');

    h.clock.set(at('2026-12-02T10:00:00'));
    await h.say('dengchao', '完成 R10'); // a week late: done this week, not in the KPI
    await h.say('zhaoli', '用印 事由:报送区教育局 文件:招生计划 份数:3 印章:校章'); // Y5
    await h.say('liuqiang', '已用印 Y5');
    await h.say('zhaoli', '用印 事由:合同 文件:维修合同 份数:2 印章:法人章'); // Y6
    await h.say('liuqiang', '印章异常 印章:法人章 说明:印章遗失');

    h.clock.set(at('2026-12-04T10:00:00'));
    await h.say('hejun', '完成 R13');
    await h.tap('zhaoli', (await h.lastCardTo('zhaoli')).taskId!, 'task_verify');
    h.clock.set(at('2026-12-04T16:05:00'));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('has a section per built workflow with the numbers of the week and 任务按期完成率', async () => {
    const { result: brief } = await asSystem(h, (ctx) => buildWeeklyBrief(ctx, MODULES, WEEK));
    const blocks = brief.split('\n\n');
    const section = (title: string): string | undefined => blocks.find((block) => block.startsWith(`**${title}**`));
    expect(blocks[0]).toBe('**每周工作简报（11月30日—12月6日）**');
    expect(section('用印')).toBe(
      [
        '**用印**',
        '校章：用印2次，共5份',
        '法人章：用印1次，共1份',
        '在办申请：审批中1件，待用印0件',
        '<font color="warning">暂停的印章：法人章；受阻申请：Y6</font>',
      ].join('\n'),
    );
    // R12 on time; R13 late; R14 moved to next week; R15 withdrawn; R16 due today 18:00: not fallen due yet
    expect(section('督办')).toBe(
      [
        '**督办**',
        '本周新交办5项，完成3项；逾期未办结10项',
        '教务处：新交办4，完成1，逾期8',
        '　· 李华：新交办1，完成1，逾期0',
        '　· 陈浩：新交办1，完成0，逾期4',
        '　· 张岩：新交办1，完成0，逾期0',
        '　· 刘洋：新交办1，完成0，逾期4',
        '总务处：新交办1，完成2，逾期2',
        '　· 何军：新交办1，完成1，逾期1',
        '　· 邓超：新交办0，完成1，逾期1',
        '任务按期完成率：1/2（50%）',
      ].join('\n'),
    );
    // no documents this week: their section counts nothing and its KPI is —, never a made-up number
    expect(section('公文·收文')).toBe(
      ['**公文·收文**', '本周收文0件，办结0件，归档0件', '待领导签批：0件', '传阅逾期：0人次', '公文处理时效：—'].join(
        '\n',
      ),
    );
  });

  it('lists the ten most overdue items, oldest due first, with working days overdue', async () => {
    const { result: brief } = await asSystem(h, (ctx) => buildWeeklyBrief(ctx, MODULES, WEEK));
    const overdue = brief.split('\n\n').at(-1)!.split('\n');
    expect(overdue[0]).toBe('**逾期最久的事项（前10项）**');
    // Y1 due Mon 11-09 15:00: the working days 11-09 … 12-03 have ended since (19); each task one fewer
    expect(overdue.slice(1).map((line) => line.replace(/^(\d+、\S+) .*｜(.*)｜(.*)$/, '$1｜$2｜$3'))).toEqual([
      '1、Y1｜李华｜逾期19个工作日',
      '2、R1｜何军｜逾期17个工作日',
      '3、R2｜陈浩｜逾期16个工作日',
      '4、R3｜刘洋｜逾期15个工作日',
      '5、R4｜陈浩｜逾期14个工作日',
      '6、R5｜刘洋｜逾期13个工作日',
      '7、R6｜陈浩｜逾期12个工作日',
      '8、R7｜刘洋｜逾期11个工作日',
      '9、R8｜陈浩｜逾期10个工作日',
      '10、R9｜刘洋｜逾期9个工作日',
    ]);
    expect(overdue[3]).toBe('3、R2 整改事项2｜陈浩｜逾期16个工作日');
  });

  it("never carries a 秘密 task's content", async () => {
    const { result: brief } = await asSystem(h, (ctx) => buildWeeklyBrief(ctx, MODULES, WEEK));
    expect(brief).toContain('2、R1 秘密事项，请到综合办公室查阅｜何军｜逾期17个工作日');
    expect(brief).not.toContain(SECRET);
    expect(brief).not.toContain('核查');
  });

  it('shows — for the KPI when no task was due in the week', async () => {
    const later = { from: at('2026-12-14T00:00:00'), to: at('2026-12-21T00:00:00') };
    const { result: brief } = await asSystem(h, (ctx) => buildWeeklyBrief(ctx, MODULES, later));
    expect(brief).toContain('任务按期完成率：—');
    expect(brief.split('\n')[0]).toBe('**每周工作简报（12月14日—12月20日）**');
  });

  it('goes at once to every leader and the office director, marked 迟发 when late', async () => {
    const { result: count, sent } = await asSystem(h, (ctx) => sendWeeklyBrief(ctx, MODULES, WEEK, { isLate: false }));
    expect(sent.map((message) => message.to)).toEqual(['zhaoli', 'zhoumin', 'sunwei', 'qianjun', 'wujing', 'wangfang']);
    expect(count).toBe(6);
    expect(new Set(sent.map((message) => message.kind))).toEqual(new Set(['markdown']));
    const { result: brief } = await asSystem(h, (ctx) => buildWeeklyBrief(ctx, MODULES, WEEK));
    expect(sent[0]!.text).toBe(brief);
    const rows = await h.db.prisma.outboxMessage.findMany({ where: { kind: 'markdown' } });
    expect(rows.every((row) => row.notBefore.getTime() === 0)).toBe(true);

    const { sent: late } = await asSystem(h, (ctx) => sendWeeklyBrief(ctx, MODULES, WEEK, { isLate: true }));
    expect(late[0]!.text.split('\n')[0]).toBe('**每周工作简报（11月30日—12月6日）**（迟发）');
  });

  it('简报 answers a leader and the office with this week’s brief, and refuses staff', async () => {
    const { result: brief } = await asSystem(h, (ctx) => buildWeeklyBrief(ctx, MODULES, WEEK));
    const toLeader = await h.say('zhoumin', '简报');
    expect(toLeader).toEqual([{ to: 'zhoumin', kind: 'markdown', text: brief }]);
    expect((await h.say('yangxue', '简报')).map((message) => [message.to, message.kind])).toEqual([
      ['yangxue', 'markdown'],
    ]);
    const refused = await h.say('chenhao', '简报');
    expect(refused).toEqual([
      {
        to: 'chenhao',
        kind: 'text',
        text: '「简报」只有校领导、校长、综合办公室、办公室主任可以使用。发送「帮助」查看您可以使用的命令。',
      },
    ]);
  });
});

describe('a brief longer than one WeCom message', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-11-30T09:00:00').toISOString() });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('goes in numbered parts within 2048 bytes, every line whole', async () => {
    // a section as long as a school's: a workflow with many lines (a test module beside the real ones)
    const lines = Array.from({ length: 120 }, (_, index) => `第${index + 1}行：某部门某事项的统计数字与说明文字`);
    const long = { ...MODULES[0]!, id: 'long', briefSection: () => Promise.resolve({ title: '长节', lines }) };
    const { result: brief, sent } = await asSystem(h, async (ctx) => {
      const text = await buildWeeklyBrief(ctx, [...MODULES, long], WEEK);
      await sendWeeklyBrief(ctx, [...MODULES, long], WEEK, { isLate: true });
      return text;
    });
    const toZhaoli = sent.filter((message) => message.to === 'zhaoli').map((message) => message.text);
    expect(toZhaoli.length).toBeGreaterThan(1);
    for (const [index, part] of toZhaoli.entries()) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(2048);
      expect(part.split('\n')[0]).toBe(
        `**每周工作简报（11月30日—12月6日）**（迟发）（${index + 1}/${toZhaoli.length}）`,
      );
    }
    const received = toZhaoli.flatMap((part) => part.split('\n').slice(1)).filter(Boolean);
    expect(received).toEqual(brief.split('\n').slice(1).filter(Boolean));
    expect(received.join('\n')).not.toContain('内容过长');
  });
});

describe('the daily seal summary job', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-12-01T09:00:00').toISOString() });
    await h.say('zhaoli', '用印 事由:报送区教育局 文件:经费报告 份数:2 印章:校章'); // Y1
    await h.say('liuqiang', '已用印 Y1');
    await h.say('chenhao', '用印 事由:报送区教育局 文件:课题申报书 份数:3 印章:校章'); // Y2, in approval
    h.clock.set(at('2026-12-01T17:35:00'));
  });
  afterAll(async () => {
    await h?.close();
  });

  it("goes to the office director alone, and files the day's stamped requests as the system", async () => {
    const { result: count, sent } = await asSystem(h, (ctx) =>
      sendDailySealSummary(ctx, MODULES, '2026-12-01', { isLate: false }),
    );
    expect(count).toBe(1);
    expect(sent.map((message) => [message.to, message.kind])).toEqual([['wangfang', 'markdown']]);
    expect(sent[0]!.text.split('\n')).toEqual([
      '**用印日报 12月01日**',
      '校章：用印1次，共2份',
      '法人章：用印0次，共0份',
      '待审批：Y2（李华）',
      '待用印：无',
      '<font color="info">没有暂停的印章</font>',
      '已收回归档：Y1',
    ]);
    expect(await h.db.prisma.sealRequest.findFirstOrThrow({ where: { ref: 'Y1' } })).toMatchObject({ state: 'closed' });
    const filed = await h.db.prisma.auditLog.findFirstOrThrow({ where: { itemRef: 'Y1', action: 'close' } });
    expect(filed).toMatchObject({ actorId: 'system', via: 'schedule' });
  });

  it('marks a late summary and files nothing twice', async () => {
    h.clock.set(at('2026-12-02T09:00:00'));
    const { sent } = await asSystem(h, (ctx) => sendDailySealSummary(ctx, MODULES, '2026-12-01', { isLate: true }));
    expect(sent.map((message) => message.to)).toEqual(['wangfang']);
    expect(sent[0]!.text.split('\n')[0]).toBe('**用印日报 12月01日**（迟发）');
    expect(sent[0]!.text).not.toContain('已收回归档');
  });
});
