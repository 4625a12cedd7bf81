import type { BaseContext } from '../../kit/context.js';
import { personName } from '../../kit/people.js';
import { groupByRecipient } from './group-by-recipient.js';
import { itemDepartments, itemKey } from './item-departments.js';
import { dueWorkItems, setEscalationLevels, type DueWorkItem } from './overdue-items-query.js';
import { ladderLevel, ladderRecipients, type LadderLevel } from './overdue-ladder.js';
import { maySendNow, type PlannedMessage } from '../../kit/system-messages.js';
import { recordNewReminders, type ReminderKey } from './reminder-log.js';
import {
  directorListText,
  escalationText,
  headsUpText,
  holderReminderText,
  type ReminderLine,
} from './reminder-texts.js';

/** The topics of what the overdue scan plans (one message per person and topic). */
export const OVERDUE_TOPICS = {
  headsUp: 'due_soon',
  holder: 'overdue',
  escalation: 'overdue_escalation',
  director: 'overdue_director_list',
} as const;

type Topic = (typeof OVERDUE_TOPICS)[keyof typeof OVERDUE_TOPICS];

interface Planned extends ReminderKey {
  toUserId: string;
  topic: Topic;
  line: ReminderLine;
}

/**
 * 超时提醒 (spec 4, working days 09:05): every open item past its due reminds its holder once per
 * working day; after `sla.escalate_after_working_days` working days also the item's department
 * head, after twice that its 分管领导, and the office director gets one daily list of what reached
 * the 分管领导. An item due by the end of the next working day gets one heads-up. Only open items
 * overdue or due soon are read (through work_item_open_due_idx); each reminder is recorded in
 * reminder_log and planned only the first time, so a second run the same day plans nothing.
 * Returns one message per person and topic; the caller holds them for sending.
 */
export async function planOverdueScan(ctx: BaseContext): Promise<PlannedMessage[]> {
  const calendar = ctx.directory.calendar;
  const now = ctx.clock.now();
  const today = calendar.dayOf(now);
  // a holiday, weekend or closure day (nothing is a further day overdue), or a run at night (a late
  // one after downtime): nothing is planned — held till morning it would meet that day's own scan
  if (!calendar.countsForDeadlines(today) || !maySendNow(calendar, now)) return [];
  const items = await dueWorkItems(ctx, dueSoonHorizon(ctx, now));
  if (items.length === 0) return [];

  const departments = await itemDepartments(ctx, items);
  const escalateAfter = ctx.directory.config.sla.escalate_after_working_days;
  const candidates: Planned[] = [];
  const levels: { id: string; level: LadderLevel }[] = [];
  for (const item of items) {
    if (item.dueAt.getTime() > now.getTime()) {
      levels.push({ id: item.id, level: 0 });
      const line = lineOf(ctx, item, 0, undefined);
      // once per deadline: a 延期 gives the new deadline its own heads-up
      candidates.push(plan(item, 'heads_up', item.dueAt.toISOString(), item.holderId, OVERDUE_TOPICS.headsUp, line));
      continue;
    }
    const workingDaysOverdue = calendar.workingDaysBetween(item.dueAt, now);
    const level = ladderLevel(workingDaysOverdue, escalateAfter);
    levels.push({ id: item.id, level });
    const department = ctx.directory.department(departments.get(itemKey(item)) ?? '');
    const line = lineOf(ctx, item, workingDaysOverdue, department?.name);
    for (const recipient of ladderRecipients(item.holderId, department, level)) {
      const topic = recipient.role === 'holder' ? OVERDUE_TOPICS.holder : OVERDUE_TOPICS.escalation;
      candidates.push(plan(item, recipient.role, today, recipient.userId, topic, line));
    }
    if (level === 2)
      for (const director of ctx.directory.peopleWithRole('office_director'))
        if (director.userId !== item.holderId)
          candidates.push(
            plan(item, 'director', today, director.userId, OVERDUE_TOPICS.director, {
              ...line,
              ...(department?.leader ? { leaderName: personName(ctx.directory, department.leader) } : {}),
            }),
          );
  }

  const planned = await recordNewReminders(
    ctx,
    candidates.filter((candidate) => isReachable(ctx, candidate.toUserId)),
  );
  await setEscalationLevels(ctx, levels);
  return groupByRecipient(planned).map(({ toUserId, entries }) => {
    const { topic } = entries[0]!;
    return {
      toUserId,
      topic,
      text: textFor(
        topic,
        entries.map((entry) => entry.line),
        ctx.timezone,
      ),
    };
  });
}

/** "Due within one working day": by the end (18:00) of the next counting day. */
function dueSoonHorizon(ctx: BaseContext, now: Date): Date {
  const calendar = ctx.directory.calendar;
  return calendar.endOfWorkingDay(calendar.dayOf(calendar.addWorkingDays(now, 1)));
}

function lineOf(
  ctx: BaseContext,
  item: DueWorkItem,
  workingDaysOverdue: number,
  departmentName?: string,
): ReminderLine {
  const holder = personName(ctx.directory, item.holderId);
  return {
    itemRef: item.itemRef,
    action: item.action,
    subject: item.subject,
    dueAt: item.dueAt,
    workingDaysOverdue,
    waitingOn: departmentName ? `${holder}（${departmentName}）` : holder,
  };
}

function plan(
  item: DueWorkItem,
  level: Planned['level'],
  occasion: string,
  toUserId: string,
  topic: Topic,
  line: ReminderLine,
): Planned {
  return { workItemId: item.id, level, occasion, recipientId: toUserId, toUserId, topic, line };
}

/** Someone who has left gets nothing (their items are handed over); the other levels still go. */
function isReachable(ctx: BaseContext, userId: string): boolean {
  return ctx.directory.person(userId)?.isActive === true;
}

function textFor(topic: Topic, lines: ReminderLine[], timezone: string): string {
  switch (topic) {
    case OVERDUE_TOPICS.headsUp:
      return headsUpText(lines, timezone);
    case OVERDUE_TOPICS.holder:
      return holderReminderText(lines, timezone);
    case OVERDUE_TOPICS.escalation:
      return escalationText(lines, timezone);
    case OVERDUE_TOPICS.director:
      return directorListText(lines, timezone);
  }
}
