import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlerHarness, type HandlerHarness, type Sent } from '../support/handler-harness.js';
import { tickAt as tickAtMoment } from '../support/meeting-rows.js';
import { sentTo, textTo } from '../support/sent-to.js';

/** A moment in Beijing. */
const at = (local: string): Date => new Date(`${local}+08:00`);
const OFFICE = ['wangfang', 'liuqiang', 'yangxue', 'zhuhong', 'majie'];

const cardsTo = (sent: Sent[], userId: string): Sent[] =>
  sentTo(sent, userId).filter((message) => message.kind === 'card');
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

const tickAt = (h: HandlerHarness, local: string): Promise<Sent[]> => tickAtMoment(h, at(local));

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
      // the part after the meeting's: its end, the minutes due 24 hours later, the office told at
      // the end of the next working day (Monday)
      'ended 12-03 15:00',
      'minutes_due 12-04 15:00',
      'minutes_overdue 12-07 18:00',
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
    expect(sentTo(rejected, 'wangfang').map((message) => message.text)).toEqual(['已由杨雪驳回']);
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

/**
 * One meeting's notices and reminders as item timers, fired by the real timer tick with the clock
 * moved: Thursday 3 December 2026, 14:00, booked and approved on Monday at 09:00.
 */
describe('meeting notices, 二次确认, 三个确认, reminder and 签到 at their times', () => {
  let h: HandlerHarness;
  let notices: Sent[] = [];
  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-11-30T09:00:00').toISOString() });
    const booked = await h.say(
      'lihua',
      '会议 期中考试协调会 时间:12月3日下午2点 地点:第一会议室 参会:@陈浩 @张岩 记录人:@刘洋',
    );
    await h.tap('wangfang', cardOf(booked, 'wangfang').taskId!, 'meeting_approve');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the notice goes meeting_notice_days before, as a card [参加] [请假] to every attendee', async () => {
    expect(await tickAt(h, '2026-11-30T13:59:00')).toEqual([]);
    notices = await tickAt(h, '2026-11-30T14:00:00');
    expect(summary(notices)).toEqual([
      'chenhao card 会议通知 H1',
      'zhangyan card 会议通知 H1',
      'lihua card 会议通知 H1',
      'liuyang card 会议通知 H1',
    ]);
    const card = cardOf(notices, 'liuyang');
    expect(card.buttons).toEqual(['meeting_attend', 'meeting_leave']);
    expect(card.card?.main_title.desc).toBe('请确认是否参加');
    expect(rows(card)).toEqual({
      时间: '12-03 14:00–15:00（周四）',
      地点: '第一会议室',
      主持: '李华',
      组织人: '李华（教务处）',
      类型: '协调会',
      记录人: '刘洋',
    });
    expect(textTo(await h.say('liuyang', '我的待办'), 'liuyang')).toContain(
      'H1 会议通知回复｜李华（教务处）｜协调会《期中考试协调会》12-03 14:00 第一会议室｜期限 12-02 14:00',
    );
  });

  it('[参加] is recorded at once; [请假] asks the reason in chat first', async () => {
    expect(summary(await h.tap('chenhao', cardOf(notices, 'chenhao').taskId!, 'meeting_attend'))).toEqual([
      'chenhao card_update 已参加 · 陈浩 11-30 14:00',
    ]);
    const asked = await h.tap('zhangyan', cardOf(notices, 'zhangyan').taskId!, 'meeting_leave');
    expect(textTo(asked, 'zhangyan')).toBe(
      '请假不参加 H1（期中考试协调会，12-03 14:00）的原因是什么？\n原因会让组织人看到。请直接回复；回复「跳过」不写原因，回复「取消」放弃请假。',
    );
    expect(summary(await h.say('zhangyan', '外出监考'))).toEqual([
      'zhangyan card_update 已请假 · 张岩 11-30 14:00',
      'zhangyan text 已登记请假：H1（期中考试协调会），原因：外出监考。组织人可在「查询 H1」中看到。',
    ]);
    expect(textTo(await h.tap('chenhao', cardOf(notices, 'chenhao').taskId!, 'meeting_leave'), 'chenhao')).toBe(
      'H1 的这张卡片已处理（已参加 · 陈浩 11-30 14:00），不能再次操作。发送「查询 H1」查看当前状态。',
    );
  });

  it('the working day before at 09:00, the organiser confirms the 三个确认 one tap at a time', async () => {
    const sent = about(await tickAt(h, '2026-12-02T09:00:00'), 'H1');
    const first = cardOf(sent, 'lihua');
    expect(summary(sent)).toEqual(['lihua card 会前三个确认 H1']);
    expect(first.buttons).toEqual(['meeting_check_venue', 'meeting_check_attendees', 'meeting_check_materials']);
    expect(first.card?.main_title.desc).toBe('请在 12-03 12:00 前逐项确认');
    expect(textTo(await h.say('lihua', '我的待办'), 'lihua')).toContain('H1 会前三个确认｜李华（教务处）');

    const venue = await h.tap('lihua', first.taskId!, 'meeting_check_venue');
    expect(summary(venue)).toEqual([
      'lihua card 会前三个确认 H1',
      'lihua card_update 场地设备已确认 · 李华 12-02 09:00',
    ]);
    const second = cardOf(venue, 'lihua');
    expect(second.buttons).toEqual(['meeting_check_attendees', 'meeting_check_materials']);
    expect(rows(second)['场地设备']).toBe('已确认 12-02 09:00');
    expect(textTo(await h.tap('lihua', first.taskId!, 'meeting_check_attendees'), 'lihua')).toContain('不能再次操作');
    const attendees = await h.tap('lihua', second.taskId!, 'meeting_check_attendees');
    expect(cardOf(attendees, 'lihua').buttons).toEqual(['meeting_check_materials']);
  });

  it('one day before, those who have not answered are asked again and the organiser sees who said what', async () => {
    const sent = about(await tickAt(h, '2026-12-02T14:00:00'), 'H1');
    expect(summary(sent)).toEqual([
      'lihua card 二次确认 H1',
      'liuyang card 二次确认 H1',
      'lihua text H1（期中考试协调会）明天召开，二次确认已发给未答复的2人。目前参加 1人；请假 1人（张岩：外出监考）；未答复 2人（李华、刘洋）。',
    ]);
    // either card answers: the other one closes with the same answer
    expect(summary(await h.tap('liuyang', cardOf(sent, 'liuyang').taskId!, 'meeting_attend'))).toEqual([
      'liuyang card_update 已参加 · 刘洋 12-02 14:00',
      'liuyang card_update 已参加 · 刘洋 12-02 14:00',
    ]);
  });

  it('two hours before, what is still unconfirmed goes to the office and the organiser', async () => {
    const sent = about(await tickAt(h, '2026-12-03T12:00:00'), 'H1');
    for (const userId of OFFICE)
      expect(textTo(sent, userId)).toBe(
        '会前确认未完成：H1（期中考试协调会）12-03 14:00 在第一会议室召开，还有材料版本未确认。组织人：李华。',
      );
    expect(textTo(sent, 'lihua')).toBe(
      'H1（期中考试协调会）12-03 14:00 召开，还有材料版本未确认，已告知综合办公室。请尽快在卡片上确认。',
    );
  });

  it('30 minutes before, everyone not on leave gets the reminder with [签到]; check-in only within the window', async () => {
    expect(
      textTo(
        await (async () => {
          h.clock.set(at('2026-12-03T13:20:00'));
          return h.say('chenhao', '签到 H1');
        })(),
        'chenhao',
      ),
    ).toBe('H1 的签到时间是 12-03 13:30 至 12-03 15:00（会前30分钟起到会议结束），现在还不能签到。');
    const sent = about(await tickAt(h, '2026-12-03T13:30:00'), 'H1');
    expect(summary(sent)).toEqual(['chenhao card 会议提醒 H1', 'lihua card 会议提醒 H1', 'liuyang card 会议提醒 H1']);
    const reminder = cardOf(sent, 'chenhao');
    expect(reminder.buttons).toEqual(['meeting_check_in']);
    expect(reminder.card?.main_title.desc).toBe('30分钟后开始 · 第一会议室');
    // neither the replies nor the 三个确认 wait on anyone any more
    const todo = textTo(await h.say('lihua', '我的待办'), 'lihua');
    expect(todo).not.toContain('会议通知回复');
    expect(todo).not.toContain('会前三个确认');

    h.clock.set(at('2026-12-03T13:35:00'));
    expect(summary(await h.tap('chenhao', reminder.taskId!, 'meeting_check_in'))).toEqual([
      'chenhao card_update 已签到 · 陈浩 12-03 13:35',
    ]);
    expect(textTo(await h.say('chenhao', '签到 H1'), 'chenhao')).toBe('您已于 12-03 13:35 签到 H1，不用再签。');
    h.clock.set(at('2026-12-03T13:40:00'));
    expect(textTo(await h.say('zhangyan', '签到 H1'), 'zhangyan')).toBe('已签到 H1（期中考试协调会），12-03 13:40。');
    expect(textTo(await h.say('hejun', '签到 H1'), 'hejun')).toBe(
      '您不在 H1 的参会名单中，不能签到。如需参加，请联系组织人李华。',
    );
    h.clock.set(at('2026-12-03T15:01:00'));
    expect(textTo(await h.say('lihua', '签到 H1'), 'lihua')).toBe('H1 已于 12-03 15:00 结束，签到已截止。');
  });

  it('查询 shows the replies with reasons, the check-ins, the checklist and the history', async () => {
    expect(textTo(await h.say('lihua', '查询 H1'), 'lihua')).toBe(
      [
        '【H1 协调会】已通知',
        '主题：期中考试协调会',
        '时间：12-03 14:00–15:00（周四）',
        '地点：第一会议室',
        '组织人：李华（教务处）；主持：李华；记录：刘洋',
        '参会：4人，参加 2人；请假 1人（张岩：外出监考）；未答复 1人（李华）',
        '签到：2/4人（陈浩 12-03 13:35、张岩 12-03 13:40）',
        '三个确认：场地设备 已确认 12-02 09:00；参会名单 已确认 12-02 09:00；材料版本 未确认',
        '纪要：会后由刘洋提交，期限 12-04 15:00（周五）',
        '经过：',
        '· 2026-11-30 09:00 李华 预约：12-03 14:00–15:00（周四），第一会议室，4人',
        '· 2026-11-30 09:00 王芳 同意',
        '· 2026-11-30 14:00 校办助手 发出会议通知',
        '· 2026-12-02 09:00 李华 确认场地设备：场地设备已确认',
        '· 2026-12-02 09:00 李华 确认参会名单：参会名单已确认',
      ].join('\n'),
    );
  });

  it("帮助 会议 explains the command, names the meeting's other commands and the whole flow, within one message", async () => {
    const help = textTo(await h.say('chenhao', '帮助 会议'), 'chenhao');
    expect(help).toContain('【会议】预约会议：检查会议室和参会人员时间冲突，综合办公室审批后通知参会人员');
    expect(help).toContain('· 地点（必填）');
    expect(help).toContain('【会议】其他命令：改期、签到、纪要、决议');
    expect(help).toContain('流程：「会议」预约');
    expect(help).toContain('纪要已发布、决议都验收后办结');
    expect(help).not.toContain('内容过长');
    expect(Buffer.byteLength(help, 'utf8')).toBeLessThanOrEqual(2048);
  });

  it('a reminder tied to the meeting goes in quiet hours: 06:50 for a 07:20 meeting', async () => {
    h.clock.set(at('2026-12-03T16:00:00'));
    const booked = await h.say(
      'zhaoli',
      '会议 早间安全巡查碰头会 时间:12月4日7点20分 时长:20分钟 地点:学术报告厅 参会:@罗伟',
    );
    expect(textTo(booked, 'zhaoli')).toContain('已直接批准。会议通知已发给2位参会人员。');
    expect(about(await tickAt(h, '2026-12-04T06:49:00'), 'H2').filter((m) => m.text.startsWith('会议提醒'))).toEqual(
      [],
    );
    expect(summary(about(await tickAt(h, '2026-12-04T06:50:00'), 'H2'))).toEqual([
      'luowei card 会议提醒 H2',
      'zhaoli card 会议提醒 H2',
    ]);
  });
});

