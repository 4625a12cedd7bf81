import { CHECKLIST_LABELS, checklistItemOf, meetingChecklistCard, type ChecklistItem } from '../../../cards/index.js';
import type { CardRecord } from '../../kit/cards/card-record.js';
import { decisionStamp } from '../../kit/cards/close-card.js';
import type { ActorContext, BaseContext } from '../../kit/context.js';
import { shortTime } from '../../kit/format-time.js';
import { tell } from '../../kit/notify.js';
import { hasAnyRole, OFFICE_ROLES } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import { closeWorkItems } from '../../kit/work-items.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { meetingCardFacts, meetingLabel } from './describe-meeting.js';
import { requireCurrentCard, sendMeetingCard } from './meeting-cards-sent.js';
import { meetingMoments } from './meeting-moments.js';
import { MEETING_WORKFLOW_ID } from './meeting-part.js';
import { openMeetingWork } from './meeting-work.js';
import { lockMeeting, stateOf, updateMeeting, type Meeting, type MeetingChange } from './meeting-store.js';

const ITEMS: readonly ChecklistItem[] = ['venue', 'attendees', 'materials'];

const COLUMN: Record<ChecklistItem, 'venueConfirmedAt' | 'attendeesConfirmedAt' | 'materialsConfirmedAt'> = {
  venue: 'venueConfirmedAt',
  attendees: 'attendeesConfirmedAt',
  materials: 'materialsConfirmedAt',
};

/** Meetings still ahead, whose 三个确认 still matter. */
const BEFORE_THE_MEETING = ['approved', 'notified'];

export function checklistConfirmedAt(meeting: Meeting, item: ChecklistItem): Date | null {
  return meeting[COLUMN[item]];
}

export function remainingChecks(meeting: Meeting): ChecklistItem[] {
  return ITEMS.filter((item) => checklistConfirmedAt(meeting, item) === null);
}

/** The three confirmations as 查询 shows them: 「场地设备 已确认 12-02 09:12；参会名单 未确认；…」. */
export function describeChecklist(ctx: BaseContext, meeting: Meeting): string {
  return ITEMS.map((item) => {
    const at = checklistConfirmedAt(meeting, item);
    return `${CHECKLIST_LABELS[item]} ${at ? `已确认 ${shortTime(at, ctx.timezone)}` : '未确认'}`;
  }).join('；');
}

/** When the unconfirmed items go to the office, as the card says it. */
function flagText(ctx: BaseContext, meeting: Meeting): string {
  const flag = meetingMoments(ctx, meeting).checklistFlag ?? meeting.startsAt;
  return shortTime(flag, ctx.timezone);
}

async function sendChecklistCard(ctx: BaseContext, meeting: Meeting): Promise<void> {
  const attendees = await ctx.tx.meetingAttendee.count({ where: { meetingId: meeting.id } });
  const done = ITEMS.filter((item) => checklistConfirmedAt(meeting, item) !== null).map((item) => ({
    item,
    at: shortTime(checklistConfirmedAt(meeting, item)!, ctx.timezone),
  }));
  await sendMeetingCard(
    ctx,
    meeting,
    meeting.organizerId,
    'checklist',
    meetingChecklistCard(
      meetingCardFacts(ctx, meeting, attendees),
      remainingChecks(meeting),
      done,
      flagText(ctx, meeting),
    ),
  );
}

/**
 * The working day before (spec 3.4, seeds: 会前需完成“3个确认”): the organiser's checklist card and
 * 「会前三个确认」 in their 我的待办, due when the unconfirmed items go to the office.
 */
export async function sendChecklist(ctx: BaseContext, meeting: Meeting): Promise<void> {
  if (!BEFORE_THE_MEETING.includes(stateOf(meeting)) || remainingChecks(meeting).length === 0) return;
  await sendChecklistCard(ctx, meeting);
  await openMeetingWork(ctx, meeting, {
    kind: 'meeting_checklist',
    action: '会前三个确认',
    sourceId: meeting.id,
    holderId: meeting.organizerId,
    dueAt: meetingMoments(ctx, meeting).checklistFlag ?? meeting.startsAt,
  });
}

/**
 * A tap confirms one item. WeCom updates a card once (spec 2.6), so the tap answers this card and
 * a fresh one with the items left follows; the last tap closes the work item.
 */
export async function confirmChecklistItem(
  ctx: ActorContext,
  card: CardRecord,
  actionKey: string,
): Promise<CardActionOutcome> {
  const item = checklistItemOf(actionKey);
  const meeting = await lockMeeting(ctx, card.itemId);
  if (!item || !meeting) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  requireCurrentCard(card, meeting, 'checklist');
  if (!BEFORE_THE_MEETING.includes(stateOf(meeting)))
    throw refusal('CONFLICT', `${meeting.ref} 已不在会前阶段，不需要再确认。`, { isCardStale: true });
  const confirmedAt = checklistConfirmedAt(meeting, item);
  if (confirmedAt)
    throw refusal(
      'CONFLICT',
      `${meeting.ref} 的${CHECKLIST_LABELS[item]}已于 ${shortTime(confirmedAt, ctx.timezone)} 确认过。`,
    );
  const now = ctx.clock.now();
  const change: MeetingChange = { [COLUMN[item]]: now };
  const updated = await updateMeeting(ctx, meeting, change);
  await recordAudit(ctx, {
    itemType: MEETING_WORKFLOW_ID,
    itemRef: meeting.ref,
    action: `confirm_${item}`,
    comment: `${CHECKLIST_LABELS[item]}已确认`,
  });
  const remaining = remainingChecks(updated);
  if (remaining.length > 0) await sendChecklistCard(ctx, updated);
  else {
    await closeWorkItems(ctx, { kind: 'meeting_checklist', sourceId: meeting.id });
    await ctx.reply(`${meetingLabel(meeting)}的三个确认（场地设备、参会名单、材料版本）已全部完成。`);
  }
  return {
    kind: 'applied',
    resultText: decisionStamp(`${CHECKLIST_LABELS[item]}已确认`, ctx.actor.name, now, ctx.timezone),
  };
}

/** Two hours before the start: what is still unconfirmed goes to the office (and the organiser). */
export async function flagUnconfirmed(ctx: BaseContext, meeting: Meeting): Promise<void> {
  const remaining = remainingChecks(meeting);
  if (!BEFORE_THE_MEETING.includes(stateOf(meeting)) || remaining.length === 0) return;
  const open = remaining.map((item) => CHECKLIST_LABELS[item]).join('、');
  const office = ctx.directory.activePeople().filter((person) => hasAnyRole(person, OFFICE_ROLES));
  const organizer = ctx.directory.person(meeting.organizerId)?.name ?? meeting.organizerId;
  const starts = shortTime(meeting.startsAt, ctx.timezone);
  for (const person of office.filter((each) => each.userId !== meeting.organizerId))
    await tell(
      ctx,
      person.userId,
      `会前确认未完成：${meetingLabel(meeting)}${starts} 在${meeting.place}召开，还有${open}未确认。组织人：${organizer}。`,
    );
  await tell(
    ctx,
    meeting.organizerId,
    `${meetingLabel(meeting)}${starts} 召开，还有${open}未确认，已告知综合办公室。请尽快在卡片上确认。`,
  );
}
