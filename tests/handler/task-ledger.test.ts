import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthPeriod } from '../../src/kit/ledger-period.js';
import { taskLedger, taskOnTimeRate, TASK_LEDGER_COLUMNS } from '../../src/workflows/tasks/task-ledger.js';
import { taskOffers } from '../../src/workflows/tasks/task-offers.js';
import { actAs } from '../support/act-as.js';
import { createHandlerHarness, type HandlerHarness, type Sent } from '../support/handler-harness.js';

/**
 * The 督办台账 (spec 2.7) and the brief's 任务按期完成率 (spec 4) on a fixed data set built through
 * the commands, with the clock moved between them; and a task created from code (a meeting's
 * decision), linked to its source both ways. Times are Beijing; the week is Mon 11-30 to Mon 12-07.
 */
describe('the 督办台账 and the on-time rate', () => {
  let h: HandlerHarness;
  const at = (local: string): string => new Date(`${local}+08:00`).toISOString();
  const refOf = (sent: Sent[]): string =>
    /已交办 (R\d+)/.exec(sent.map((message) => message.text).join('\n'))?.[1] ?? '';

  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-11-30T09:00:00') });
    // R1: on time, verified; helpers in 教务处 (the lead department itself) and 总务处
    const r1 = await h.say(
      'zhoumin',
      '交办 内容:制定期末考试安排 负责:李华 截止:12月2日 验收:校务会通过 协办:陈浩、何军',
    );
    // R2: recorded by the office for 赵立, completed a working day late, verified
    const r2 = await h.say('wangfang', '交办 内容:整理校史馆资料 负责:何军 截止:12月2日 领导:赵立 来源:校长办公会');
    // R3: its deadline agreed later, then left undone
    const r3 = await h.say('zhoumin', '交办 内容:修订教学常规 负责:刘洋 截止:12月3日');
    // R4: withdrawn
    await h.say('zhoumin', '交办 内容:统计期中成绩 负责:张岩 截止:12月4日');
    await h.say('zhoumin', '取消 R4 原因:并入期末工作');
    expect([refOf(r1), refOf(r2), refOf(r3)]).toEqual(['R1', 'R2', 'R3']);

    h.clock.set(at('2026-12-01T10:00:00'));
    await h.say('lihua', '完成 R1 安排表已印发');
    await h.tap('zhoumin', (await h.lastCardTo('zhoumin')).taskId!, 'task_verify');
    await h.say('liuyang', '延期 R3 至:12月9日 原因:等区里安排');
    await h.tap('zhoumin', (await h.lastCardTo('zhoumin')).taskId!, 'task_extension_agree');
    // R5: a meeting's decision, created from code on 12-01
    await actAs(h, 'wangfang', (ctx) =>
      taskOffers.createTaskFrom(ctx, {
        sourceRef: 'H9',
        sourceKind: 'meeting',
        sourceLabel: 'H9 校务会决议',
        content: '完善校园安全巡查制度',
        acceptance: '制度印发',
        ownerId: 'chenhao',
        assignerId: 'zhaoli',
        recordedBy: 'wangfang',
        dueAt: new Date(at('2026-12-04T18:00:00')),
      }),
    );

    h.clock.set(at('2026-12-04T10:00:00'));
    await h.say('hejun', '完成 R2');
    await h.tap('zhaoli', (await h.lastCardTo('zhaoli')).taskId!, 'task_verify');
    h.clock.set(at('2026-12-11T10:00:00'));
  });
  afterAll(async () => {
    await h?.close();
  });

  it("lists November's tasks with the columns of spec 2.7, on time or late derived from the deadlines", async () => {
    const { result } = await actAs(h, 'wangfang', (ctx) => taskLedger(ctx, monthPeriod(2026, 11, ctx.timezone)));
    expect(TASK_LEDGER_COLUMNS.join(' · ')).toBe(
      '督办编号 · 督办事项 · 事项来源 · 交办领导 · 交办日期 · 牵头部门 · 协办部门 · 责任人 · 完成时限 · 进展情况 · 办结日期 · 办结情况 · 审核验收 · 备注',
    );
    expect(result).toEqual([
      [
        'R1',
        '制定期末考试安排',
        '领导交办',
        '周敏',
        '2026-11-30',
        '教务处',
        '总务处',
        '李华',
        '2026-12-02',
        '安排表已印发',
        '2026-12-01',
        '按期办结',
        '验收通过（周敏）',
        '',
      ],
      [
        'R2',
        '整理校史馆资料',
        '校长办公会',
        '赵立',
        '2026-11-30',
        '总务处',
        '',
        '何军',
        '2026-12-02',
        '已验收办结',
        '2026-12-04',
        '逾期办结',
        '验收通过（赵立）',
        '',
      ],
      [
        'R3',
        '修订教学常规',
        '领导交办',
        '周敏',
        '2026-11-30',
        '教务处',
        '',
        '刘洋',
        '2026-12-09',
        '待办理',
        '',
        '逾期未办结',
        '',
        '延期1次（原定2026-12-03）',
      ],
      [
        'R4',
        '统计期中成绩',
        '领导交办',
        '周敏',
        '2026-11-30',
        '教务处',
        '',
        '张岩',
        '2026-12-04',
        '已撤销',
        '',
        '已撤销',
        '',
        '撤销：并入期末工作',
      ],
    ]);
  });

  it('filters by month and by lead department', async () => {
    const { result: december } = await actAs(h, 'wangfang', (ctx) =>
      taskLedger(ctx, monthPeriod(2026, 12, ctx.timezone)),
    );
    expect(december.map((row) => [row[0], row[2], row[7]])).toEqual([['R5', 'H9 校务会决议', '陈浩']]);
    const { result: general } = await actAs(h, 'wangfang', (ctx) =>
      taskLedger(ctx, { ...monthPeriod(2026, 11, ctx.timezone), departmentId: 'general' }),
    );
    expect(general.map((row) => row[0])).toEqual(['R2']);
  });

  it('counts 任务按期完成率 over the tasks whose agreed deadline fell in the week', async () => {
    const week = { from: new Date(at('2026-11-30T00:00:00')), to: new Date(at('2026-12-07T00:00:00')) };
    const { result } = await actAs(h, 'wangfang', (ctx) => taskOnTimeRate(ctx, week));
    // R1 on time; R2 late; R5 not done; R3 moved to the next week; R4 withdrawn
    expect(result).toEqual({ due: 3, onTime: 1, rate: 1 / 3 });
    // Wednesday 17:00, before R2's 18:00 deadline: R2 and R5 have not fallen due; R1 was done in time
    h.clock.set(at('2026-12-02T17:00:00'));
    const midweek = await actAs(h, 'wangfang', (ctx) => taskOnTimeRate(ctx, week));
    h.clock.set(at('2026-12-11T10:00:00'));
    expect(midweek.result).toEqual({ due: 1, onTime: 1, rate: 1 });
    const empty = { from: new Date(at('2026-12-14T00:00:00')), to: new Date(at('2026-12-21T00:00:00')) };
    expect((await actAs(h, 'wangfang', (ctx) => taskOnTimeRate(ctx, empty))).result.rate).toBeUndefined();
  });

  it("shows overdue in working days, derived now, and the link to the task's source from both ends", async () => {
    const r3 = (await h.say('zhoumin', '查询 R3')).map((message) => message.text).join('\n');
    // due Wed 12-09 18:00; by Fri 12-11 10:00 one working day's end (Thu 12-10) has passed
    expect(r3).toContain('【R3 督办事项】待办理（已逾期1个工作日）');
    const r5 = (await h.say('chenhao', '查询 R5')).map((message) => message.text).join('\n');
    expect(r5).toContain('关联：H9（督办来源）');
    expect(r5).toContain('（王芳代录）；来源：H9 校务会决议');
    expect(await h.db.prisma.itemLink.findMany({ select: { fromRef: true, toRef: true, kind: true } })).toEqual([
      { fromRef: 'R5', toRef: 'H9', kind: 'task_from' },
    ]);
  });
});

