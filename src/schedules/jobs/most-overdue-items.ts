import type { OverdueItem } from '../../kit/brief.js';
import type { BaseContext } from '../../kit/context.js';
import { personName } from '../../kit/people.js';

/**
 * The `limit` open work items longest past their due time, oldest due first, one entry per item
 * (an item waiting on several people lists them all). Reads only open items that are overdue,
 * through work_item_open_due_idx, so its cost follows the overdue rows, not the table. The subject
 * is the work item's own, which never carries a 秘密/机密 item's content.
 */
export async function mostOverdueItems(ctx: BaseContext, limit: number): Promise<OverdueItem[]> {
  const rows = await ctx.tx.$queryRaw<{ item_ref: string; subject: string; due_at: Date; holders: string[] }[]>`
    SELECT item_ref, (array_agg(subject ORDER BY id))[1] AS subject, min(due_at) AS due_at,
           array_agg(DISTINCT holder_userid) AS holders
      FROM work_item
     WHERE org_id = ${ctx.orgId} AND done_at IS NULL AND due_at IS NOT NULL AND due_at < ${ctx.clock.now()}
     GROUP BY workflow, item_id, item_ref
     ORDER BY min(due_at), item_ref
     LIMIT ${limit}`;
  return rows.map((row) => ({
    ref: row.item_ref,
    subject: row.subject,
    holders: row.holders.map((userId) => personName(ctx.directory, userId)),
    dueAt: row.due_at,
  }));
}
