import { randomUUID } from 'node:crypto';
import { MEETING_WORKFLOW_ID } from '../../src/workflows/meetings/meeting-part.js';
import type { DocumentContext } from './document-rows.js';
import { pushWorkItem } from './seed-approval.js';
import type { CreationTime } from './year-timeline.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TOPICS = [
  '教学工作例会',
  '安全工作部署',
  '期末考试安排',
  '招生工作协调',
  '教研组长培训',
  '经费预算讨论',
  '德育工作推进',
];
const PLACES = ['第一会议室', '第二会议室', '行政楼报告厅', '线上会议'];

/**
 * One meeting as the workflow leaves it: booked on a working day for 1–10 days later, 4–12
 * attendees invited (meeting_attendee, a meeting_reply wait each), held, and its minutes (纪要)
 * due `minutes_due_hours` after the end: published on time mostly, some late, and a few of the
 * last month not yet (the recorder's meeting_minutes wait still open). 20 % 决策会, half 协调会.
 */
export function addMeetingRows(ctx: DocumentContext, created: CreationTime, ref: string): void {
  const { random, rows, orgId, directory } = ctx;
  const id = randomUUID();
  const createdAt = created.at;
  const roll = random.next();
  const kind = roll < 0.2 ? '决策会' : roll < 0.7 ? '协调会' : '培训会';
  const department = random.pick(directory.config.departments.filter((each) => each.head));
  const organizerId = department.head!;
  const hostId = kind === '决策会' ? (department.leader ?? random.pick(ctx.leaderIds)) : organizerId;
  const attendees = new Set<string>([hostId]);
  const count = random.int(4, 12);
  while (attendees.size < count) attendees.add(random.pick(ctx.staffIds));
  const recorderId = random.pick([...attendees].filter((each) => each !== hostId));
  // a working day 1–10 days on (a day index of the calendar), 08:30–16:00, one or two hours
  const startDay = Math.min(created.dayIndex + random.int(1, 10), ctx.days.starts.length - 1);
  const startsAt = new Date(ctx.days.starts[startDay]! + (510 + 30 * random.int(0, 15)) * 60_000);
  const endsAt = new Date(startsAt.getTime() + random.int(2, 4) * 30 * 60_000);
  const cancelled = random.chance(0.04);
  const approvedAt = new Date(Math.min(createdAt.getTime() + random.int(1, 6) * HOUR, ctx.now.getTime() - 60_000));
  const held = !cancelled && endsAt < ctx.now;
  const minutesDueAt = new Date(endsAt.getTime() + directory.config.sla.minutes_due_hours * HOUR);
  const recent = ctx.now.getTime() - endsAt.getTime() < 30 * DAY;
  const publishRoll = random.next();
  const publishAt =
    publishRoll < 0.8
      ? endsAt.getTime() + random.next() * (minutesDueAt.getTime() - endsAt.getTime())
      : publishRoll < 0.95 || !recent
        ? minutesDueAt.getTime() + random.int(1, 72) * HOUR
        : null;
  const published = held && publishAt !== null && publishAt <= ctx.now.getTime() - 60_000 ? new Date(publishAt) : null;
  const state = cancelled
    ? 'cancelled'
    : !held
      ? 'notified'
      : !published
        ? 'held'
        : ctx.now.getTime() - published.getTime() > 7 * DAY
          ? 'closed'
          : 'minutes_published';
  const topic = random.pick(TOPICS);
  const facts = {
    workflow: MEETING_WORKFLOW_ID,
    itemId: id,
    ref,
    requester: directory.person(organizerId)?.name ?? organizerId,
    subject: topic,
    submittedAt: createdAt,
  };
  for (const userId of attendees) {
    const attendeeId = randomUUID();
    const repliedAt = new Date(Math.min(approvedAt.getTime() + random.int(1, 20) * HOUR, ctx.now.getTime() - 60_000));
    const leave = random.chance(0.08);
    rows.meetingAttendees.push([
      attendeeId,
      orgId,
      id,
      userId,
      directory.person(userId)?.departmentIds[0] ?? null,
      leave ? 'leave' : 'attending',
      leave ? '外出培训' : null,
      repliedAt,
      approvedAt,
      held && !leave && random.chance(0.9) ? startsAt : null,
    ]);
    pushWorkItem(ctx, {
      ...facts,
      kind: 'meeting_reply',
      sourceId: attendeeId,
      holderId: userId,
      action: '回复参会',
      since: approvedAt,
      dueAt: startsAt,
      doneAt: cancelled ? approvedAt : repliedAt,
    });
  }
  if (held)
    pushWorkItem(ctx, {
      ...facts,
      kind: 'meeting_minutes',
      sourceId: id,
      holderId: recorderId,
      action: '报送纪要',
      since: endsAt,
      dueAt: minutesDueAt,
      doneAt: published,
    });
  rows.meetings.push([
    id,
    orgId,
    ref,
    topic,
    kind,
    startsAt,
    endsAt,
    null,
    random.pick(PLACES),
    organizerId,
    hostId,
    recorderId,
    department.id,
    state,
    approvedAt,
    cancelled ? null : minutesDueAt,
    published ? `${topic}会议纪要：议定事项若干。` : null,
    published ? recorderId : null,
    published,
    published && kind === '决策会' ? hostId : null,
    published,
    cancelled ? '主持人另有公务' : null,
    createdAt,
    published ?? (held ? endsAt : approvedAt),
  ]);
}
