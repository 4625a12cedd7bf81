import { Prisma } from '../db/prisma.js';
import type { WorkItemKind } from '../db/row-states.js';
import type { BaseContext } from './context.js';

/** How a work item reads in 我的待办: 「Y2 用印审批｜陈浩（教务处）｜法人章 2份《课题结题报告》｜…」. */
export interface WorkItemFacts {
  /** what is asked of the person: 用印审批, 待用印 */
  action: string;
  /** who asked: 陈浩（教务处） */
  requester: string;
  /** what it is about: 法人章 2份《课题结题报告》 */
  subject: string;
  submittedAt: Date;
  /** a time the requester plans to use it (拟用), where the workflow has one */
  plannedAt?: Date | null;
}

export interface NewWorkItem extends WorkItemFacts {
  workflow: string;
  itemId: string;
  itemRef: string;
  kind: WorkItemKind;
  /** what exactly it waits for (an approval holder's id, the item's own id): one open item per source */
  sourceId: string;
  holderId: string;
  /** helpers (协办) see it without a due of their own */
  role?: 'holder' | 'helper';
  /** when it must be done; overdue is derived from it, never stored */
  dueAt?: Date | null;
}

/**
 * Records that something now waits on a person, since the context's clock. Written in the same
 * transaction as the transition that causes it; a second open item for the same source is not
 * created (a retried event, a hand-over run twice): says whether this one was.
 */
export async function openWorkItem(ctx: BaseContext, item: NewWorkItem): Promise<boolean> {
  const inserted = await ctx.tx.$executeRaw`
    INSERT INTO work_item (org_id, workflow, item_id, item_ref, kind, source_id, holder_userid, role, action, requester, subject, submitted_at, planned_at, since, due_at)
    VALUES (${ctx.orgId}, ${item.workflow}, ${item.itemId}, ${item.itemRef}, ${item.kind}, ${item.sourceId}, ${item.holderId}, ${item.role ?? 'holder'},
            ${item.action}, ${item.requester}, ${item.subject}, ${item.submittedAt}, ${item.plannedAt ?? null}, ${ctx.clock.now()}, ${item.dueAt ?? null})
    ON CONFLICT (kind, source_id) WHERE done_at IS NULL DO NOTHING`;
  return inserted > 0;
}

/** Marks the open work items that match as done (now); says how many there were. */
export async function closeWorkItems(
  ctx: BaseContext,
  which: {
    kind?: WorkItemKind;
    sourceId?: string | { startsWith: string };
    workflow?: string;
    itemId?: string;
    holderId?: string;
  },
): Promise<number> {
  const closed = await ctx.tx.workItem.updateMany({
    where: { orgId: ctx.orgId, doneAt: null, ...which },
    data: { doneAt: ctx.clock.now() },
  });
  return closed.count;
}

/** One person's open work items, oldest first: 我的待办, answered by one indexed query (work_item_open_by_holder_idx). */
export function openWorkItemsOf(ctx: BaseContext, holderId: string): Promise<OpenWorkItem[]> {
  return ctx.tx.$queryRaw<OpenWorkItem[]>(openWorkItemsQuery(ctx.orgId, holderId));
}

/** The query of {@link openWorkItemsOf}, also EXPLAINed by tests/db/todo-query-plan.test.ts to show it uses the index. */
export function openWorkItemsQuery(orgId: string, holderId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT ${OPEN_ITEM_COLUMNS}
      FROM work_item
     WHERE org_id = ${orgId} AND holder_userid = ${holderId} AND done_at IS NULL
     ORDER BY since, id`;
}

/**
 * Everyone's open work items, by person (each person's oldest first), in one read: the morning
 * digest lists each holder's 我的待办 without a query per person.
 */
export async function openWorkItemsByHolder(ctx: BaseContext): Promise<Map<string, OpenWorkItem[]>> {
  const rows = await ctx.tx.$queryRaw<(OpenWorkItem & { holderId: string })[]>`
    SELECT holder_userid AS "holderId", ${OPEN_ITEM_COLUMNS}
      FROM work_item
     WHERE org_id = ${ctx.orgId} AND done_at IS NULL
     ORDER BY holder_userid, since, id`;
  const byHolder = new Map<string, OpenWorkItem[]>();
  for (const { holderId, ...item } of rows) {
    const items = byHolder.get(holderId);
    if (items) items.push(item);
    else byHolder.set(holderId, [item]);
  }
  return byHolder;
}

const OPEN_ITEM_COLUMNS = Prisma.sql`item_ref AS "itemRef", workflow, action, requester, subject, submitted_at AS "submittedAt",
           planned_at AS "plannedAt", since, due_at AS "dueAt", role`;

export interface OpenWorkItem extends WorkItemFacts {
  itemRef: string;
  workflow: string;
  since: Date;
  dueAt: Date | null;
  role: 'holder' | 'helper';
}

/** Who an item waits on now (its open work items' holders), in the order they started waiting. */
export async function currentHolders(ctx: BaseContext, item: { workflow: string; itemId: string }): Promise<string[]> {
  const rows = await ctx.tx.workItem.findMany({
    where: { orgId: ctx.orgId, workflow: item.workflow, itemId: item.itemId, doneAt: null, role: 'holder' },
    orderBy: [{ since: 'asc' }, { id: 'asc' }],
    select: { holderId: true },
  });
  return [...new Set(rows.map((row) => row.holderId))];
}
