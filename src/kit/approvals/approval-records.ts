import type { ApprovalHolderState, ApprovalState, ApprovalStepMode, ApprovalStepState } from '../../db/row-states.js';
import { AppError } from '../../shared/errors.js';
import type { BaseContext } from '../context.js';
import type { ApprovalRule } from './approval-rules.js';

/** Which approval of which item: one item may have several (a document's 核稿 and its 签发). */
export interface ApprovalKey {
  workflow: string;
  itemId: string;
  /** default 'main' */
  purpose?: string;
}

export interface ApprovalRecord {
  id: string;
  workflow: string;
  itemId: string;
  itemRef: string;
  purpose: string;
  requesterId: string;
  departmentId: string;
  round: number;
  state: ApprovalState;
  /** the current round's steps, in order */
  steps: StepRecord[];
}

export interface StepRecord {
  id: string;
  round: number;
  position: number;
  mode: ApprovalStepMode;
  rules: ApprovalRule[];
  name: string;
  state: ApprovalStepState;
  openedAt: Date | null;
  decidedAt: Date | null;
  holders: HolderRecord[];
}

export interface HolderRecord {
  /** also what its card was sent for (`approval:<id>`) and its work item's source */
  id: string;
  userId: string;
  rule: ApprovalRule;
  state: ApprovalHolderState;
  decidedAt: Date | null;
  /** who decided: the holder, or whoever holds the rule now (a new head before the hand-over ran) */
  decidedBy: string | null;
  comment: string | null;
}

/** A card sent to an approval holder is sent for this; a tap is honoured while the holder is pending. */
export function holderCardState(holderId: string): string {
  return `approval:${holderId}`;
}

export function holderIdOfCard(sentForState: string): string | undefined {
  return sentForState.startsWith('approval:') ? sentForState.slice('approval:'.length) : undefined;
}

/**
 * Loads an approval with its current round and locks its row for the rest of the transaction, so
 * decisions, a withdrawal and a hand-over on one approval are taken one after the other. The
 * workflow locks its item first (cards, then the item, then its approval: one order everywhere).
 */
export async function lockApproval(ctx: BaseContext, key: ApprovalKey): Promise<ApprovalRecord | undefined> {
  const rows = await ctx.tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM approval
     WHERE org_id = ${ctx.orgId} AND workflow = ${key.workflow} AND item_id = ${key.itemId} AND purpose = ${key.purpose ?? 'main'}
     FOR UPDATE`;
  return rows[0] ? loadApproval(ctx, rows[0].id) : undefined;
}

/** The approval a holder belongs to, locked (a card tap, 转交, a hand-over start from the holder). */
export async function lockApprovalOfHolder(ctx: BaseContext, holderId: string): Promise<ApprovalRecord | undefined> {
  if (!/^\d+$/.test(holderId)) return undefined;
  const rows = await ctx.tx.$queryRaw<{ id: string }[]>`
    SELECT a.id FROM approval a
      JOIN approval_step s ON s.approval_id = a.id
      JOIN approval_holder h ON h.step_id = s.id
     WHERE h.id = ${BigInt(holderId)} AND a.org_id = ${ctx.orgId}
     FOR UPDATE OF a`;
  return rows[0] ? loadApproval(ctx, rows[0].id) : undefined;
}

/** Reads an approval without locking it (查询, 我的待办's details). */
export async function findApproval(ctx: BaseContext, key: ApprovalKey): Promise<ApprovalRecord | undefined> {
  const row = await ctx.tx.approval.findUnique({
    where: {
      orgId_workflow_itemId_purpose: {
        orgId: ctx.orgId,
        workflow: key.workflow,
        itemId: key.itemId,
        purpose: key.purpose ?? 'main',
      },
    },
    select: { id: true },
  });
  return row ? loadApproval(ctx, row.id) : undefined;
}

async function loadApproval(ctx: BaseContext, id: string): Promise<ApprovalRecord> {
  const approval = await ctx.tx.approval.findUniqueOrThrow({ where: { id } });
  const steps = await ctx.tx.approvalStep.findMany({
    where: { approvalId: id, round: approval.round },
    orderBy: { position: 'asc' },
    include: { holders: { orderBy: { id: 'asc' } } },
  });
  return {
    id: approval.id,
    workflow: approval.workflow,
    itemId: approval.itemId,
    itemRef: approval.itemRef,
    purpose: approval.purpose,
    requesterId: approval.requesterId,
    departmentId: approval.departmentId,
    round: approval.round,
    state: approval.state as ApprovalState,
    steps: steps.map((step) => ({
      id: step.id,
      round: step.round,
      position: step.position,
      mode: step.mode as ApprovalStepMode,
      rules: step.rule.split(',') as ApprovalRule[],
      name: step.name,
      state: step.state as ApprovalStepState,
      openedAt: step.openedAt,
      decidedAt: step.decidedAt,
      holders: step.holders.map((holder) => ({
        id: holder.id.toString(),
        userId: holder.userId,
        rule: holder.rule as ApprovalRule,
        state: holder.state as ApprovalHolderState,
        decidedAt: holder.decidedAt,
        decidedBy: holder.decidedBy,
        comment: holder.comment,
      })),
    })),
  };
}

export function openStepOf(approval: ApprovalRecord): StepRecord | undefined {
  return approval.state === 'open' ? approval.steps.find((step) => step.state === 'open') : undefined;
}

export function findHolder(
  approval: ApprovalRecord,
  holderId: string,
): { step: StepRecord; holder: HolderRecord } | undefined {
  for (const step of approval.steps) {
    const holder = step.holders.find((candidate) => candidate.id === holderId);
    if (holder) return { step, holder };
  }
  return undefined;
}

/** Compare-and-set on one holder's state: of two decisions on one slot, one wins. */
export async function moveHolder(
  ctx: BaseContext,
  holderId: string,
  from: ApprovalHolderState,
  data: { state: ApprovalHolderState; decidedBy?: string | null; comment?: string | null },
): Promise<void> {
  const moved = await ctx.tx.approvalHolder.updateMany({
    where: { id: BigInt(holderId), state: from },
    data: { ...data, decidedAt: ctx.clock.now() },
  });
  if (moved.count === 0) throw new AppError('CONFLICT', `approval holder ${holderId} is no longer ${from}`);
}

/**
 * Everyone who approved the item (every round, in the order they decided), as the person who
 * decided: what a keeper's card lists, what the register records as approvers.
 */
export async function approvalsGiven(ctx: BaseContext, key: ApprovalKey): Promise<{ userId: string; at: Date }[]> {
  const approved = await ctx.tx.approvalHolder.findMany({
    where: {
      orgId: ctx.orgId,
      state: 'approved',
      step: { approval: { workflow: key.workflow, itemId: key.itemId, purpose: key.purpose ?? 'main' } },
    },
    orderBy: [{ decidedAt: 'asc' }, { id: 'asc' }],
    select: { userId: true, decidedBy: true, decidedAt: true },
  });
  return approved.map((holder) => ({ userId: holder.decidedBy ?? holder.userId, at: holder.decidedAt! }));
}
