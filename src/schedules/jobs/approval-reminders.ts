import { Prisma } from '../../db/prisma.js';
import type { BaseContext } from '../../kit/context.js';
import { groupByRecipient } from './group-by-recipient.js';
import { maySendNow, type PlannedMessage } from '../../kit/system-messages.js';
import { recordNewReminders, type ReminderKey } from './reminder-log.js';
import { approvalReminderText, type ApprovalReminderLine } from './reminder-texts.js';

export const APPROVAL_REMINDER_TOPIC = 'approval_reminder';

/** A holder still to decide on an open step of an open approval, with the work item it waits as. */
interface PendingSlot {
  workItemId: string;
  holderId: string;
  itemRef: string;
  action: string;
  subject: string;
  openedAt: Date;
}

/**
 * 催办 (spec 4, hourly in working hours): an approval step pending longer than
 * `sla.approval_reminder_hours` of working time (08:00–18:00 of counting days: a night or a
 * weekend adds nothing) reminds each holder still to decide, once per such period — after 4, 8,
 * 12 … working hours with the default 4. Each reminder is recorded in reminder_log against the
 * holder's work item with its period (`P1`, `P2`), so an hourly run plans it once. Returns one
 * message per person.
 */
export async function planApprovalReminders(ctx: BaseContext): Promise<PlannedMessage[]> {
  const calendar = ctx.directory.calendar;
  const now = ctx.clock.now();
  const periodHours = ctx.directory.config.sla.approval_reminder_hours;
  if (periodHours <= 0 || !maySendNow(calendar, now)) return [];

  // working hours never exceed wall-clock hours: a step opened less than a period ago is not read
  const openedBy = new Date(now.getTime() - periodHours * 3_600_000);
  const slots = await ctx.tx.$queryRaw<PendingSlot[]>(pendingSlotsQuery(ctx.orgId, openedBy));

  const candidates: (ReminderKey & { toUserId: string; topic: string; line: ApprovalReminderLine })[] = [];
  for (const slot of slots) {
    const workingHours = calendar.workingHoursBetween(slot.openedAt, now);
    const period = Math.floor(workingHours / periodHours);
    if (period < 1 || ctx.directory.person(slot.holderId)?.isActive !== true) continue;
    candidates.push({
      workItemId: slot.workItemId,
      level: 'approval',
      occasion: `P${period}`,
      recipientId: slot.holderId,
      toUserId: slot.holderId,
      topic: APPROVAL_REMINDER_TOPIC,
      line: {
        itemRef: slot.itemRef,
        action: slot.action,
        subject: slot.subject,
        since: slot.openedAt,
        workingHours: Math.floor(workingHours),
      },
    });
  }
  const planned = await recordNewReminders(ctx, candidates);
  return groupByRecipient(planned).map(({ toUserId, topic, entries }) => ({
    toUserId,
    topic,
    text: approvalReminderText(
      entries.map((entry) => entry.line),
      ctx.timezone,
    ),
  }));
}

/**
 * Pending holders of open steps of open approvals, opened by `openedBy`, oldest first; each with
 * its open work item (kind approval, source = the holder's id), whose reference and subject the
 * reminder names and against which it is recorded.
 */
function pendingSlotsQuery(orgId: string, openedBy: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT w.id::text AS "workItemId", h.userid AS "holderId", w.item_ref AS "itemRef", w.action, w.subject,
           s.opened_at AS "openedAt"
      FROM approval_holder h
      JOIN approval_step s ON s.id = h.step_id AND s.state = 'open'
      JOIN approval a ON a.id = s.approval_id AND a.state = 'open'
      JOIN work_item w ON w.kind = 'approval' AND w.source_id = h.id::text AND w.done_at IS NULL
     WHERE h.org_id = ${orgId} AND h.state = 'pending' AND s.opened_at <= ${openedBy}
     ORDER BY s.opened_at, h.id`;
}
