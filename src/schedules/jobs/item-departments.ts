import type { BaseContext } from '../../kit/context.js';

/**
 * The department each item belongs to (spec 4: escalation goes to the ITEM's department, not the
 * holder's first): a task's 牵头部门 (task.department_id), a seal request's applying department
 * (seal_request.department_id), a 收文's 承办 department once proposed, a 发文's drafting department,
 * a meeting's organising department, and for any other workflow (or a 收文 not yet proposed) the department of the item's first
 * approval (approval.department_id), so a new workflow with an approval is escalated without code
 * here. An item found nowhere has no department: its head and 分管领导 levels are skipped, and it
 * still reaches the office director's list.
 *
 * Keyed by `${workflow}:${itemId}`.
 */
export async function itemDepartments(
  ctx: BaseContext,
  items: readonly { workflow: string; itemId: string }[],
): Promise<Map<string, string>> {
  const keys = [...new Map(items.map((item) => [itemKey(item), item])).values()];
  if (keys.length === 0) return new Map();
  const rows = await ctx.tx.$queryRaw<{ workflow: string; itemId: string; departmentId: string | null }[]>`
    SELECT v.workflow, v.item_id AS "itemId",
           COALESCE(t.department_id, s.department_id, i.lead_department_id, o.department_id, m.department_id, a.department_id) AS "departmentId"
      FROM unnest(${keys.map((key) => key.workflow)}::text[], ${keys.map((key) => key.itemId)}::text[]) AS v(workflow, item_id)
      LEFT JOIN task t ON v.workflow = 'task' AND t.id = v.item_id AND t.org_id = ${ctx.orgId}
      LEFT JOIN seal_request s ON v.workflow = 'seal' AND s.id = v.item_id AND s.org_id = ${ctx.orgId}
      LEFT JOIN incoming_document i ON v.workflow = 'incoming' AND i.id = v.item_id AND i.org_id = ${ctx.orgId}
      LEFT JOIN outgoing_document o ON v.workflow = 'outgoing' AND o.id = v.item_id AND o.org_id = ${ctx.orgId}
      LEFT JOIN meeting m ON v.workflow = 'meetings' AND m.id = v.item_id AND m.org_id = ${ctx.orgId}
      LEFT JOIN LATERAL (
        SELECT department_id FROM approval
         WHERE org_id = ${ctx.orgId} AND workflow = v.workflow AND item_id = v.item_id
         ORDER BY created_at, id LIMIT 1) a ON true`;
  const departments = new Map<string, string>();
  for (const row of rows) if (row.departmentId) departments.set(itemKey(row), row.departmentId);
  return departments;
}

export function itemKey(item: { workflow: string; itemId: string }): string {
  return `${item.workflow}:${item.itemId}`;
}