/** 取消 and 改期 drop what was set for the old time; nothing fires for a cancelled meeting. */
describe('meeting cancelled or rescheduled', () => {
  let h: HandlerHarness;
  let notices: Sent[] = [];
  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-11-30T09:00:00').toISOString() });
    const booked = await h.say('lihua', '会议 期中考试协调会 时间:12月3日下午2点 地点:第一会议室 参会:@陈浩 @张岩');
    await h.tap('wangfang', cardOf(booked, 'wangfang').taskId!, 'meeting_approve');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('取消 by the organiser: the room is free, the notified are told, and nothing fires afterwards', async () => {
    const booked = await h.say('lihua', '会议 家长会筹备会 时间:12月1日下午4点 地点:学术报告厅 参会:@刘洋 @陈浩');
    const approved = await h.tap('wangfang', cardOf(booked, 'wangfang').taskId!, 'meeting_approve');
    expect(textTo(approved, 'lihua')).toContain('会议通知已发给3位参会人员');
    expect(cardsTo(approved, 'liuyang').map((card) => card.text)).toEqual(['会议通知 H2']);

    expect(textTo(await h.say('chenhao', '取消 H2 原因:不开了'), 'chenhao')).toBe(
      'H2 只能由组织人（李华）或综合办公室取消。',
    );
    const cancelled = await h.say('lihua', '取消 H2 原因:时间冲突，另行安排');
    expect(textTo(cancelled, 'lihua')).toBe(
      '已取消 H2（家长会筹备会），会议室已释放。已通知2位已收到通知的参会人员，之后的提醒都不会再发。',
    );
    for (const userId of ['liuyang', 'chenhao'])
      expect(textTo(cancelled, userId)).toBe(
        '会议取消：H2（家长会筹备会）原定 12-01 16:00–17:00（周二），学术报告厅，已由李华取消。原因：时间冲突，另行安排',
      );
    expect(sentTo(cancelled, 'liuyang').find((m) => m.kind === 'card_update')?.text).toBe('会议已取消');
    expect(await pendingTimers(h, 'H2')).toEqual([]);
    expect(
      textTo(await h.say('hejun', '会议 后勤会 时间:12月1日下午4点 地点:学术报告厅 参会:@邓超'), 'hejun'),
    ).toContain('已提交会议预约 H3');

    // H1's notice (due 11-30 14:00) goes with this tick; nothing of H2 does
    const tick = await tickAt(h, '2026-12-01T17:30:00');
    expect(about(tick, 'H2')).toEqual([]);
    notices = about(tick, 'H1');
    expect(textTo(await h.say('lihua', '取消 H2 原因:再取消一次'), 'lihua')).toBe(
      'H2 当前状态为「已取消」，不能「取消」。它已经办结，不能再更改。',
    );
    expect(textTo(await h.say('liuyang', '签到 H2'), 'liuyang')).toBe('H2 当前状态为「已取消」，不能签到。');
    expect(textTo(await h.say('lihua', '改期 H2 时间:12月4日下午4点'), 'lihua')).toBe(
      'H2 当前状态为「已取消」，不能「改期」。它已经办结，不能再更改。',
    );
  });

  it('改期 into a room taken by another meeting is refused like a booking', async () => {
    expect(summary(notices)).toEqual([
      'chenhao card 会议通知 H1',
      'zhangyan card 会议通知 H1',
      'lihua card 会议通知 H1',
    ]);
    await h.tap('chenhao', cardOf(notices, 'chenhao').taskId!, 'meeting_attend');
    await h.say('wangfang', '会议 办公室例会 时间:12月4日上午10点 地点:第二会议室 参会:@刘强');
    expect(textTo(await h.say('lihua', '改期 H1 时间:12月4日上午10点 地点:第二会议室'), 'lihua')).toBe(
      [
        '第二会议室 12-04 10:00–11:00（周五）已被 H4（10:00–11:00）占用（会议室自提交预约起即为其保留，含待审批的预约）。',
        '该时段空闲的会议室：第一会议室、学术报告厅。',
        '第二会议室接下来可订（60分钟）：12-04（周五）11:00、11:30、12:00。',
        '请换「时间」或「地点」后重新发送。',
      ].join('\n'),
    );
    expect(await h.db.prisma.meeting.findFirstOrThrow({ where: { ref: 'H1' } })).toMatchObject({
      version: 1,
      roomId: 'room1',
    });
  });

  it('改期 overlapping its own old slot: everyone re-notified, old cards closed, replies reset, old timers gone', async () => {
    expect(await pendingTimers(h, 'H1')).toEqual(
      [
        'ask_again 12-02 14:00',
        'checklist 12-02 09:00',
        'checklist_flag 12-03 12:00',
        'reminder_30 12-03 13:30',
        'ended 12-03 15:00',
        'minutes_due 12-04 15:00',
        'minutes_overdue 12-07 18:00',
      ].sort((a, b) => a.slice(-11).localeCompare(b.slice(-11))),
    );
    const moved = await h.say('wangfang', '改期 H1 时间:12月3日下午2点半');
    expect(textTo(moved, 'wangfang')).toBe(
      [
        '已将 H1（期中考试协调会）改期为 12-03 14:30–15:30（周四）（原定 12-03 14:00–15:00（周四），第一会议室）。',
        '地点：第一会议室（已为本会议保留）',
        '已向3位参会人员重新发出通知，请他们重新确认；原来的回复和提醒已作废。',
      ].join('\n'),
    );
    expect(textTo(moved, 'lihua')).toBe(
      '综合办公室王芳已将您的会议 H1（期中考试协调会）改期为 12-03 14:30–15:30（周四），第一会议室（原定 12-03 14:00–15:00（周四），第一会议室）。',
    );
    // the open notices of the old time are closed; the one answered already stays as it was
    expect(moved.filter((m) => m.kind === 'card_update').map((m) => `${m.to} ${m.text}`)).toEqual([
      'zhangyan 已改期',
      'lihua 已改期',
    ]);
    for (const userId of ['chenhao', 'zhangyan', 'lihua']) {
      const card = cardOf(moved, userId);
      expect(card).toMatchObject({ text: '会议改期通知 H1', buttons: ['meeting_attend', 'meeting_leave'] });
      expect(rows(card)['时间']).toBe('12-03 14:30–15:30（周四）');
    }
    expect(cardOf(moved, 'chenhao').card?.main_title.desc).toContain('原定 12-03 14:00–15:00（周四）');
    const replies = await h.db.prisma.meetingAttendee.findMany({ where: { meeting: { ref: 'H1' } } });
    expect(replies.map((row) => row.reply)).toEqual(['pending', 'pending', 'pending']);
    expect(await pendingTimers(h, 'H1')).toEqual([
      'checklist 12-02 09:00',
      'ask_again 12-02 14:30',
      'checklist_flag 12-03 12:30',
      'reminder_30 12-03 14:00',
      'ended 12-03 15:30',
      'minutes_due 12-04 15:30',
      'minutes_overdue 12-07 18:00',
    ]);
    // a tap on a card of the old time changes nothing
    expect(textTo(await h.tap('zhangyan', cardOf(notices, 'zhangyan').taskId!, 'meeting_attend'), 'zhangyan')).toBe(
      'H1 的这张卡片已失效（已改期），不能再次操作。发送「查询 H1」查看当前状态。',
    );

    const beforeNewReminder = about(await tickAt(h, '2026-12-03T13:59:00'), 'H1');
    expect(beforeNewReminder.filter((m) => m.text === '会议提醒 H1')).toEqual([]);
    expect(summary(about(await tickAt(h, '2026-12-03T14:00:00'), 'H1'))).toEqual([
      'chenhao card 会议提醒 H1',
      'zhangyan card 会议提醒 H1',
      'lihua card 会议提醒 H1',
    ]);
    expect(textTo(await h.say('lihua', '查询 H1'), 'lihua')).toContain('【H1 协调会】已通知（已改期1次）');
  });

  it('改期 of a request not yet approved asks the office again with the new time', async () => {
    h.clock.set(at('2026-12-03T15:00:00'));
    const booked = await h.say('chenhao', '会议 教研会 时间:12月8日上午9点 地点:第一会议室 参会:@刘洋');
    const ref = /H\d+/.exec(textTo(booked, 'chenhao'))![0];
    const moved = await h.say('chenhao', `改期 ${ref} 时间:12月9日上午9点 时长:90分钟`);
    expect(textTo(moved, 'chenhao')).toBe(
      [
        `已将 ${ref}（教研会）改期为 12-09 09:00–10:30（周三）（原定 12-08 09:00–10:00（周二），第一会议室）。`,
        '地点：第一会议室（已为本会议保留）',
        '已按新时间重新请综合办公室（王芳或刘强或杨雪或朱红或马杰）审批。',
      ].join('\n'),
    );
    for (const userId of OFFICE) {
      expect(sentTo(moved, userId).map((m) => `${m.kind} ${m.text}`)).toEqual([
        'card_update 已改期',
        `card 会议预约 ${ref}`,
      ]);
      expect(rows(cardOf(moved, userId))['时间']).toBe('12-09 09:00–10:30（周三）');
    }
    const approved = await h.tap('majie', cardOf(moved, 'majie').taskId!, 'meeting_approve');
    expect(textTo(approved, 'chenhao')).toContain('12-09 09:00–10:30（周三），第一会议室。');
  });
});
