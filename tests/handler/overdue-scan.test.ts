import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlannedMessage } from '../../src/kit/system-messages.js';
import { planOverdueScan } from '../../src/schedules/jobs/overdue-scan.js';
import { taskOffers } from '../../src/workflows/tasks/task-offers.js';
import { actAs } from '../support/act-as.js';
import { createHandlerHarness, type HandlerHarness } from '../support/handler-harness.js';

/**
 * 超时提醒 (spec 4) on tasks assigned through the commands, the clock moved to each morning's
 * 09:05 scan. Times are Beijing. 教务处: head 李华, 分管领导 周敏; office director 王芳.
 */
const at = (local: string): string => new Date(`${local}+08:00`).toISOString();

async function scanAt(h: HandlerHarness, local: string): Promise<PlannedMessage[]> {
  h.clock.set(at(local));
  const { result, sent } = await actAs(h, 'wangfang', (ctx) => planOverdueScan(ctx));
  // the scan plans; it sends nothing itself (the held-message queue does)
  expect(sent).toEqual([]);
  return result;
}

/** What each person gets, as `userid topic` → text, sorted for a stable comparison. */
function byRecipient(planned: PlannedMessage[]): Record<string, string> {
  const entries = planned.map((message) => [`${message.toUserId} ${message.topic}`, message.text] as const);
  expect(new Set(entries.map(([key]) => key)).size).toBe(entries.length);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

describe('the overdue scan: reminders, the ladder and the director’s list', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-11-30T09:00:00') });
    // all due Wed 12-02 18:00. 刘洋 holds two; 李华, head of 教务处, holds one of his own department
    await h.say('zhoumin', '交办 内容:制定期末考试安排 负责:刘洋 截止:12月2日');
    await h.say('zhoumin', '交办 内容:修订教学常规 负责:刘洋 截止:12月2日');
    await h.say('zhoumin', '交办 内容:统计期中成绩 负责:李华 截止:12月2日');
    // 张岩 is in 教务处, but the task is 总务处's: its escalation goes to 总务处's head 何军
    await h.say('zhoumin', '交办 内容:清点实验室器材 负责:张岩 截止:12月2日');
    await h.db.prisma.task.updateMany({ where: { ref: 'R4' }, data: { departmentId: 'general' } });
    // done in time: never reminded
    await h.say('zhoumin', '交办 内容:上报课时统计 负责:陈浩 截止:12月2日');
    await h.say('chenhao', '完成 R5');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('gives a heads-up the working day before the deadline, once per person for all their items', async () => {
    expect(await scanAt(h, '2026-11-30T09:05:00')).toEqual([]);
    expect(byRecipient(await scanAt(h, '2026-12-01T09:05:00'))).toEqual({
      'lihua due_soon': '到期提醒：R3 督办事项（统计期中成绩）将于 12-02 18:00 到期，请按时办理。',
      'liuyang due_soon':
        '到期提醒：您有2项事项即将到期，请按时办理：\n1. R1 督办事项（制定期末考试安排），12-02 18:00 到期。\n2. R2 督办事项（修订教学常规），12-02 18:00 到期。',
      'zhangyan due_soon': '到期提醒：R4 督办事项（清点实验室器材）将于 12-02 18:00 到期，请按时办理。',
    });
    // the heads-up is once: the deadline day's scan does not repeat it
    expect(await scanAt(h, '2026-12-02T09:05:00')).toEqual([]);
  });

  it('0 working days overdue: reminds the holders only, one message for several items', async () => {
    expect(byRecipient(await scanAt(h, '2026-12-03T09:05:00'))).toEqual({
      'lihua overdue':
        '超时提醒：R3 督办事项（统计期中成绩）已过截止时间，截止 12-02 18:00。请尽快办理，发送「查询 R3」查看详情。',
      'liuyang overdue':
        '超时提醒：您有2项事项已逾期，请尽快办理：\n1. R1 督办事项（制定期末考试安排）已过截止时间，截止 12-02 18:00。\n2. R2 督办事项（修订教学常规）已过截止时间，截止 12-02 18:00。\n发送「查询 编号」查看详情。',
      'zhangyan overdue':
        '超时提醒：R4 督办事项（清点实验室器材）已过截止时间，截止 12-02 18:00。请尽快办理，发送「查询 R4」查看详情。',
    });
  });

  it("plans nothing in a run at night (a late run after downtime): the next morning's scan reminds, once", async () => {
    expect(await scanAt(h, '2026-12-03T23:00:00')).toEqual([]);
  });

  it('1 working day overdue: still the holders only', async () => {
    expect(Object.keys(byRecipient(await scanAt(h, '2026-12-04T09:05:00')))).toEqual([
      'lihua overdue',
      'liuyang overdue',
      'zhangyan overdue',
    ]);
  });

  it("2 working days overdue (over the weekend): also the item's department head, skipped where the head holds it", async () => {
    const planned = byRecipient(await scanAt(h, '2026-12-07T09:05:00'));
    expect(planned).toEqual({
      'hejun overdue_escalation':
        '逾期督促：R4 督办事项（清点实验室器材）已逾期2个工作日，截止 12-02 18:00，待张岩（总务处）办理。请督促办理。',
      'lihua overdue':
        '超时提醒：R3 督办事项（统计期中成绩）已逾期2个工作日，截止 12-02 18:00。请尽快办理，发送「查询 R3」查看详情。',
      // R3 is 李华's own: the head level resolves to the holder and is skipped
      'lihua overdue_escalation':
        '逾期督促：以下2项事项已逾期，请督促办理：\n1. R1 督办事项（制定期末考试安排）已逾期2个工作日，截止 12-02 18:00，待刘洋（教务处）办理。\n2. R2 督办事项（修订教学常规）已逾期2个工作日，截止 12-02 18:00，待刘洋（教务处）办理。',
      'liuyang overdue': expect.stringContaining('您有2项事项已逾期'),
      'zhangyan overdue': expect.stringContaining('R4 督办事项（清点实验室器材）已逾期2个工作日'),
    });
    const levels = await h.db.prisma.workItem.findMany({
      where: { kind: 'task', doneAt: null },
      orderBy: { itemRef: 'asc' },
      select: { itemRef: true, escalationLevel: true },
    });
    expect(levels).toEqual(['R1', 'R2', 'R3', 'R4'].map((itemRef) => ({ itemRef, escalationLevel: 1 })));
  });

  it('a second scan the same day plans nothing', async () => {
    expect(await scanAt(h, '2026-12-07T11:00:00')).toEqual([]);
  });

  it('4 working days overdue: also the 分管领导, and the office director gets one merged list', async () => {
    const planned = byRecipient(await scanAt(h, '2026-12-09T09:05:00'));
    expect(Object.keys(planned)).toEqual([
      'hejun overdue_escalation',
      'lihua overdue',
      'lihua overdue_escalation',
      'liuyang overdue',
      'qianjun overdue_escalation',
      'wangfang overdue_director_list',
      'zhangyan overdue',
      'zhoumin overdue_escalation',
    ]);
    // 周敏, 分管 教务处, gets R1–R3 in one message; 总务处's R4 goes to its 分管领导 钱军
    expect(planned['zhoumin overdue_escalation']).toBe(
      '逾期督促：以下3项事项已逾期，请督促办理：\n' +
        '1. R1 督办事项（制定期末考试安排）已逾期4个工作日，截止 12-02 18:00，待刘洋（教务处）办理。\n' +
        '2. R2 督办事项（修订教学常规）已逾期4个工作日，截止 12-02 18:00，待刘洋（教务处）办理。\n' +
        '3. R3 督办事项（统计期中成绩）已逾期4个工作日，截止 12-02 18:00，待李华（教务处）办理。',
    );
    expect(planned['qianjun overdue_escalation']).toContain('R4 督办事项（清点实验室器材）已逾期4个工作日');
    expect(planned['wangfang overdue_director_list']).toBe(
      '逾期事项日报：今日4项事项逾期已报分管领导：\n' +
        '1. R1 督办事项（制定期末考试安排）已逾期4个工作日，截止 12-02 18:00，待刘洋（教务处）办理，分管领导周敏。\n' +
        '2. R2 督办事项（修订教学常规）已逾期4个工作日，截止 12-02 18:00，待刘洋（教务处）办理，分管领导周敏。\n' +
        '3. R3 督办事项（统计期中成绩）已逾期4个工作日，截止 12-02 18:00，待李华（教务处）办理，分管领导周敏。\n' +
        '4. R4 督办事项（清点实验室器材）已逾期4个工作日，截止 12-02 18:00，待张岩（总务处）办理，分管领导钱军。',
    );
    const levels = await h.db.prisma.workItem.findMany({ where: { kind: 'task', doneAt: null } });
    expect(levels.map((item) => item.escalationLevel)).toEqual([2, 2, 2, 2]);
    expect(await scanAt(h, '2026-12-09T15:00:00')).toEqual([]);
  });

  it('stops once the item is done', async () => {
    h.clock.set(at('2026-12-09T16:00:00'));
    await h.say('liuyang', '完成 R1');
    const planned = byRecipient(await scanAt(h, '2026-12-10T09:05:00'));
    expect(planned['liuyang overdue']).toBe(
      '超时提醒：R2 督办事项（修订教学常规）已逾期5个工作日，截止 12-02 18:00。请尽快办理，发送「查询 R2」查看详情。',
    );
    expect(JSON.stringify(planned)).not.toContain('R1');
  });
});

