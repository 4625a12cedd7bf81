import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/app/build-catalog.js';
import { SHIPPED_WORKFLOWS } from '../../src/app/shipped-workflows.js';
import { workflowScheduleJobs } from '../../src/schedules/workflow-schedule-jobs.js';
import { afterMeetingPart, setAfterMeetingTimers } from '../../src/workflows/meetings/after-meeting-part.js';
import { createMeetingWorkflow } from '../../src/workflows/meetings/meeting-module.js';
import { taskOffers } from '../../src/workflows/tasks/task-offers.js';
import { describeLinks } from '../../src/kit/item-links.js';
import { actAs } from '../support/act-as.js';
import { asSystem } from '../support/as-system.js';
import { createHandlerHarness, type HandlerHarness, type Sent } from '../support/handler-harness.js';
import { at, insertMeeting } from '../support/meeting-rows.js';

const MODULES = [...SHIPPED_WORKFLOWS, createMeetingWorkflow({ tasks: taskOffers })];

/**
 * After the meeting (spec 3.4, 2.5, 4; issue 13) at handler level, with the clock from Monday
 * 30 November 2026 in Beijing and meetings inserted as the booking part leaves them once approved.
 * 王芳 (office director) organises a 校长办公会 (决策会) chaired by 赵立 and recorded by 杨雪; 李华
 * (教务处) organises 协调会 of his own.
 */
