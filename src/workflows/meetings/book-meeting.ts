import { randomUUID } from 'node:crypto';
import type { RoomInfo } from '../../directory/types.js';
import { openApproval } from '../../kit/approvals/index.js';
import type { ActorContext } from '../../kit/context.js';
import { defineCommand, field } from '../../kit/define-command.js';
import { allocateReference } from '../../kit/numbering/allocate-reference.js';
import { hasAnyRole, LEADER_ROLES } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import { refusal } from '../../shared/errors.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import type { AfterMeetingHooks } from './after-meeting-hooks.js';
import { approveMeeting } from './decide-booking.js';
import { meetingLabel, meetingTimeText } from './describe-meeting.js';
import { inviteesOf, type Invitee } from './invite-attendees.js';
import { BOOKING_STEPS, bookingKey, bookingPresenter, bookingRequester, waitingNames } from './meeting-approval.js';
import { raiseConflict } from './meeting-conflicts.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import type { Meeting } from './meeting-store.js';
import { personConflicts } from './person-conflicts.js';
import { holdRoom, requireRoomFree } from './room-bookings.js';

export const MEETING_KINDS = ['决策会', '协调会', '培训会'] as const;
/** A meeting longer than this is almost certainly a typo (30小时 for 30分钟). */
export const MAX_MINUTES = 12 * 60;

/** Where the meeting is: a room of the org file (checked and held), or any other place as written. */
export function placeOf(ctx: ActorContext, typed: string): { room?: RoomInfo; place: string } {
  const room = ctx.directory.room(typed.trim());
  return room ? { room, place: room.name } : { place: typed.trim() };
}

export function endOf(startsAt: Date, minutes: number): Date {
  if (minutes > MAX_MINUTES)
    throw refusal('INVALID_INPUT', `时长最长${MAX_MINUTES / 60}小时。请核对「时长」，如「90分钟」「2小时」。`);
  return new Date(startsAt.getTime() + minutes * 60_000);
}

/** The line a reply gives the place: a room is held; any other place is taken as written. */
export function placeLine(where: { room?: RoomInfo; place: string }, attendees: number): string {
  if (!where.room) return `地点：${where.place}（不是学校登记的会议室，按所写记录，不检查占用）`;
  const crowded =
    attendees > where.room.capacity
      ? `；注意：参会${attendees}人，超过${where.room.name}的${where.room.capacity}个座位`
      : '';
  return `地点：${where.room.name}（已为本会议保留${crowded}）`;
}

/**
 * `会议` (spec 2.5, 3.4): checks the time, the people and the room (a room is held from the request:
 * see room-bookings.ts), records the meeting and its attendees, raises a 冲突预警 for people expected
 * at another 决策会/协调会 then, and asks the office to approve — or approves at once a leader's.
 */
