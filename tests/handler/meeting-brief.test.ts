import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_WORKFLOWS } from '../../src/app/shipped-workflows.js';
import { weekContaining } from '../../src/kit/brief.js';
import { buildWeeklyBrief } from '../../src/schedules/jobs/weekly-brief.js';
import { meetingBriefSection } from '../../src/workflows/meetings/meeting-brief-section.js';
import { asSystem } from '../support/as-system.js';
import { createHandlerHarness, type HandlerHarness } from '../support/handler-harness.js';
import { at, insertMeeting, type MeetingRow } from '../support/meeting-rows.js';

/**
 * The brief's meetings section (spec 4: meetings held and minutes on time, 纪要按时率) on a fixed data
 * set, built on Friday 11 December 2026 at 16:05 (the brief's time) for the week of Monday 12-07.
 * Minutes are due 24 hours after the end (the demo org file's minutes_due_hours).
 */
describe("the weekly brief's meetings section", () => {
  let h: HandlerHarness;
  const WEEK = weekContaining(at('2026-12-11T16:05'), 'Asia/Shanghai');

  /** a meeting approved, then as the rest of its life left it */
  async function meeting(
    row: Omit<MeetingRow, 'organizer' | 'attendees'>,
    after: { state: string; minutesPublishedAt?: string },
  ): Promise<void> {
    const inserted = await insertMeeting(h, { organizer: 'lihua', attendees: ['chenhao'], ...row });
    await h.db.prisma.meeting.update({
      where: { id: inserted.id },
      data: {
        state: after.state,
        ...(after.minutesPublishedAt ? { minutesPublishedAt: at(after.minutesPublishedAt) } : {}),
      },
    });
  }

  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-12-01T09:00').toISOString() });
    // last week's Friday: held then, its minutes due on Saturday, outside this week
    await meeting({ topic: '上周例会', startsAt: '2026-12-04T14:00', endsAt: '2026-12-04T15:00' }, { state: 'held' });
    // minutes published within 24 hours: on time
    await meeting(
      { topic: '教务协调会', startsAt: '2026-12-07T10:00', endsAt: '2026-12-07T11:00' },
      { state: 'minutes_published', minutesPublishedAt: '2026-12-07T15:00' },
    );
    // a 决策会 whose minutes were signed off a day late
    await meeting(
      { topic: '校长办公会', kind: '决策会', startsAt: '2026-12-08T14:00', endsAt: '2026-12-08T16:00' },
      { state: 'minutes_published', minutesPublishedAt: '2026-12-10T09:00' },
    );
    // minutes due Friday 10:00, not published by the brief
    await meeting(
      { topic: '班主任培训', kind: '培训会', startsAt: '2026-12-10T09:00', endsAt: '2026-12-10T10:00' },
      { state: 'held' },
    );
    // held on Friday, its minutes due on Saturday: held this week, not yet due
    await meeting({ topic: '后勤协调会', startsAt: '2026-12-11T14:00', endsAt: '2026-12-11T15:00' }, { state: 'held' });
    // cancelled, and one still to come when the brief is built
    await meeting(
      { topic: '取消的会', startsAt: '2026-12-09T09:00', endsAt: '2026-12-09T10:00' },
      { state: 'cancelled' },
    );
    await meeting(
      { topic: '傍晚的会', startsAt: '2026-12-11T17:00', endsAt: '2026-12-11T18:00' },
      { state: 'notified' },
    );
    h.clock.set(at('2026-12-11T16:05'));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts the meetings held and the minutes that fell due: on time, late, missing; 纪要按时率 over those due', async () => {
    const { result } = await asSystem(h, (ctx) => meetingBriefSection(ctx, WEEK));
    expect(result).toEqual({
      title: '会议',
      lines: [
        '本周召开会议4场（决策会1场、协调会2场、培训会1场）',
        '本周到期纪要3份：按时发布1份，逾期发布1份，尚未发布1份',
      ],
      kpis: [{ name: '纪要按时率', value: '1/3（33%）' }],
    });
    const brief = (await asSystem(h, (ctx) => buildWeeklyBrief(ctx, SHIPPED_WORKFLOWS, WEEK))).result;
    expect(brief).toContain('本周召开会议4场（决策会1场、协调会2场、培训会1场）');
    expect(brief).toContain('纪要按时率');
    expect(brief).toContain('1/3（33%）');
  });

  it('counts minutes due later in the week once published on time, and shows — for a week with none due', async () => {
    await h.db.prisma.meeting.updateMany({
      where: { topic: '后勤协调会' },
      data: { state: 'minutes_published', minutesPublishedAt: at('2026-12-11T16:00') },
    });
    const { result } = await asSystem(h, (ctx) => meetingBriefSection(ctx, WEEK));
    expect(result.kpis).toEqual([{ name: '纪要按时率', value: '2/4（50%）' }]);
    expect(result.lines[1]).toBe('本周到期纪要4份：按时发布2份，逾期发布1份，尚未发布1份');

    const empty = weekContaining(at('2026-11-25T12:00'), 'Asia/Shanghai');
    expect((await asSystem(h, (ctx) => meetingBriefSection(ctx, empty))).result).toEqual({
      title: '会议',
      lines: ['本周没有召开会议', '本周没有到期的会议纪要'],
      kpis: [{ name: '纪要按时率', value: '—' }],
    });
  });
});
