import { Prisma } from '../../db/prisma.js';
import type { BaseContext } from '../../kit/context.js';
import { personName } from '../../kit/people.js';
import { clip } from '../../shared/text.js';
import { timeRangeText } from './describe-meeting.js';

/**
 * The kinds of meeting a person cannot be at two of at once (seeds: 冲突预警阈值, 同一时段≥2项重要活动需升级
 * 审批): a 培训会 is left out on either side.
 */
const WEIGHTY_KINDS = ['决策会', '协调会'];

/** Meetings still to come: a rejected or cancelled one holds nobody, a held one is over. */
const LIVE_STATES = ['requested', 'approved', 'notified'];

/**
 * 冲突预警 (spec 3.4): who of `attendeeIds` is invited to another 决策会/协调会 overlapping `startsAt`–
 * `endsAt`, as the line the office and the organiser read: 「H2（期中考试协调会，12-03 14:00–15:00（周四））：
 * 李华、陈浩」, one per other meeting; undefined when nobody is.
 */
export async function personConflicts(
  ctx: BaseContext,
  meeting: { kind: string; startsAt: Date; endsAt: Date; attendeeIds: readonly string[]; exceptMeetingId?: string },
): Promise<string | undefined> {
  if (!WEIGHTY_KINDS.includes(meeting.kind) || meeting.attendeeIds.length === 0) return undefined;
  const rows = await ctx.tx.$queryRaw<{ userId: string; ref: string; topic: string; startsAt: Date; endsAt: Date }[]>`
    SELECT a.userid AS "userId", m.ref, m.topic, m.starts_at AS "startsAt", m.ends_at AS "endsAt"
      FROM meeting_attendee a JOIN meeting m ON m.id = a.meeting_id
     WHERE a.org_id = ${ctx.orgId} AND a.userid IN (${Prisma.join(meeting.attendeeIds)})
       AND m.state IN (${Prisma.join(LIVE_STATES)}) AND m.kind IN (${Prisma.join(WEIGHTY_KINDS)})
       AND m.starts_at < ${meeting.endsAt} AND m.ends_at > ${meeting.startsAt}
       ${meeting.exceptMeetingId ? Prisma.sql`AND m.id <> ${meeting.exceptMeetingId}` : Prisma.empty}
     ORDER BY m.starts_at, m.ref, a.id`;
  if (rows.length === 0) return undefined;
  const byMeeting = new Map<string, string[]>();
  for (const row of rows) {
    const heading = `${row.ref}（${clip(row.topic, 16)}，${timeRangeText(row.startsAt, row.endsAt, ctx)}）`;
    byMeeting.set(heading, [...(byMeeting.get(heading) ?? []), personName(ctx.directory, row.userId)]);
  }
  return [...byMeeting].map(([heading, names]) => `${heading}：${names.join('、')}`).join('；');
}
