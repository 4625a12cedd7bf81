import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../src/db/prisma.js';
import type { WorkflowModule } from '../../src/kit/workflow-module.js';

/*
 * Documents (收文, 发文) as rows, for the read side — 查找, the registers, the brief — while the
 * commands that write them are built beside it. Each builder takes only what a test cares about
 * and fills the rest as the workflows would (a 秘密/机密 document's title is 「涉密件」). Times are
 * Beijing: `at('2026-11-30T09:00')`.
 */

export const ORG = 'demo';

/** A Beijing wall-clock time. */
export const at = (local: string): Date => new Date(`${local}+08:00`);

/** The year in Beijing (the test organisation's zone), whatever the machine's. */
const beijingYear = (time: Date): number =>
  Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(time));

/** A module with nothing but its reference prefix and the hooks a test gives it (search, briefSection). */
export function readOnlyModule(
  id: string,
  title: string,
  prefix: string,
  hooks: Pick<WorkflowModule, 'search' | 'briefSection'>,
): WorkflowModule {
  return { id, title, refPrefixes: [prefix], commands: [], statusView: () => Promise.resolve(undefined), ...hooks };
}

export interface IncomingRow {
  /** S<n>: the 收文编号 is 收〔year〕n号 */
  ref: string;
  receivedAt: Date;
  title?: string;
  senderOrg?: string;
  senderNumber?: string;
  secrecy?: '普通' | '秘密' | '机密';
  urgency?: '特急' | '加急' | '平件';
  copies?: number;
  state?: string;
  registeredBy?: string;
  leadDepartmentId?: string;
  proposedBy?: string;
  proposalLeaderId?: string;
  proposedAt?: Date;
  handlingDueAt?: Date;
  instruction?: string;
  approvedBy?: string;
  approvedAt?: Date;
  completedAt?: Date;
  result?: string;
  archiveCode?: string;
  archivedAt?: Date;
  closingReason?: string;
}

export async function insertIncoming(prisma: PrismaClient, row: IncomingRow): Promise<{ id: string; ref: string }> {
  const n = Number(row.ref.slice(1));
  const { ref, receivedAt, title, senderOrg, secrecy = '普通', state = 'registered', ...rest } = row;
  return prisma.incomingDocument.create({
    data: {
      ...rest,
      id: `in-${ref}`,
      orgId: ORG,
      ref,
      incomingNumber: `收〔${beijingYear(receivedAt)}〕${n}号`,
      title: secrecy === '普通' ? (title ?? `来文${n}`) : '涉密件',
      senderOrg: senderOrg ?? '区教育局',
      secrecy,
      receivedAt,
      registeredBy: row.registeredBy ?? 'yangxue',
      state,
      createdAt: receivedAt,
      updatedAt: receivedAt,
    },
    select: { id: true, ref: true },
  });
}

export interface OutgoingRow {
  /** F<n> */
  ref: string;
  createdAt: Date;
  title?: string;
  /** the series (xiaofa, xiaoban) */
  seriesId?: string;
  /** the 文号's number in its series: 校发〔year〕n号, given at `signedAt` */
  number?: number;
  signedAt?: Date;
  secrecy?: '普通' | '秘密' | '机密';
  urgency?: '特急' | '加急' | '平件';
  state?: string;
  drafterId?: string;
  departmentId?: string;
  signoffLeaderId?: string;
  signedBy?: string;
  reviewedBy?: string;
  cosignDepartmentIds?: string[];
  mainTo?: string;
  copyTo?: string;
  printCopies?: number;
  issueDueAt?: Date;
  sealRequestRef?: string;
  distributedAt?: Date;
  archiveCode?: string;
  closingReason?: string;
}

const SERIES_PREFIX: Record<string, string> = { xiaofa: '校发', xiaoban: '校办' };

export async function insertOutgoing(prisma: PrismaClient, row: OutgoingRow): Promise<{ id: string; ref: string }> {
  const { ref, createdAt, title, seriesId = 'xiaofa', number, secrecy = '普通', urgency = '平件', ...rest } = row;
  const year = beijingYear(row.signedAt ?? createdAt);
  const numbered =
    number === undefined
      ? {}
      : {
          documentNumber: `${SERIES_PREFIX[seriesId]}〔${year}〕${number}号`,
          numberScope: `发文:${seriesId}:${year}`,
          numberSeq: number,
        };
  return prisma.outgoingDocument.create({
    data: {
      drafterId: 'chenhao',
      departmentId: 'academic',
      signoffLeaderId: 'zhoumin',
      state: number === undefined ? 'reviewing' : 'issued',
      ...rest,
      ...numbered,
      id: `out-${ref}`,
      orgId: ORG,
      ref,
      title: secrecy === '普通' ? (title ?? `发文${ref}`) : '涉密件',
      seriesId,
      secrecy,
      urgency,
      // 特急 within 24 hours of drafting; the others' 5 working days stand in as a week
      issueDueAt: row.issueDueAt ?? new Date(createdAt.getTime() + (urgency === '特急' ? 24 : 7 * 24) * 3_600_000),
      createdAt,
      updatedAt: createdAt,
    },
    select: { id: true, ref: true },
  });
}

