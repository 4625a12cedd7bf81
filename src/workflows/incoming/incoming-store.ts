import type { IncomingDocument } from '../../generated/prisma/client.js';
import { lockCardsThenItem } from '../../kit/cards/close-card.js';
import { hasActor, type BaseContext } from '../../kit/context.js';
import { ARCHIVING_ROLES, hasAnyRole } from '../../kit/people.js';
import type { TransitionActor } from '../../kit/state-machine.js';
import { applyTransition } from '../../kit/transition.js';
import { refusal } from '../../shared/errors.js';
import { INCOMING_MACHINE, type IncomingEvent, type IncomingState } from './incoming-machine.js';

export type { IncomingDocument };

export const INCOMING_WORKFLOW_ID = 'incoming';

export function stateOf(document: IncomingDocument): IncomingState {
  return document.state as IncomingState;
}

/** 秘密/机密: no title, text or file of it is kept or sent (spec 2.6). */
export { isClassified as isSecret } from '../../kit/cards/protect-secret.js';

export function notFound(ref: string): never {
  throw refusal('NOT_FOUND', `没有找到收文 ${ref.toUpperCase()}，请核对编号。`);
}

/** The document by its reference, unlocked (查询, the checks before a question is asked). */
export async function findDocument(ctx: BaseContext, ref: string): Promise<IncomingDocument | undefined> {
  const found = await ctx.tx.incomingDocument.findFirst({ where: { orgId: ctx.orgId, ref: ref.toUpperCase() } });
  return found ?? undefined;
}

/**
 * Locks the document's open cards, then the document (kit/cards/close-card.ts lockCardsThenItem):
 * every change to a document may close cards (a 批示 closing the leader's card, 取消 all of them), so
 * it queues behind a tap on the same document instead of deadlocking with it.
 */
export async function lockDocument(
  ctx: BaseContext,
  by: { id: string } | { ref: string },
): Promise<IncomingDocument | undefined> {
  const found =
    'id' in by
      ? { id: by.id }
      : await ctx.tx.incomingDocument.findFirst({
          where: { orgId: ctx.orgId, ref: by.ref.toUpperCase() },
          select: { id: true },
        });
  if (!found) return undefined;
  return lockCardsThenItem(ctx, { workflow: INCOMING_WORKFLOW_ID, itemId: found.id }, async () => {
    await ctx.tx.$queryRaw`SELECT id FROM incoming_document WHERE id = ${found.id} FOR UPDATE`;
    return (await ctx.tx.incomingDocument.findUnique({ where: { id: found.id } })) ?? undefined;
  });
}

export async function lockDocumentOrRefuse(ctx: BaseContext, ref: string): Promise<IncomingDocument> {
  return (await lockDocument(ctx, { ref })) ?? notFound(ref);
}

/**
 * How the actor relates to the document: the office supervises it, the registrar asked for it, the
 * 签批 leader holds the proposal, a member of the lead department handles it.
 */
export function relationsTo(ctx: BaseContext, document: IncomingDocument): Set<TransitionActor> {
  const relations = new Set<TransitionActor>();
  if (!hasActor(ctx)) return relations;
  // the archivist and the administrators file documents as the office does
  if (hasAnyRole(ctx.actor, ARCHIVING_ROLES)) relations.add('office');
  if (document.registeredBy === ctx.actor.userId) relations.add('requester');
  const isLeader = document.state === 'proposed' && document.proposalLeaderId === ctx.actor.userId;
  const isHandler = document.state !== 'proposed' && isInLeadDepartment(ctx, document, ctx.actor.userId);
  if (isLeader || isHandler) relations.add('holder');
  return relations;
}

export function isInLeadDepartment(ctx: BaseContext, document: IncomingDocument, userId: string): boolean {
  const departmentId = document.leadDepartmentId;
  if (!departmentId) return false;
  return (
    ctx.directory.department(departmentId)?.head === userId ||
    (ctx.directory.person(userId)?.departmentIds.includes(departmentId) ?? false)
  );
}

type DocumentChange = Partial<
  Pick<
    IncomingDocument,
    | 'leadDepartmentId'
    | 'handlingDueAt'
    | 'riskNote'
    | 'proposalLeaderId'
    | 'proposedBy'
    | 'proposedAt'
    | 'instruction'
    | 'approvedBy'
    | 'approvedAt'
    | 'completedAt'
    | 'completedBy'
    | 'result'
    | 'archiveCode'
    | 'archiveCategory'
    | 'retention'
    | 'archivedAt'
    | 'closingReason'
  >
>;

/**
 * Applies a named transition to a document (kit/transition.ts): compare-and-set on its state, its
 * other fields written with it, the audit record from the plan.
 */
export async function moveDocument(
  ctx: BaseContext,
  document: IncomingDocument,
  event: IncomingEvent,
  data: DocumentChange = {},
  audit: {
    comment?: string | null;
    via?: 'card';
    /** the approval engine has just let the actor decide the 签批 (a step 转交'd to them included) */
    isStepHolder?: boolean;
  } = {},
): Promise<IncomingDocument> {
  const now = ctx.clock.now();
  const relations = relationsTo(ctx, document);
  if (audit.isStepHolder) relations.add('holder');
  const to = await applyTransition(ctx, {
    machine: INCOMING_MACHINE,
    itemType: INCOMING_WORKFLOW_ID,
    itemRef: document.ref,
    current: stateOf(document),
    event,
    relations,
    update: async (from, next) =>
      (
        await ctx.tx.incomingDocument.updateMany({
          where: { id: document.id, state: from },
          data: { ...data, state: next, updatedAt: now },
        })
      ).count,
    comment: audit.comment ?? null,
    ...(audit.via ? { via: audit.via } : {}),
  });
  return { ...document, ...data, state: to, updatedAt: now };
}
