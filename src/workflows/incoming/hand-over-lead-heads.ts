import type { BaseContext } from '../../kit/context.js';
import { tell } from '../../kit/notify.js';
import { personName } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import { closeWorkItems } from '../../kit/work-items.js';
import { documentLabel } from './describe-incoming.js';
import { openDocumentWork } from './incoming-work.js';
import { INCOMING_WORKFLOW_ID, lockDocument } from './incoming-store.js';

const HEAD_KINDS = ['doc_feedback', 'doc_completion'] as const;

/**
 * The documents' part of a hand-over after the directory changed (kit/approvals/run-hand-over.ts):
 * the 反馈 and 办结 a lead department owes wait on its head, so when the department has a new head
 * they move to them, due as before, and the new head is told. The 签批 is an approval (the engine's
 * part); readers and the office keep theirs, as a person was named for them.
 */
export async function handOverLeadHeads(ctx: BaseContext): Promise<number> {
  const waiting = await ctx.tx.workItem.findMany({
    where: { orgId: ctx.orgId, workflow: INCOMING_WORKFLOW_ID, kind: { in: [...HEAD_KINDS] }, doneAt: null },
    select: { itemId: true, holderId: true },
    orderBy: { id: 'asc' },
  });
  let moved = 0;
  for (const itemId of new Set(waiting.map((item) => item.itemId))) {
    const document = await lockDocument(ctx, { id: itemId });
    const departmentId = document?.leadDepartmentId;
    const head = departmentId ? ctx.directory.department(departmentId)?.head : undefined;
    if (!document || document.state !== 'handling' || !head || !ctx.directory.person(head)?.isActive) continue;
    const open = await ctx.tx.workItem.findMany({
      where: { orgId: ctx.orgId, itemId, kind: { in: [...HEAD_KINDS] }, doneAt: null, holderId: { not: head } },
    });
    if (open.length === 0) continue;
    for (const item of open) {
      await closeWorkItems(ctx, { kind: item.kind as (typeof HEAD_KINDS)[number], sourceId: item.sourceId ?? '' });
      await openDocumentWork(ctx, document, {
        kind: item.kind as (typeof HEAD_KINDS)[number],
        holderId: head,
        dueAt: item.dueAt ?? document.handlingDueAt ?? ctx.clock.now(),
      });
    }
    const before = open[0]!.holderId;
    await recordAudit(ctx, {
      itemType: INCOMING_WORKFLOW_ID,
      itemRef: document.ref,
      action: 'hand_over',
      comment: `承办：${personName(ctx.directory, before)} → ${personName(ctx.directory, head)}（部门负责人变更）`,
    });
    await tell(
      ctx,
      head,
      `${documentLabel(document)}由您的部门承办（原负责人${personName(ctx.directory, before)}），请按期反馈、办结：「反馈 ${document.ref} 内容」「办结 ${document.ref}」。`,
    );
    moved += 1;
  }
  return moved;
}