describe('the overdue scan over the National Day holiday', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-09-28T09:00:00') });
    // due Wed 09-30 18:00, the eve of 国庆 (10-01 to 10-07 off; Sat 10-10 a 调休 working day)
    await h.say('zhoumin', '交办 内容:制定期末考试安排 负责:刘洋 截止:9月30日');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts no holiday as an overdue day, and counts the 调休 Saturday', async () => {
    // on a holiday the scan plans nothing at all
    expect(await scanAt(h, '2026-10-05T09:05:00')).toEqual([]);
    // eight calendar days later, not one working day has ended since the deadline
    expect(await scanAt(h, '2026-10-08T09:05:00')).toEqual([
      {
        toUserId: 'liuyang',
        topic: 'overdue',
        text: '超时提醒：R1 督办事项（制定期末考试安排）已过截止时间，截止 09-30 18:00。请尽快办理，发送「查询 R1」查看详情。',
      },
    ]);
    expect((await scanAt(h, '2026-10-09T09:05:00')).map((message) => message.toUserId)).toEqual(['liuyang']);
    const saturday = await scanAt(h, '2026-10-10T09:05:00');
    expect(saturday.map((message) => [message.toUserId, message.topic])).toEqual([
      ['liuyang', 'overdue'],
      ['lihua', 'overdue_escalation'],
    ]);
    expect(saturday[0]!.text).toContain('已逾期2个工作日');
    // Sunday 10-11 does not count: Monday morning is 3 (10-08, 10-09, 10-10), short of the 分管领导's 4
    const monday = await scanAt(h, '2026-10-12T09:05:00');
    expect(monday.map((message) => message.toUserId)).toEqual(['liuyang', 'lihua']);
    expect(monday[0]!.text).toContain('已逾期3个工作日');
  });
});