describe('a 秘密 task made from a document', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({ now: new Date('2026-11-30T09:00:00+08:00').toISOString() });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sends no card or message that carries its content, and 查询 shows only its reference, 密级 and deadline', async () => {
    const { sent } = await actAs(h, 'yangxue', (ctx) =>
      taskOffers.createTaskFrom(ctx, {
        sourceRef: 'S7',
        sourceKind: 'document',
        sourceLabel: 'S7 领导批示',
        content: '核查某涉密事项的落实情况',
        ownerId: 'hejun',
        helperIds: ['dengchao'],
        assignerId: 'zhaoli',
        recordedBy: 'yangxue',
        dueAt: new Date('2026-12-04T18:00:00+08:00'),
        secrecy: '秘密',
      }),
    );
    const everything = JSON.stringify([
      ...sent,
      ...(await h.say('hejun', '我的待办')),
      ...(await h.say('hejun', '查询 R1')),
    ]);
    expect(everything).not.toContain('核查某涉密事项');
    const card = sent.find((message) => message.to === 'hejun' && message.kind === 'card')!;
    expect(JSON.stringify(card.card)).toContain('秘密');
    const status = (await h.say('zhaoli', '查询 R1')).map((message) => message.text).join('\n');
    expect(status).toContain('密级：秘密（内容请到综合办公室查阅）');
    expect(status).toContain('截止：12-04 18:00（周五）');
  });

  it('keeps no words typed about it: a completion note, a 退回 reason, a 取消 reason', async () => {
    const typed = ['已在三楼会议室核查完毕', '表三的考场数据有误', '改由上级直接办理'];
    const sent = [
      ...(await h.say('hejun', `完成 R1 ${typed[0]}`)),
      ...(await h.tap('zhaoli', (await h.lastCardTo('zhaoli')).taskId!, 'task_send_back')),
      ...(await h.say('zhaoli', typed[1]!)),
      ...(await h.say('zhaoli', `取消 R1 原因:${typed[2]}`)),
    ];
    const stored = JSON.stringify(
      [
        await h.db.prisma.task.findMany(),
        await h.db.prisma.taskNote.findMany(),
        await h.db.prisma.auditLog.findMany({ where: { itemRef: 'R1' } }),
      ],
      (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
    );
    for (const words of typed) {
      expect(JSON.stringify(sent)).not.toContain(words);
      expect(stored).not.toContain(words);
    }
    expect(JSON.stringify(sent)).toContain('（涉密，内容请到综合办公室查阅）');
  });
});
