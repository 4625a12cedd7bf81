import type { OutgoingDocument } from '../../generated/prisma/client.js';
import { lockCardsThenItem } from '../../kit/cards/close-card.js';
import { hasActor, type BaseContext } from '../../kit/context.js';
import { hasAnyRole, OFFICE_ROLES } from '../../kit/people.js';
import type { SealOffers } from '../../kit/offers.js';
import type { TransitionActor } from '../../kit/state-machine.js';
import { applyTransition } from '../../kit/transition.js';
import { refusal } from '../../shared/errors.js';
import { OUTGOING_MACHINE, type OutgoingEvent, type OutgoingState } from './outgoing-machine.js';

export type { OutgoingDocument };

export const OUTGOING_WORKFLOW_ID = 'outgoing';

/** What other workflows do for 发文 (kit/offers.ts): the seal request of a signed-off document. */
export interface OutgoingOffers {
  seals: SealOffers;
}

export function stateOf(document: OutgoingDocument): OutgoingState {
  return document.state as OutgoingState;
}

export { isClassified as isSecret } from '../../kit/cards/protect-secret.js';

/** Finds a document by its reference, without a lock (reads, and checks before a question). */
export async function findDocument(ctx: BaseContext, ref: string): Promise<OutgoingDocument | undefined> {
  return (
    (await ctx.tx.outgoingDocument.findFirst({ where: { orgId: ctx.orgId, ref: ref.toUpperCase() } })) ?? undefined
  );
}

export async function findDocumentOrRefuse(ctx: BaseContext, ref: string): Promise<OutgoingDocument> {
  const document = await findDocument(ctx, ref);
  if (!document) throw refusal('NOT_FOUND', `没有找到发文 ${ref.toUpperCase()}，请核对编号。`);
  return document;
}

/**
 * Loads a document and locks its row for the rest of the transaction: two holders' taps, a 撤销 and
 * a 分发 on one document are taken one after the other.
 */
export async function lockDocument(ctx: BaseContext, id: string): Promise<OutgoingDocument | undefined> {
  const rows = await ctx.tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM outgoing_document WHERE org_id = ${ctx.orgId} AND id = ${id} FOR UPDATE`;
  return rows[0] ? ((await ctx.tx.outgoingDocument.findUnique({ where: { id } })) ?? undefined) : undefined;
}

/**
 * Locks the document's open cards, then the document (kit/cards/close-card.ts lockCardsThenItem),
 * for every path that may close cards outside a tap (a command, a reason typed after a tap), so it
 * queues behind a tap on the same document instead of deadlocking with it.
 */
export async function lockDocumentWithCards(ctx: BaseContext, ref: string): Promise<OutgoingDocument> {
  const found = await findDocumentOrRefuse(ctx, ref);
  const document = await lockCardsThenItem(ctx, { workflow: OUTGOING_WORKFLOW_ID, itemId: found.id }, () =>
    lockDocument(ctx, found.id),
  );
  if (!document) throw refusal('NOT_FOUND', `没有找到发文 ${ref.toUpperCase()}，请核对编号。`);
  return document;
}

/** How the actor relates to the document: its drafter asked for it, the office runs it. */
export function relationsTo(ctx: BaseContext, document: OutgoingDocument): Set<TransitionActor> {
  const relations = new Set<TransitionActor>();
  if (!hasActor(ctx)) return relations;
  if (document.drafterId === ctx.actor.userId) relations.add('requester');
  if (hasAnyRole(ctx.actor, OFFICE_ROLES)) relations.add('office');
  return relations;
}

export type DocumentChange = Partial<
  Pick<
    OutgoingDocument,
    | 'round'
    | 'reviewedBy'
    | 'signedBy'
    | 'signedAt'
    | 'documentNumber'
    | 'numberScope'
    | 'numberSeq'
    | 'sealRequestRef'
    | 'mainTo'
    | 'copyTo'
    | 'distributedAt'
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
  document: OutgoingDocument,
  event: OutgoingEvent,
  data: DocumentChange = {},
  audit: { comment?: string | null; via?: 'card' } = {},
): Promise<OutgoingDocument> {
  const now = ctx.clock.now();
  const to = await applyTransition(ctx, {
    machine: OUTGOING_MACHINE,
    itemType: OUTGOING_WORKFLOW_ID,
    itemRef: document.ref,
    current: stateOf(document),
    event,
    relations: relationsTo(ctx, document),
    update: async (from, next) =>
      (
        await ctx.tx.outgoingDocument.updateMany({
          where: { id: document.id, state: from },
          data: { ...data, state: next, updatedAt: now },
        })
      ).count,
    comment: audit.comment ?? null,
    ...(audit.via ? { via: audit.via } : {}),
  });
  return { ...document, ...data, state: to, updatedAt: now };
}
