import { randomUUID } from 'node:crypto';
import type { Row, SeedRows } from './seed-tables.js';

/** What every generated item shares: where its rows go and the holder ids of the approval engine. */
export interface ItemContext {
  orgId: string;
  now: Date;
  rows: SeedRows;
  nextHolderId: () => bigint;
}

/** One waiting person of an item: a work_item row as kit/work-items.ts writes it. */
export interface WorkItemFacts {
  workflow: string;
  itemId: string;
  ref: string;
  kind: string;
  sourceId: string;
  holderId: string;
  action: string;
  requester: string;
  subject: string;
  submittedAt: Date;
  since: Date;
  dueAt: Date | null;
  doneAt: Date | null;
}

export function pushWorkItem(ctx: ItemContext, item: WorkItemFacts): void {
  const row: Row = [
    ctx.orgId,
    item.workflow,
    item.itemId,
    item.ref,
    item.kind,
    item.sourceId,
    item.holderId,
    'holder',
    item.action,
    item.requester,
    item.subject,
    item.submittedAt,
    null,
    item.since,
    item.dueAt,
    item.doneAt,
  ];
  ctx.rows.workItems.push(row);
}

/** One step of a generated approval: a single holder, opened and (when `decidedAt`) approved. */
export interface SeedStep {
  name: string;
  rule: string;
  holderId: string;
  openedAt: Date | null;
  decidedAt: Date | null;
  dueAt: Date | null;
}

/**
 * An approval of the engine (approval, its steps, one holder each, the holders' work items) for a
 * document or meeting: steps in order, each approved at `decidedAt`; the first undecided opened
 * step is open and pending; the rest wait. `closed` (a cancelled item) closes what was not decided.
 */
export function pushApproval(
  ctx: ItemContext,
  item: { workflow: string; itemId: string; ref: string; purpose: string; requesterId: string; departmentId: string },
  facts: { requester: string; subject: string; submittedAt: Date },
  steps: SeedStep[],
  closed: boolean,
): void {
  const approvalId = randomUUID();
  let state = 'approved';
  let updatedAt = facts.submittedAt;
  for (const [position, step] of steps.entries()) {
    const stepId = randomUUID();
    const decided = step.decidedAt !== null;
    const open = !decided && step.openedAt !== null && !closed;
    if (!decided) state = closed ? 'cancelled' : 'open';
    const stepState = decided ? 'approved' : open ? 'open' : closed ? 'cancelled' : 'waiting';
    ctx.rows.approvalSteps.push([
      stepId,
      approvalId,
      1,
      position,
      'sequential',
      step.rule,
      step.name,
      stepState,
      step.openedAt,
      step.decidedAt,
    ]);
    const holderId = ctx.nextHolderId();
    const holderState = decided ? 'approved' : open ? 'pending' : 'closed';
    ctx.rows.approvalHolders.push([
      holderId,
      ctx.orgId,
      stepId,
      step.holderId,
      step.rule,
      holderState,
      step.decidedAt,
      decided ? step.holderId : null,
      null,
    ]);
    if (step.openedAt) {
      pushWorkItem(ctx, {
        workflow: item.workflow,
        itemId: item.itemId,
        ref: item.ref,
        kind: 'approval',
        sourceId: holderId.toString(),
        holderId: step.holderId,
        action: step.name,
        requester: facts.requester,
        subject: facts.subject,
        submittedAt: facts.submittedAt,
        since: step.openedAt,
        dueAt: step.dueAt,
        // a cancelled item closes its open step's wait when it is cancelled (its last update)
        doneAt: step.decidedAt ?? (closed ? step.openedAt : null),
      });
      updatedAt = step.decidedAt ?? step.openedAt;
    }
  }
  ctx.rows.approvals.push([
    approvalId,
    ctx.orgId,
    item.workflow,
    item.itemId,
    item.ref,
    item.purpose,
    item.requesterId,
    item.departmentId,
    1,
    state,
    facts.submittedAt,
    updatedAt,
  ]);
}