describe('minutes, their sign-off and ladder, and decisions as tasks', () => {
  let h: HandlerHarness;
  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-11-30T09:00').toISOString(), catalog: buildCatalog(MODULES) });
  });
  afterAll(async () => {
    await h?.close();
  });

  const to = (sent: Sent[], userId: string): Sent[] => sent.filter((message) => message.to === userId);
  const textTo = (sent: Sent[], userId: string): string =>
    to(sent, userId)
      .filter((message) => message.kind === 'text')
      .map((message) => message.text)
      .join('\n');
  const tick = async (local: string): Promise<Sent[]> => {
    h.clock.set(at(local));
    const { sent } = await asSystem(h, (ctx) =>
      workflowScheduleJobs(MODULES).timer_tick(ctx, { periodKey: 'tick', scheduledAt: ctx.clock.now(), isLate: false }),
    );
    return sent;
  };
  const statusLines = async (meetingId: string): Promise<string[]> =>
    (await actAs(h, 'wangfang', (ctx) => afterMeetingPart({ tasks: taskOffers }).part.statusLines!(ctx, meetingId)))
      .result;
  const meetingRow = (id: string) => h.db.prisma.meeting.findUniqueOrThrow({ where: { id } });
  const openWork = (userId: string) =>
    h.db.prisma.workItem.findMany({ where: { holderId: userId, doneAt: null, workflow: 'meetings' } });

  it('a 决策会: minutes only after the start, by its recorder; held at its end; signed off after a 退回 and a second draft', async () => {
    const meeting = await insertMeeting(h, {
      topic: '校长办公会',
      kind: '决策会',
      startsAt: '2026-12-01T14:00',
      endsAt: '2026-12-01T16:00',
      organizer: 'wangfang',
      host: 'zhaoli',
      recorder: 'yangxue',
      attendees: ['zhoumin', 'lihua', 'hejun'],
    });
    expect(meeting.ref).toBe('H1');
    expect(meeting.minutesDueAt).toEqual(at('2026-12-02T16:00'));
    expect(textTo(await h.say('yangxue', '纪要 H1 一、期末考试安排'), 'yangxue')).toBe(
      'H1 还没有开始（12-01 14:00 开始），会议开始后才能提交纪要。',
    );

    const ended = await tick('2026-12-01T16:00');
    expect(textTo(ended, 'yangxue')).toBe(
      'H1（校长办公会）已结束。请在 12-02 16:00（周三） 前发送「纪要 H1 纪要内容」（决策会的纪要由主持人赵立签发后发给参会人员）；议定事项可用「决议 H1」逐项交办。',
    );
    expect((await meetingRow(meeting.id)).state).toBe('held');
    expect(textTo(await h.say('yangxue', '我的待办'), 'yangxue')).toContain(
      'H1 会议纪要｜王芳组织｜校长办公会（12-01 14:00）｜期限 12-02 16:00',
    );

    h.clock.set(at('2026-12-01T17:00'));
    expect(textTo(await h.say('lihua', '纪要 H1 一、期末考试安排'), 'lihua')).toBe(
      'H1 只能由记录人杨雪或组织者王芳提交纪要。',
    );
    const posted = await h.say('yangxue', '纪要 H1 一、期末考试安排：12月28日起考试。\n二、寒假值班：由总务处排班');
    expect(textTo(posted, 'yangxue')).toBe('已提交 H1 的纪要，已请主持人赵立签发；签发后发给全体参会人员。');
    expect(textTo(posted, 'zhaoli')).toBe(
      '【H1 纪要待签发】校长办公会\n时间：12-01 14:00–16:00\u3000地点：第一会议室\n主持：赵立\u3000记录：杨雪\n\n一、期末考试安排：12月28日起考试。\n二、寒假值班：由总务处排班',
    );
    const card = to(posted, 'zhaoli').find((message) => message.kind === 'card')!;
    expect(card).toMatchObject({
      text: '签发纪要 H1',
      buttons: ['meeting_minutes_sign', 'meeting_minutes_return'],
    });
    expect(card.card?.main_title.desc).toBe('杨雪 12-01 17:00 提交');
    expect(await openWork('yangxue')).toEqual([]);
    expect((await openWork('zhaoli')).map((item) => [item.kind, item.action, item.dueAt])).toEqual([
      ['approval', '签发纪要', at('2026-12-02T16:00')],
    ]);
    expect(textTo(await h.say('yangxue', '纪要 H1 改一下'), 'yangxue')).toBe(
      'H1 的纪要正在等赵立签发。如需修改，请赵立在签发卡片上「退回」后再提交。',
    );

    h.clock.set(at('2026-12-01T17:05'));
    const asked = await h.tap('zhaoli', card.taskId!, 'meeting_minutes_return');
    expect(textTo(asked, 'zhaoli')).toBe(
      '退回 H1（校长办公会）的纪要的原因是什么？要怎样修改？\n原因会转告记录人，修改后重新提交。请直接回复；回复「取消」放弃退回。',
    );
    const returned = await h.say('zhaoli', '第二项要写明完成时限');
    expect(textTo(returned, 'zhaoli')).toBe('已退回 H1 的纪要，原因已转告杨雪。');
    expect(textTo(returned, 'yangxue')).toBe(
      '赵立退回了 H1（校长办公会）的纪要，请修改后重新发送「纪要 H1 纪要内容」。\n原因：第二项要写明完成时限',
    );
    expect(to(returned, 'zhaoli').find((message) => message.kind === 'card_update')?.text).toBe(
      '已退回 · 赵立 12-01 17:05',
    );
    expect(await statusLines(meeting.id)).toEqual([
      '纪要：赵立退回后待杨雪重新提交（退回原因：第二项要写明完成时限）（期限 12-02 16:00（周三））',
    ]);
    expect((await openWork('yangxue')).map((item) => item.kind)).toEqual(['meeting_minutes']);

    h.clock.set(at('2026-12-01T17:30'));
    const again = await h.say(
      'yangxue',
      '纪要 H1 一、期末考试安排：12月28日起考试。\n二、寒假值班：由总务处排班，12月20日前报校办',
    );
    expect(textTo(again, 'yangxue')).toBe('已提交 H1 的纪要，已请主持人赵立签发；签发后发给全体参会人员。');
    const second = to(again, 'zhaoli').find((message) => message.kind === 'card')!;
    expect(second.card?.main_title.desc).toBe('杨雪 12-01 17:30 提交（第2稿）');
    expect(await statusLines(meeting.id)).toEqual([
      '纪要：杨雪 12-01 17:30 提交，待赵立签发（期限 12-02 16:00（周三））',
    ]);

    h.clock.set(at('2026-12-01T18:00'));
    const signed = await h.tap('zhaoli', second.taskId!, 'meeting_minutes_sign');
    expect(textTo(signed, 'zhaoli')).toBe('已签发 H1 的纪要，已发给5位参会人员。');
    expect(to(signed, 'zhaoli').find((message) => message.kind === 'card_update')?.text).toBe(
      '已签发 · 赵立 12-01 18:00',
    );
    for (const userId of ['wangfang', 'yangxue', 'zhoumin', 'lihua', 'hejun'])
      expect(textTo(signed, userId)).toBe(
        '【H1 会议纪要】校长办公会\n时间：12-01 14:00–16:00\u3000地点：第一会议室\n主持：赵立\u3000记录：杨雪\u3000签发：赵立\n\n一、期末考试安排：12月28日起考试。\n二、寒假值班：由总务处排班，12月20日前报校办',
      );
    expect(await meetingRow(meeting.id)).toMatchObject({
      state: 'minutes_published',
      minutesSignedBy: 'zhaoli',
      minutesPublishedAt: at('2026-12-01T18:00'),
    });
    expect(await openWork('zhaoli')).toEqual([]);
    expect(await statusLines(meeting.id)).toEqual(['纪要：已发布 12-01 18:00（赵立签发）']);
    expect(textTo(await h.say('yangxue', '纪要 H1 再补充一句'), 'yangxue')).toBe(
      'H1 的纪要已于 12-01 18:00 发布，不能再修改。',
    );
    expect(textTo(await h.tap('zhaoli', card.taskId!, 'meeting_minutes_sign'), 'zhaoli')).toContain('不能再次操作');

    // the ladder stays silent once the minutes are out
    expect(await tick('2026-12-02T16:00')).toEqual([]);
    expect(await tick('2026-12-03T18:00')).toEqual([]);
  });
});