/** A 传阅 reader: the document_reading row and, while unread, the open doc_reading work item. */
export async function insertReading(
  prisma: PrismaClient,
  row: { ref: string; readerId: string; sentAt: Date; dueAt: Date; readAt?: Date },
): Promise<void> {
  await prisma.documentReading.create({
    data: {
      id: randomUUID(),
      orgId: ORG,
      documentId: `in-${row.ref}`,
      readerId: row.readerId,
      sentBy: 'yangxue',
      sentAt: row.sentAt,
      dueAt: row.dueAt,
      readAt: row.readAt ?? null,
    },
  });
  await prisma.workItem.create({
    data: {
      orgId: ORG,
      workflow: 'incoming',
      itemId: `in-${row.ref}`,
      itemRef: row.ref,
      kind: 'doc_reading',
      sourceId: `${row.ref}:${row.readerId}`,
      holderId: row.readerId,
      action: '传阅',
      requester: '杨雪',
      subject: `${row.ref} 传阅`,
      submittedAt: row.sentAt,
      since: row.sentAt,
      dueAt: row.dueAt,
      doneAt: row.readAt ?? null,
    },
  });
}

/** A 分发 recipient of an issued document. */
export async function insertDistribution(
  prisma: PrismaClient,
  row: { ref: string; recipientId: string; sentAt: Date; confirmedAt?: Date; copyKind?: 'main' | 'copy' },
): Promise<void> {
  await prisma.documentDistribution.create({
    data: {
      id: randomUUID(),
      orgId: ORG,
      documentId: `out-${row.ref}`,
      recipientId: row.recipientId,
      copyKind: row.copyKind ?? 'main',
      sentBy: 'yangxue',
      sentAt: row.sentAt,
      dueAt: new Date(row.sentAt.getTime() + 24 * 3_600_000),
      confirmedAt: row.confirmedAt ?? null,
    },
  });
}

/** A document's words: 拟办 (proposal), 批示 (instruction), … */
export async function insertNote(
  prisma: PrismaClient,
  row: { ref: string; kind: string; authorId: string; text: string; at: Date },
): Promise<void> {
  await prisma.documentNote.create({
    data: { orgId: ORG, itemRef: row.ref, kind: row.kind, authorId: row.authorId, text: row.text, at: row.at },
  });
}

/**
 * An approval of a document with one step open since `openedAt`, held by `holders`: pending
 * unless `decided` names them (who then approved).
 */
export async function insertApproval(
  prisma: PrismaClient,
  row: {
    ref: string;
    workflow: 'incoming' | 'outgoing';
    purpose?: string;
    holders: string[];
    decided?: string[];
    openedAt: Date;
    state?: 'open' | 'approved' | 'cancelled';
  },
): Promise<void> {
  const approvalId = randomUUID();
  const stepId = randomUUID();
  const state = row.state ?? 'open';
  await prisma.approval.create({
    data: {
      id: approvalId,
      orgId: ORG,
      workflow: row.workflow,
      itemId: `${row.workflow === 'incoming' ? 'in' : 'out'}-${row.ref}`,
      itemRef: row.ref,
      purpose: row.purpose ?? 'main',
      requesterId: 'yangxue',
      departmentId: 'office',
      state,
      createdAt: row.openedAt,
      updatedAt: row.openedAt,
      steps: {
        create: {
          id: stepId,
          round: 1,
          position: 0,
          mode: 'parallel',
          rule: 'user:*',
          name: '签批',
          state: state === 'open' ? 'open' : state,
          openedAt: row.openedAt,
        },
      },
    },
  });
  for (const userId of row.holders) {
    const isDecided = row.decided?.includes(userId) ?? false;
    await prisma.approvalHolder.create({
      data: {
        orgId: ORG,
        stepId,
        userId,
        rule: `user:${userId}`,
        state: isDecided ? 'approved' : state === 'open' ? 'pending' : 'closed',
        decidedAt: isDecided ? row.openedAt : null,
        decidedBy: isDecided ? userId : null,
      },
    });
  }
}

/** A 文号 recorded as 作废 (kit/numbering/void-number.ts does this when a signed document is withdrawn). */
export async function insertVoid(
  prisma: PrismaClient,
  row: { scope: string; number: number; reason: string; voidedBy: string; voidedAt: Date },
): Promise<void> {
  await prisma.numberVoid.create({ data: { orgId: ORG, ...row } });
}