describe('the overdue scan, run twice at once, and on a 秘密 task', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-11-30T09:00:00') });
    await actAs(h, 'yangxue', (ctx) =>
      taskOffers.createTaskFrom(ctx, {
        sourceRef: 'S7',
        sourceKind: 'document',
        sourceLabel: 'S7 领导批示',
        content: '核查某涉密事项的落实情况',
        ownerId: 'dengchao',
        assignerId: 'zhaoli',
        recordedBy: 'yangxue',
        dueAt: new Date(at('2026-12-02T18:00:00')),
        secrecy: '秘密',
      }),
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('plans each reminder once when two processes scan at the same moment', async () => {
    h.clock.set(at('2026-12-09T09:05:00'));
    const runs = await Promise.all([1, 2].map(() => actAs(h, 'wangfang', (ctx) => planOverdueScan(ctx))));
    const planned = runs.flatMap((run) => run.result);
    expect(planned.map((message) => `${message.toUserId} ${message.topic}`).sort()).toEqual([
      'dengchao overdue',
      'hejun overdue_escalation',
      'qianjun overdue_escalation',
      'wangfang overdue_director_list',
    ]);
    expect(await h.db.prisma.reminderLog.count()).toBe(4);
    // the content of a 秘密 task is in none of them
    expect(JSON.stringify(planned)).not.toContain('核查某涉密事项');
    expect(planned.find((message) => message.toUserId === 'dengchao')!.text).toBe(
      '超时提醒：R1 督办事项（秘密事项，请到综合办公室查阅）已逾期4个工作日，截止 12-02 18:00。请尽快办理，发送「查询 R1」查看详情。',
    );
  });
});
