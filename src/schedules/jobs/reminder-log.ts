import type { BaseContext } from '../../kit/context.js';

/** The levels a reminder is recorded at (CHECK reminder_log_level_check). */
export const REMINDER_LEVELS = ['heads_up', 'holder', 'head', 'leader', 'director', 'approval'] as const;
export type ReminderLevel = (typeof REMINDER_LEVELS)[number];

/** One reminder a scan would plan: about which work item, at which level, on which occasion, to whom. */
export interface ReminderKey {
  workItemId: string;
  level: ReminderLevel;
  /** the local day of a daily reminder, the deadline of a heads-up, 催办's period (`P2`) */
  occasion: string;
  recipientId: string;
}

/**
 * Records the reminders and returns those recorded now, in their order: one already in the log was
 * planned by an earlier run (or by another process running at the same time, whose insert this
 * one waits for on the unique key), so it is not planned again.
 */
export async function recordNewReminders<T extends ReminderKey>(ctx: BaseContext, reminders: T[]): Promise<T[]> {
  if (reminders.length === 0) return [];
  const inserted = await ctx.tx.$queryRaw<ReminderKey[]>`
    INSERT INTO reminder_log (org_id, work_item_id, level, occasion, recipient_userid, planned_at)
    SELECT ${ctx.orgId}, v.work_item_id, v.level, v.occasion, v.recipient_userid, ${ctx.clock.now()}
      FROM unnest(${reminders.map((reminder) => reminder.workItemId)}::bigint[],
                  ${reminders.map((reminder) => reminder.level)}::text[],
                  ${reminders.map((reminder) => reminder.occasion)}::text[],
                  ${reminders.map((reminder) => reminder.recipientId)}::text[]) AS v(work_item_id, level, occasion, recipient_userid)
    ON CONFLICT (work_item_id, level, occasion, recipient_userid) DO NOTHING
    RETURNING work_item_id::text AS "workItemId", level, occasion, recipient_userid AS "recipientId"`;
  const recorded = new Set(inserted.map(keyOf));
  return reminders.filter((reminder) => recorded.has(keyOf(reminder)));
}

function keyOf(reminder: ReminderKey): string {
  return [reminder.workItemId, reminder.level, reminder.occasion, reminder.recipientId].join('\u0000');
}
