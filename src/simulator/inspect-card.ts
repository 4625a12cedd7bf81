import type { PrismaClient } from '../db/prisma.js';
import { formatLocalTime } from './format-time.js';

/** The item behind a card, for the side panel: the card's registry row and the item's audit trail. */
export interface CardInspection {
  card: {
    taskId: string;
    workflow: string;
    itemRef: string;
    addressee: string;
    sentForState: string;
    status: string;
    result: string | null;
    answeredBy: string | null;
    answeredAt: string | null;
    createdAt: string;
  };
  /** the state the item's last audited transition went to */
  currentState: string | null;
  history: { at: string; actor: string; action: string; from: string | null; to: string | null; comment: string | null; via: string }[];
}

/** Undefined when no card with that task_id was registered (e.g. the workflow never sent it). */
export async function inspectCard(options: { prisma: PrismaClient; orgId: string; taskId: string; timezone: string; nameOf: (userId: string) => string }): Promise<CardInspection | undefined> {
  const { prisma, orgId, taskId, timezone, nameOf } = options;
  const card = await prisma.card.findFirst({ where: { taskId, orgId } });
  if (!card) return undefined;
  const audit = await prisma.auditLog.findMany({ where: { orgId, itemRef: card.itemRef }, orderBy: [{ at: 'asc' }, { id: 'asc' }], take: 200 });
  const when = (at: Date): string => formatLocalTime(at, timezone);
  return {
    card: {
      taskId: card.taskId,
      workflow: card.workflow,
      itemRef: card.itemRef,
      addressee: nameOf(card.addresseeId),
      sentForState: card.sentForState,
      status: card.status,
      result: card.resultText,
      answeredBy: card.answeredBy ? nameOf(card.answeredBy) : null,
      answeredAt: card.answeredAt ? when(card.answeredAt) : null,
      createdAt: when(card.createdAt),
    },
    currentState: audit.findLast((row) => row.toState !== null)?.toState ?? null,
    history: audit.map((row) => ({
      at: when(row.at),
      actor: nameOf(row.actorId),
      action: row.action,
      from: row.fromState,
      to: row.toState,
      comment: row.comment,
      via: row.via,
    })),
  };
}
