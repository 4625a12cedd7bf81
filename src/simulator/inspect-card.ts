import type { PrismaClient } from '../db/prisma.js';
import { formatLocalTime } from './format-time.js';

/**
 * How a workflow names its states and actions to people. The simulator only shows them; the
 * workflow modules own the words. Either returns undefined for a name it does not know.
 */
export interface WorkflowVocabulary {
  /** e.g. ('seal', 'in_approval') → '审批中'; ('seal', 'in_approval:0') → '第1步审批' */
  state(workflow: string, state: string): string | undefined;
  /** e.g. ('seal', 'approve') → '同意' */
  action(workflow: string, action: string): string | undefined;
}

/** An internal name (`in_approval`, `approve`) and, when the workflow gives one, its Chinese label. */
export interface Named {
  name: string;
  label?: string;
}

/** The item behind a card, for the side panel: the card's registry row and the item's audit trail. */
export interface CardInspection {
  card: {
    taskId: string;
    workflow: string;
    itemRef: string;
    addressee: string;
    sentForState: Named;
    status: string;
    result: string | null;
    answeredBy: string | null;
    answeredAt: string | null;
    createdAt: string;
  };
  /** the state the item's last audited transition went to */
  currentState: Named | null;
  history: {
    at: string;
    actor: string;
    action: Named;
    from: Named | null;
    to: Named | null;
    comment: string | null;
    via: string;
  }[];
}

/** Undefined when no card with that task_id was registered (e.g. the workflow never sent it). */
export async function inspectCard(options: {
  prisma: PrismaClient;
  orgId: string;
  taskId: string;
  timezone: string;
  nameOf: (userId: string) => string;
  /** without it, states and actions are shown by their internal names only */
  vocabulary?: WorkflowVocabulary;
}): Promise<CardInspection | undefined> {
  const { prisma, orgId, taskId, timezone, nameOf, vocabulary } = options;
  const card = await prisma.card.findFirst({ where: { taskId, orgId } });
  if (!card) return undefined;
  const audit = await prisma.auditLog.findMany({
    where: { orgId, itemRef: card.itemRef },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    take: 200,
  });
  const when = (at: Date): string => formatLocalTime(at, timezone);
  const state = (name: string): Named => named(name, vocabulary?.state(card.workflow, name));
  const maybeState = (name: string | null): Named | null => (name === null ? null : state(name));
  return {
    card: {
      taskId: card.taskId,
      workflow: card.workflow,
      itemRef: card.itemRef,
      addressee: nameOf(card.addresseeId),
      sentForState: state(card.sentForState),
      status: card.status,
      result: card.resultText,
      answeredBy: card.answeredBy ? nameOf(card.answeredBy) : null,
      answeredAt: card.answeredAt ? when(card.answeredAt) : null,
      createdAt: when(card.createdAt),
    },
    currentState: maybeState(audit.findLast((row) => row.toState !== null)?.toState ?? null),
    history: audit.map((row) => ({
      at: when(row.at),
      actor: nameOf(row.actorId),
      action: named(row.action, vocabulary?.action(card.workflow, row.action)),
      from: maybeState(row.fromState),
      to: maybeState(row.toState),
      comment: row.comment,
      via: row.via,
    })),
  };
}

/** A label equal to the name adds nothing, so it is left out. */
function named(name: string, label: string | undefined): Named {
  return label && label !== name ? { name, label } : { name };
}
