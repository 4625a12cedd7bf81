import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_WORKFLOWS } from '../../src/app/shipped-workflows.js';
import { workflowScheduleJobs } from '../../src/schedules/workflow-schedule-jobs.js';
import { asSystem } from '../support/as-system.js';
import { createHandlerHarness, type HandlerHarness, type Sent } from '../support/handler-harness.js';

/** A moment in Beijing. */
const at = (local: string): Date => new Date(`${local}+08:00`);
const OFFICE = ['wangfang', 'liuqiang', 'yangxue', 'zhuhong', 'majie'];

const to = (sent: Sent[], userId: string): Sent[] => sent.filter((message) => message.to === userId);
const textTo = (sent: Sent[], userId: string): string =>
  to(sent, userId)
    .filter((message) => message.kind === 'text')
    .map((message) => message.text)
    .join('\n');
const cardsTo = (sent: Sent[], userId: string): Sent[] => to(sent, userId).filter((message) => message.kind === 'card');
const cardOf = (sent: Sent[], userId: string): Sent => {
  const card = cardsTo(sent, userId).at(-1);
  if (!card) throw new Error(`no card to ${userId} in ${JSON.stringify(sent.map((m) => [m.to, m.kind, m.text]))}`);
  return card;
};
const rows = (card: Sent): Record<string, string> =>
  Object.fromEntries((card.card?.horizontal_content_list ?? []).map((row) => [row.keyname, row.value ?? '']));
/** What was sent about one meeting: its cards (their task ids start with the reference) and texts naming it. */
const about = (sent: Sent[], ref: string): Sent[] =>
  sent.filter((message) => message.taskId?.startsWith(`${ref}-`) || new RegExp(`${ref}(?!\\d)`).test(message.text));
const summary = (sent: Sent[]): string[] => sent.map((message) => `${message.to} ${message.kind} ${message.text}`);

async function tickAt(h: HandlerHarness, local: string): Promise<Sent[]> {
  h.clock.set(at(local));
  const { sent } = await asSystem(h, (ctx) =>
    workflowScheduleJobs(SHIPPED_WORKFLOWS).timer_tick(ctx, {
      periodKey: 'tick',
      scheduledAt: ctx.clock.now(),
      isLate: false,
    }),
  );
  return sent;
}

async function pendingTimers(h: HandlerHarness, ref: string): Promise<string[]> {
  const timers = await h.db.prisma.itemTimer.findMany({
    where: { itemRef: ref, firedAt: null, cancelledAt: null },
    orderBy: { dueAt: 'asc' },
  });
  return timers.map(
    (timer) => `${timer.kind} ${timer.dueAt.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(5, 16)}`,
  );
}

/**
 * 会议 before the meeting (spec 2.5, 3.4, issue 13) at handler level, on the demo school with the
 * clock at Monday 30 November 2026, 09:00 in Beijing: booking and its checks, the office's approval,
 * 冲突预警, a leader's booking.
 */
