import { Prisma } from '../../db/prisma.js';
import type { BaseContext } from '../../kit/context.js';

/** An open work item the overdue scan looks at: overdue, or due by the horizon. */
export interface DueWorkItem {
  /** work_item.id, as text (a bigint) */
  id: string;
  workflow: string;
  itemId: string;
  itemRef: string;
  holderId: string;
  /** 督办事项, 用印审批 */
  action: string;
  /** already safe to show: a 秘密 item's subject names no content */
  subject: string;
  dueAt: Date;
  escalationLevel: number;
}

/**
 * Open items (holders only: 协办 have no due of their own) due by `horizon`, most overdue first.
 * Written for the partial index work_item_open_due_idx (org_id, due_at) WHERE done_at IS NULL AND
 * due_at IS NOT NULL: both predicates are spelled out so the planner can use it, and the range on
 * due_at makes the scan's cost grow with the overdue and due-soon rows, not with the table (which
 * keeps every item ever opened). EXPLAINed by tests/db/overdue-scan-query-plan.test.ts.
 */
export function dueWorkItemsQuery(orgId: string, horizon: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT id::text AS id, workflow, item_id AS "itemId", item_ref AS "itemRef", holder_userid AS "holderId",
           action, subject, due_at AS "dueAt", escalation_level AS "escalationLevel"
      FROM work_item
     WHERE org_id = ${orgId} AND done_at IS NULL AND due_at IS NOT NULL AND due_at <= ${horizon}
       AND role = 'holder'
     ORDER BY due_at, id`;
}

export function dueWorkItems(ctx: BaseContext, horizon: Date): Promise<DueWorkItem[]> {
  return ctx.tx.$queryRaw<DueWorkItem[]>(dueWorkItemsQuery(ctx.orgId, horizon));
}

/** Records the ladder level each item has reached (0 again for one not overdue, e.g. after a 延期). */
export async function setEscalationLevels(ctx: BaseContext, levels: { id: string; level: number }[]): Promise<void> {
  if (levels.length === 0) return;
  await ctx.tx.$executeRaw`
    UPDATE work_item AS w SET escalation_level = v.level
      FROM unnest(${levels.map((entry) => entry.id)}::bigint[], ${levels.map((entry) => entry.level)}::int[]) AS v(id, level)
     WHERE w.id = v.id AND w.org_id = ${ctx.orgId} AND w.escalation_level <> v.level`;
}
