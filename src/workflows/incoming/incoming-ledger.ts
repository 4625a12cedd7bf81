import { CLASSIFIED_TITLE, isClassified } from '../../kit/cards/protect-secret.js';
import { Prisma } from '../../db/prisma.js';
import type { PersonInfo } from '../../directory/types.js';
import type { BaseContext } from '../../kit/context.js';
import { documentViewer } from '../../kit/document-search.js';
import { ledgerDay, type LedgerQuery } from '../../kit/ledger-period.js';
import { personName } from '../../kit/people.js';
import { incomingVisibleTo } from './incoming-search.js';

/** The 收文登记簿's columns, in the order of spec 2.7 (the office's paper form). */
export const INCOMING_REGISTER_COLUMNS = [
  '序号',
  '收文日期',
  '收文编号',
  '来文单位',
  '来文字号',
  '文件标题',
  '密级',
  '缓急',
  '份数',
  '拟办意见',
  '领导批示',
  '承办部门',
  '办理时限',
  '办理结果',
  '归档号',
  '备注',
] as const;

interface RegisterRow {
  id: string;
  ref: string;
  incomingNumber: string;
  title: string;
  senderOrg: string;
  senderNumber: string | null;
  copies: number;
  secrecy: string;
  urgency: string;
  receivedAt: Date;
  state: string;
  leadDepartmentId: string | null;
  handlingDueAt: Date | null;
  instruction: string | null;
  approvedBy: string | null;
  completedAt: Date | null;
  result: string | null;
  archiveCode: string | null;
  closingReason: string | null;
}

/**
 * The 收文登记簿 (spec 2.7): one row per document received in the period (`departmentId`: whose
 * 承办部门 it is), in 收文 order, each a list of texts in {@link INCOMING_REGISTER_COLUMNS} order,
 * ready for an Excel export. Only the documents `viewer` may see (the office, leaders and archivist
 * see all; see incomingVisibleTo). A 秘密/机密 document's title reads 「涉密件」 to everyone: the
 * system never held another (spec 2.6), and it has no 拟办 or 批示 words either. Overdue is
 * derived from the 办理时限 and the clock, never stored.
 */
export async function incomingRegister(
  ctx: BaseContext,
  query: LedgerQuery & { viewer: PersonInfo },
): Promise<string[][]> {
  const department = query.departmentId ? Prisma.sql`AND d.lead_department_id = ${query.departmentId}` : Prisma.empty;
  const documents = await ctx.tx.$queryRaw<RegisterRow[]>`
    SELECT d.id, d.ref, d.incoming_number AS "incomingNumber", d.title, d.sender_org AS "senderOrg",
           d.sender_number AS "senderNumber", d.copies, d.secrecy, d.urgency, d.received_at AS "receivedAt",
           d.state, d.lead_department_id AS "leadDepartmentId", d.handling_due_at AS "handlingDueAt",
           d.instruction, d.approved_by AS "approvedBy", d.completed_at AS "completedAt", d.result,
           d.archive_code AS "archiveCode", d.closing_reason AS "closingReason"
      FROM incoming_document d
     WHERE d.org_id = ${ctx.orgId} AND d.received_at >= ${query.from} AND d.received_at < ${query.to}
       ${department}
       AND ${incomingVisibleTo(documentViewer(ctx.directory, query.viewer))}
     ORDER BY d.received_at, length(d.ref), d.ref`;
  if (documents.length === 0) return [];
  const [notes, readings] = await Promise.all([
    ctx.tx.documentNote.findMany({
      where: {
        orgId: ctx.orgId,
        itemRef: { in: documents.map((d) => d.ref) },
        kind: { in: ['proposal', 'instruction'] },
      },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    }),
    ctx.tx.documentReading.findMany({
      where: { documentId: { in: documents.map((d) => d.id) } },
      select: { documentId: true, readAt: true },
    }),
  ]);
  const day = (at: Date | null): string => ledgerDay(at, ctx.timezone);
  const now = ctx.clock.now();
  return documents.map((document, index) => {
    const isSecret = isClassified(document);
    // a 秘密/机密 document has no words stored (spec 2.6); none is shown should one ever be
    const own = isSecret ? [] : notes.filter((note) => note.itemRef === document.ref);
    const proposal = own.filter((note) => note.kind === 'proposal').at(-1);
    const instructions = own.filter((note) => note.kind === 'instruction');
    const ownReadings = readings.filter((reading) => reading.documentId === document.id);
    const remarks = [
      ...(ownReadings.length > 0
        ? [`传阅${ownReadings.filter((reading) => reading.readAt).length}/${ownReadings.length}已阅`]
        : []),
      ...(document.state === 'cancelled' && document.closingReason && !isSecret
        ? [`撤销：${document.closingReason}`]
        : []),
    ];
    return [
      String(index + 1),
      day(document.receivedAt),
      document.incomingNumber,
      document.senderOrg,
      document.senderNumber ?? '',
      isSecret ? CLASSIFIED_TITLE : document.title,
      document.secrecy,
      document.urgency,
      String(document.copies),
      proposal?.text ?? '',
      instructionCell(ctx, document, instructions, isSecret),
      document.leadDepartmentId
        ? (ctx.directory.department(document.leadDepartmentId)?.name ?? document.leadDepartmentId)
        : '',
      day(document.handlingDueAt),
      handlingResult(document, isSecret, now),
      document.archiveCode ?? '',
      remarks.join('；'),
    ];
  });
}

/**
 * 领导批示: each 批示 with its leader's name; without words (none given, or a 秘密/机密 document),
 * who agreed to the 拟办.
 */
function instructionCell(
  ctx: BaseContext,
  document: RegisterRow,
  instructions: { text: string; authorId: string }[],
  isSecret: boolean,
): string {
  if (instructions.length > 0)
    return instructions.map((note) => `${note.text}（${personName(ctx.directory, note.authorId)}）`).join('；');
  if (!isSecret && document.instruction) return document.instruction;
  return document.approvedBy ? `同意拟办（${personName(ctx.directory, document.approvedBy)}）` : '';
}

/** 办理结果: how the document ended or stands, against its 办理时限; a 秘密/机密 one without words. */
function handlingResult(document: RegisterRow, isSecret: boolean, now: Date): string {
  const isLate = (at: Date): boolean => document.handlingDueAt !== null && at > document.handlingDueAt;
  switch (document.state) {
    case 'completed':
    case 'archived': {
      const outcome = document.completedAt && isLate(document.completedAt) ? '逾期办结' : '按期办结';
      return !isSecret && document.result ? `${outcome}：${document.result}` : outcome;
    }
    case 'cancelled':
      return '已撤销';
    case 'registered':
      return '待拟办';
    case 'proposed':
      return '待批示';
    case 'returned':
      return '拟办退回';
    default:
      return isLate(now) ? '逾期未办结' : '办理中';
  }
}