describe('meeting booking: rooms, people, approval', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-11-30T09:00:00').toISOString() });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a booking holds its room and goes to every office member, any one of whom approves', async () => {
    const sent = await h.say(
      'lihua',
      '会议 期中考试协调会 时间:12月3日下午2点 地点:第一会议室 参会:@陈浩 @张岩 议程:考务分工',
    );
    expect(textTo(sent, 'lihua')).toBe(
      [
        '已提交会议预约 H1（期中考试协调会），等待综合办公室（王芳或刘强或杨雪或朱红或马杰）审批。发送「查询 H1」随时查看。',
        '时间：12-03 14:00–15:00（周四）',
        '地点：第一会议室（已为本会议保留）',
        '参会：3人；主持：李华',
      ].join('\n'),
    );
    for (const userId of OFFICE) {
      const card = cardOf(sent, userId);
      expect(card).toMatchObject({ text: '会议预约 H1', buttons: ['meeting_approve', 'meeting_reject'] });
      expect(card.card?.main_title.desc).toBe('第1/1步 · 综合办公室审批');
      expect(card.card?.sub_title_text).toBe('期中考试协调会\n议程：考务分工');
      expect(rows(card)).toEqual({
        时间: '12-03 14:00–15:00（周四）',
        地点: '第一会议室',
        组织人: '李华（教务处）',
        主持: '李华',
        参会: '3人',
        类型: '协调会',
      });
    }
    expect(textTo(await h.say('liuqiang', '我的待办'), 'liuqiang')).toContain(
      'H1 会议审批｜李华（教务处）｜协调会《期中考试协调会》12-03 14:00 第一会议室｜期限 11-30 14:00',
    );

    const approved = await h.tap('liuqiang', cardOf(sent, 'liuqiang').taskId!, 'meeting_approve');
    expect(summary(approved)).toEqual([
      'liuqiang card_update 已同意 · 刘强 11-30 09:00',
      'wangfang card_update 已由刘强同意',
      'yangxue card_update 已由刘强同意',
      'zhuhong card_update 已由刘强同意',
      'majie card_update 已由刘强同意',
      'lihua text 您预约的会议 H1（期中考试协调会）已由综合办公室刘强同意：12-03 14:00–15:00（周四），第一会议室。会议通知将于 11-30 14:00（周一）发给3位参会人员（会前3天）。',
    ]);
    expect(textTo(await h.tap('wangfang', cardOf(sent, 'wangfang').taskId!, 'meeting_approve'), 'wangfang')).toBe(
      'H1 的这张卡片已失效（已由刘强同意），不能再次操作。发送「查询 H1」查看当前状态。',
    );
    expect(await pendingTimers(h, 'H1')).toEqual([
      'notice 11-30 14:00',
      'checklist 12-02 09:00',
      'ask_again 12-02 14:00',
      'checklist_flag 12-03 12:00',
      'reminder_30 12-03 13:30',
      'ended 12-03 15:00',
    ]);
  });

  it("a room taken (even by a request not yet approved) is refused with the rooms free then and the room's next free starts", async () => {
    // 王芳 (office) books the room after H1; her booking goes to the rest of the office
    const h2 = await h.say('wangfang', '会议 办公室例会 时间:12月3日下午3点半 地点:第一会议室 参会:@刘强');
    expect(textTo(h2, 'wangfang')).toContain(
      '已提交会议预约 H2（办公室例会），等待综合办公室（刘强或杨雪或朱红或马杰）审批。',
    );
    expect(cardsTo(h2, 'wangfang')).toEqual([]);
    const h3 = await h.say('hejun', '会议 后勤工作会 时间:12月3日下午2点 时长:2小时 地点:学术报告厅 参会:总务处');
    expect(textTo(h3, 'hejun')).toContain(
      '时间：12-03 14:00–16:00（周四）\n地点：学术报告厅（已为本会议保留）\n参会：2人；主持：何军',
    );
    const hall = await h.db.prisma.meetingAttendee.findMany({
      where: { meeting: { ref: 'H3' } },
      orderBy: { id: 'asc' },
    });
    expect(hall.map((row) => [row.userId, row.departmentId])).toEqual([
      ['hejun', 'general'],
      ['dengchao', 'general'],
    ]);

    const refused = await h.say('chenhao', '会议 教研会 时间:12月3日下午2点半 地点:第一会议室 参会:@刘洋');
    expect(summary(refused)).toEqual([
      'chenhao text ' +
        [
          '第一会议室 12-03 14:30–15:30（周四）已被 H1（14:00–15:00）占用（会议室自提交预约起即为其保留，含待审批的预约）。',
          '该时段空闲的会议室：第二会议室。',
          '第一会议室接下来可订（60分钟）：12-03（周四）16:30、17:00；12-04（周五）08:00。',
          '请换「时间」或「地点」后重新发送。',
        ].join('\n'),
    ]);
    // the refusal left nothing behind: no meeting, no reference used, no booking
    expect(await h.db.prisma.meeting.count()).toBe(3);
    const held = await h.db.prisma.$queryRaw<{ ref: string; room: string }[]>`
      SELECT m.ref, b.room_id AS room FROM room_booking b JOIN meeting m ON m.id = b.meeting_id WHERE b.state = 'held' ORDER BY m.ref`;
    expect(held).toEqual([
      { ref: 'H1', room: 'room1' },
      { ref: 'H2', room: 'room1' },
      { ref: 'H3', room: 'hall' },
    ]);
  });

  it('a place that is not a room of the org file is taken as written and not checked', async () => {
    const sent = await h.say(
      'chenhao',
      '会议 区教研培训 时间:12月3日下午2点半 地点:区教育局三楼报告厅 参会:@刘洋 类型:培训会',
    );
    expect(textTo(sent, 'chenhao')).toBe(
      [
        '已提交会议预约 H4（区教研培训），等待综合办公室（王芳或刘强或杨雪或朱红或马杰）审批。发送「查询 H4」随时查看。',
        '时间：12-03 14:30–15:30（周四）',
        '地点：区教育局三楼报告厅（不是学校登记的会议室，按所写记录，不检查占用）',
        '参会：2人；主持：陈浩',
      ].join('\n'),
    );
    const meeting = await h.db.prisma.meeting.findFirstOrThrow({ where: { ref: 'H4' } });
    expect(meeting).toMatchObject({ roomId: null, place: '区教育局三楼报告厅', kind: '培训会' });
    expect(await h.db.prisma.roomBooking.count({ where: { meetingId: meeting.id } })).toBe(0);
  });

  it('the office rejects with a reason typed after the tap; the room is free again', async () => {
    const card = await h.lastCardTo('yangxue');
    expect(card.text).toBe('会议预约 H4');
    const h3Card = (await h.db.prisma.card.findFirstOrThrow({ where: { itemRef: 'H3', addresseeId: 'yangxue' } }))
      .taskId;
    const asked = await h.tap('yangxue', h3Card, 'meeting_reject');
    expect(textTo(asked, 'yangxue')).toBe(
      '驳回会议预约 H3（后勤工作会）的原因是什么？\n原因会转告组织人。请直接回复；回复「取消」放弃驳回。',
    );
    const rejected = await h.say('yangxue', '报告厅当天已安排讲座');
    expect(textTo(rejected, 'yangxue')).toBe('已驳回 H3，并已把原因告诉组织人。');
    expect(textTo(rejected, 'hejun')).toBe(
      '您预约的会议 H3（后勤工作会）被综合办公室杨雪驳回。\n原因：报告厅当天已安排讲座\n会议室已释放。如需开会，请调整后重新发送「会议」。',
    );
    expect(to(rejected, 'wangfang').map((message) => message.text)).toEqual(['已由杨雪驳回']);
    const again = await h.say('hejun', '会议 后勤工作会 时间:12月3日下午2点 地点:学术报告厅 参会:总务处');
    expect(textTo(again, 'hejun')).toContain('已提交会议预约 H5（后勤工作会）');
  });

  it('someone invited to two 决策会/协调会 at once: the office confirms the warning before it may approve', async () => {
    const sent = await h.say('chenhao', '会议 教研组长会 时间:12月3日下午2点半 地点:第二会议室 参会:@张岩 @刘洋');
    expect(textTo(sent, 'chenhao')).toBe(
      [
        '已提交会议预约 H6（教研组长会），等待综合办公室（王芳或刘强或杨雪或朱红或马杰）审批。发送「查询 H6」随时查看。',
        '时间：12-03 14:30–15:30（周四）',
        '地点：第二会议室（已为本会议保留）',
        '参会：3人；主持：陈浩',
        '冲突预警：H1（期中考试协调会，12-03 14:00–15:00（周四））：陈浩、张岩。已请综合办公室确认，确认前不会批准或发出通知。',
      ].join('\n'),
    );
    // 刘洋's other meeting at that time is a 培训会 (H4): no warning for him
    const warning = cardsTo(sent, 'wangfang').find((card) => card.text === '冲突预警 H6')!;
    expect(warning.buttons).toEqual(['meeting_conflict_confirm']);
    expect(warning.card?.sub_title_text).toBe(
      '教研组长会\n同时段另有会议：H1（期中考试协调会，12-03 14:00–15:00（周四））：陈浩、张岩',
    );
    expect(OFFICE.map((userId) => cardsTo(sent, userId).map((card) => card.text))).toEqual(
      OFFICE.map(() => ['冲突预警 H6', '会议预约 H6']),
    );
    expect(textTo(await h.say('majie', '我的待办'), 'majie')).toContain('H6 冲突预警确认｜陈浩（教务处）');

    const approval = cardsTo(sent, 'wangfang').find((card) => card.text === '会议预约 H6')!;
    expect(textTo(await h.tap('wangfang', approval.taskId!, 'meeting_approve'), 'wangfang')).toBe(
      'H6 有参会人员时间冲突，请先在「冲突预警 H6」卡片上确认安排，再同意预约。',
    );
    const confirmed = await h.tap('wangfang', warning.taskId!, 'meeting_conflict_confirm');
    expect(summary(confirmed)).toEqual([
      'liuqiang card_update 已由王芳确认',
      'yangxue card_update 已由王芳确认',
      'zhuhong card_update 已由王芳确认',
      'majie card_update 已由王芳确认',
      'chenhao text 综合办公室王芳已确认 H6（教研组长会）的冲突预警（H1（期中考试协调会，12-03 14:00–15:00（周四））：陈浩、张岩），会议可以审批了。',
      'wangfang card_update 已确认 · 王芳 11-30 09:00',
    ]);
    expect(textTo(await h.say('majie', '我的待办'), 'majie')).not.toContain('冲突预警确认');
    const approved = await h.tap('wangfang', approval.taskId!, 'meeting_approve');
    expect(textTo(approved, 'chenhao')).toContain('您预约的会议 H6（教研组长会）已由综合办公室王芳同意');
    expect(textTo(await h.say('chenhao', '查询 H6'), 'chenhao')).toContain(
      '冲突预警：H1（期中考试协调会，12-03 14:00–15:00（周四））：陈浩、张岩（已由王芳于 11-30 09:00 确认）',
    );
  });

  it("a leader's booking is approved at once; notices due already go now, a department meaning its people", async () => {
    const sent = await h.say(
      'zhoumin',
      '会议 教学工作决策会 时间:明天上午10点 地点:第二会议室 参会:教务处 类型:决策会',
    );
    expect(textTo(sent, 'zhoumin')).toBe(
      [
        '已预约会议 H7（教学工作决策会），校领导预约无需审批，已直接批准。会议通知已发给5位参会人员。',
        '时间：12-01 10:00–11:00（周二）',
        '地点：第二会议室（已为本会议保留）',
        '参会：5人；主持：周敏',
      ].join('\n'),
    );
    for (const userId of ['lihua', 'chenhao', 'zhangyan', 'liuyang', 'zhoumin']) {
      const notice = cardOf(sent, userId);
      expect(notice).toMatchObject({ text: '会议通知 H7', buttons: ['meeting_attend', 'meeting_leave'] });
      expect(rows(notice)).toMatchObject({
        时间: '12-01 10:00–11:00（周二）',
        地点: '第二会议室',
        主持: '周敏',
        类型: '决策会',
      });
    }
    expect(OFFICE.flatMap((userId) => cardsTo(sent, userId))).toEqual([]);
    const meeting = await h.db.prisma.meeting.findFirstOrThrow({ where: { ref: 'H7' }, include: { attendees: true } });
    expect(meeting).toMatchObject({ state: 'notified', approvedBy: 'zhoumin' });
    expect(meeting.attendees.map((row) => [row.userId, row.departmentId]).sort()).toEqual(
      [
        ['chenhao', 'academic'],
        ['lihua', 'academic'],
        ['liuyang', 'academic'],
        ['zhangyan', 'academic'],
        ['zhoumin', null],
      ].sort(),
    );
  });

  it('who may see a meeting: the people on it, the office, the leaders', async () => {
    expect(textTo(await h.say('liuyang', '查询 H7'), 'liuyang')).toMatch(/^【H7 决策会】已通知\n/);
    expect(textTo(await h.say('hejun', '查询 H1'), 'hejun')).toBe('没有找到 H1，或您无权查看。请核对编号。');
    expect(textTo(await h.say('majie', '查询 H1'), 'majie')).toMatch(/^【H1 协调会】已批准，待发通知/);
    expect(textTo(await h.say('zhaoli', '查询 H1'), 'zhaoli')).toMatch(/^【H1 协调会】/);
  });

  it('refuses a time past, an unknown person, a meeting too long, and someone else changing it', async () => {
    const past = textTo(
      await h.say('chenhao', '会议 补考协调 时间:2026-11-20 10:00 地点:第一会议室 参会:@刘洋'),
      'chenhao',
    );
    expect(past).toContain('时间「2026-11-20 10:00」已经过去了，请填写今后的时间，例如「明天上午9点」。');
    expect(past).toContain('会议什么时候开始？');
    await h.say('chenhao', '取消');
    const unknown = await h.say('chenhao', '会议 补考协调 时间:明天上午9点 地点:第一会议室 参会:@王小明 教务部');
    expect(textTo(unknown, 'chenhao')).toBe(
      [
        '参会：没有找到「王小明」；没有找到「教务部」。',
        '请哪些人参会？',
        '可写人（@姓名）和/或部门全称，用空格或顿号分开，如 @王芳 教务处',
        '（回复「取消」放弃）',
      ].join('\n'),
    );
    await h.say('chenhao', '取消');
    expect(
      textTo(
        await h.say('chenhao', '会议 补考协调 时间:明天上午9点 时长:30小时 地点:第一会议室 参会:@刘洋'),
        'chenhao',
      ),
    ).toBe('时长最长12小时。请核对「时长」，如「90分钟」「2小时」。');
    expect(textTo(await h.say('zhangyan', '改期 H1 时间:12月4日上午9点'), 'zhangyan')).toBe(
      'H1 只能由组织人（李华）或综合办公室改期。',
    );
    expect(textTo(await h.say('zhangyan', '取消 H1 原因:不开了'), 'zhangyan')).toBe(
      'H1 只能由组织人（李华）或综合办公室取消。',
    );
    expect(await h.db.prisma.meeting.count()).toBe(7);
  });
});
