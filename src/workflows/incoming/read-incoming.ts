import type { CardRecord } from '../../kit/cards/card-record.js';
import { decisionStamp } from '../../kit/cards/close-card.js';
import type { ActorContext, BaseContext } from '../../kit/context.js';
import { latestFile } from '../../kit/files/document-files.js';
import { tell } from '../../kit/notify.js';
import { personName } from '../../kit/people.js';
import { recordAudit } from '../../kit/record-audit.js';
import { closeWorkItems } from '../../kit/work-items.js';
import type { CardActionOutcome } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { readingIdOfCard } from './circulate-incoming.js';
import { documentLabel } from './describe-incoming.js';
import { INCOMING_WORKFLOW_ID, isSecret, lockDocument, stateOf, type IncomingDocument } from './incoming-store.js';

/** 传阅's progress: how many of how many have read it, and who has not. */
export interface CirculationProgress {
  read: number;
  total: number;
  unread: string[];
}

export async function circulationProgress(ctx: BaseContext, document: IncomingDocument): Promise<CirculationProgress> {
  const readings = await ctx.tx.documentReading.findMany({ where: { documentId: document.id } });
  // in the order they were sent, and those sent together in the directory's order
  const people = ctx.directory.config.people.map((person) => person.userId);
  const position = (userId: string): number => people.indexOf(userId) >>> 0;
  const unread = readings
    .filter((reading) => reading.readAt === null)
    .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || position(a.readerId) - position(b.readerId));
  return {
    read: readings.length - unread.length,
    total: readings.length,
    unread: unread.map((reading) => personName(ctx.directory, reading.readerId)),
  };
}

/**
 * [已阅] on a reader's card: when and which version of the file they read is recorded, their work
 * item is done; when the last reader has read it, whoever sent it round is told.
 */
export async function readFromCard(ctx: ActorContext, card: CardRecord): Promise<CardActionOutcome> {
  const readingId = readingIdOfCard(card.sentForState);
  const document = await lockDocument(ctx, { id: card.itemId });
  if (!document || !readingId) throw refusal('CONFLICT', `${card.itemRef} 已不存在。`, { isCardStale: true });
  if (stateOf(document) === 'cancelled')
    throw refusal('CONFLICT', `${document.ref} 已撤销，无需再阅。`, { isCardStale: true });
  const now = ctx.clock.now();
  // every version attached since the card went out was sent beside it: they have the newest
  const file = isSecret(document) ? undefined : await latestFile(ctx, document.ref);
  const marked = await ctx.tx.documentReading.updateMany({
    where: { id: readingId, documentId: document.id, readAt: null },
    data: { readAt: now, ...(file ? { fileVersion: file.version } : {}) },
  });
  if (marked.count === 0) throw refusal('CONFLICT', `您已阅过 ${document.ref}。`, { isCardStale: true });
  await closeWorkItems(ctx, { kind: 'doc_reading', sourceId: readingId });
  await recordAudit(ctx, { itemType: INCOMING_WORKFLOW_ID, itemRef: document.ref, action: 'read', via: 'card' });
  const progress = await circulationProgress(ctx, document);
  if (progress.unread.length === 0) {
    const senders = await ctx.tx.documentReading.findMany({
      where: { documentId: document.id },
      distinct: ['sentBy'],
      select: { sentBy: true },
    });
    for (const { sentBy } of senders)
      if (sentBy !== ctx.actor.userId)
        await tell(ctx, sentBy, `${documentLabel(document)}传阅完毕：${progress.read}人已全部阅知。`);
  }
  return { kind: 'applied', resultText: decisionStamp('已阅', ctx.actor.name, now, ctx.timezone) };
}