export function bookMeeting(after: Pick<AfterMeetingHooks, 'onScheduled'>): WorkflowCommand {
  return defineCommand({
    spec: {
      keyword: '会议',
      aliases: ['开会', '预约会议', '订会议室'],
      summary: '预约会议：检查会议室和参会人员时间冲突，综合办公室审批后通知参会人员',
      example:
        '会议 期中考试协调会 时间:明天下午3点 时长:90分钟 地点:第一会议室 参会:@李华 教务处 类型:协调会 议程:考务分工',
      freeText: 'optional',
    },
    fields: {
      主题: field.text({
        aliases: ['会议名称', '名称'],
        required: true,
        fromFreeText: true,
        question: '会议的主题是什么？',
      }),
      时间: field.datetime({
        aliases: ['会议时间', '开始时间'],
        required: true,
        notPast: true,
        question: '会议什么时候开始？',
      }),
      时长: field.duration({ aliases: ['会议时长'], defaultValue: '60分钟', question: '会议开多长时间？' }),
      地点: field.text({
        aliases: ['会议室', '场地'],
        required: true,
        question: '在哪里开？写学校的会议室名称（会检查是否空闲），或校外、线上的地点（按所写记录）。',
      }),
      参会: field.peopleOrDepartments({
        aliases: ['参会人员', '参加', '人员'],
        required: true,
        question: '请哪些人参会？',
      }),
      主持: field.person({ aliases: ['主持人'], question: '由谁主持？' }),
      类型: field.choice(MEETING_KINDS, {
        aliases: ['会议类型'],
        defaultValue: '协调会',
        question: '是什么类型的会议？',
      }),
      议程: field.text({ aliases: ['议题'], question: '会议议程是什么？' }),
      记录人: field.person({ aliases: ['记录'], question: '由谁记录？' }),
    },
    async execute(ctx, { values }) {
      const departmentId = ctx.actor.departmentIds[0];
      if (!departmentId) throw refusal('INVALID_INPUT', '您在通讯录中没有所属部门，无法预约会议。请联系综合办公室。');
      const startsAt = values.时间.toJSDate();
      const endsAt = endOf(startsAt, values.时长 ?? 60);
      const where = placeOf(ctx, values.地点);
      const host = values.主持 ?? ctx.actor;
      const invitees = inviteesOf(ctx, values.参会, { host, recorder: values.记录人 });
      const kind = values.类型 ?? '协调会';
      const conflicts = await personConflicts(ctx, {
        kind,
        startsAt,
        endsAt,
        attendeeIds: invitees.map((invitee) => invitee.userId),
      });
      const slot = where.room ? { roomId: where.room.id, startsAt, endsAt } : undefined;
      if (slot) await requireRoomFree(ctx, slot);

      // the reference last (its counter is locked until commit): see kit/numbering/allocate-number.ts
      const now = ctx.clock.now();
      const meeting = await ctx.tx.meeting.create({
        data: {
          id: randomUUID(),
          orgId: ctx.orgId,
          ref: await allocateReference(ctx, 'H'),
          topic: values.主题,
          kind,
          startsAt,
          endsAt,
          roomId: where.room?.id ?? null,
          place: where.place,
          agenda: values.议程 ?? null,
          organizerId: ctx.actor.userId,
          hostId: host.userId,
          recorderId: values.记录人?.userId ?? null,
          departmentId,
          state: 'requested',
          createdAt: now,
          updatedAt: now,
        },
      });
      await addAttendees(ctx, meeting, invitees);
      await recordAudit(ctx, {
        itemType: MEETING_WORKFLOW_ID,
        itemRef: meeting.ref,
        action: 'book',
        toState: 'requested',
        comment: `${meetingTimeText(meeting, ctx)}，${meeting.place}，${invitees.length}人`,
      });
      await holdRoom(ctx, meeting.id, slot);
      const booked = conflicts ? await raiseConflict(ctx, meeting, conflicts) : meeting;
      const lines = [
        `时间：${meetingTimeText(meeting, ctx)}`,
        placeLine(where, invitees.length),
        `参会：${invitees.length}人；主持：${host.name}${values.记录人 ? `；记录：${values.记录人.name}` : ''}`,
        ...(conflicts ? [`冲突预警：${conflicts}。已请综合办公室确认，确认前不会批准或发出通知。`] : []),
      ];
      await ctx.reply([...(await requestApproval(ctx, booked, invitees.length, after)), ...lines].join('\n'));
    },
  });
}

async function addAttendees(ctx: ActorContext, meeting: Meeting, invitees: readonly Invitee[]): Promise<void> {
  await ctx.tx.meetingAttendee.createMany({
    data: invitees.map((invitee, index) => ({
      // ordered ids: the list reads in the order it was given
      id: `${meeting.id}:${String(index).padStart(4, '0')}`,
      orgId: ctx.orgId,
      meetingId: meeting.id,
      userId: invitee.userId,
      departmentId: invitee.departmentId,
    })),
  });
}

/**
 * The office's approval, or none: a leader's (or the principal's) booking is approved at once (spec
 * 3.4), as is one nobody else could approve. Returns the reply's first lines.
 */
async function requestApproval(
  ctx: ActorContext,
  meeting: Meeting,
  attendees: number,
  after: Pick<AfterMeetingHooks, 'onScheduled'>,
): Promise<string[]> {
  const label = meetingLabel(meeting);
  if (hasAnyRole(ctx.actor, LEADER_ROLES)) {
    const { next } = await approveMeeting(ctx, meeting, 'approve_at_once', '校领导预约，直接批准', after);
    return [`已预约会议 ${label}，校领导预约无需审批，已直接批准。${next}。`];
  }
  const { progress } = await openApproval(
    ctx,
    { ...bookingKey(meeting), itemRef: meeting.ref, requester: bookingRequester(ctx, meeting), steps: BOOKING_STEPS },
    bookingPresenter(ctx, meeting, attendees),
  );
  if (progress.outcome !== 'waiting') {
    const { next } = await approveMeeting(ctx, meeting, 'approve_at_once', '无其他审批人，直接批准', after);
    return [`已预约会议 ${label}，已批准。${next}。`];
  }
  return [
    `已提交会议预约 ${label}，等待综合办公室（${waitingNames(ctx, progress)}）审批。发送「查询 ${meeting.ref}」随时查看。`,
  ];
}
