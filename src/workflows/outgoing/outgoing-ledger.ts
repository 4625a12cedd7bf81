import { CLASSIFIED_TITLE, isClassified } from '../../kit/cards/protect-secret.js';
import { Prisma } from '../../db/prisma.js';
import type { PersonInfo } from '../../directory/types.js';
import type { BaseContext } from '../../kit/context.js';
import { documentViewer } from '../../kit/document-search.js';
import { ledgerDay, type LedgerQuery } from '../../kit/ledger-period.js';
import { listVoids, type VoidedNumber } from '../../kit/numbering/list-voids.js';
import { documentNumberScope, orgYear } from '../../kit/numbering/number-scopes.js';
import { personName } from '../../kit/people.js';
import { outgoingVisibleTo } from './outgoing-search.js';

/** The 发文登记簿's columns, in the order of spec 2.7 (the office's paper form). */
export const OUTGOING_REGISTER_COLUMNS = [
  '序号',
  '发文字号',
  '文件标题',
  '拟稿部门',
  '拟稿人',
  '核稿人',
  '会签部门',
  '签发人',
  '签发日期',
  '密级',
  '缓急',
  '主送',
  '抄送',
  '印发份数',
  '归档号',
  '备注',
] as const;

interface NumberedDocument {
  id: string;
  ref: string;
  title: string;
  seriesId: string;
  cosignDepartmentIds: string[] | null;
  mainTo: string | null;
  copyTo: string | null;
  urgency: string;
  secrecy: string;
  printCopies: number;
  drafterId: string;
  departmentId: string;
  state: string;
  reviewedBy: string | null;
  signedBy: string | null;
  signedAt: Date;
  documentNumber: string;
  numberScope: string;
  numberSeq: number;
  sealRequestRef: string | null;
  archiveCode: string | null;
  /** distribution: recipients and confirmations */
  recipients: number;
  confirmed: number;
}

/** A line of the register before its 序号: the place of its number in the series, and its cells. */
interface Entry {
  seriesOrder: number;
  scope: string;
  number: number;
  cells: string[];
}

/**
 * The 发文登记簿 (spec 2.7): one row per 文号 given in the period (签发日期; `departmentId`: drafted
 * by it), by series (the org file's order) and number, each a list of texts in
 * {@link OUTGOING_REGISTER_COLUMNS} order, ready for an Excel export. A voided 文号 (作废, a document
 * withdrawn after sign-off) keeps its place as a 作废 row, so the numbers show no gap; a draft with no
 * 文号 yet is not in the register. Only the documents `viewer` may see (the office, leaders and
 * archivist see all; see outgoingVisibleTo); a 秘密/机密 title reads 「涉密件」, the only one stored.
 */
export async function outgoingRegister(
  ctx: BaseContext,
  query: LedgerQuery & { viewer: PersonInfo },
): Promise<string[][]> {
  const viewer = documentViewer(ctx.directory, query.viewer);
  const department = query.departmentId ? Prisma.sql`AND d.department_id = ${query.departmentId}` : Prisma.empty;
  const documents = await ctx.tx.$queryRaw<NumberedDocument[]>`
    SELECT d.id, d.ref, d.title, d.series_id AS "seriesId", d.cosign_department_ids AS "cosignDepartmentIds",
           d.main_to AS "mainTo", d.copy_to AS "copyTo", d.urgency, d.secrecy, d.print_copies AS "printCopies",
           d.drafter_userid AS "drafterId", d.department_id AS "departmentId", d.state,
           d.reviewed_by AS "reviewedBy", d.signed_by AS "signedBy", d.signed_at AS "signedAt",
           d.document_number AS "documentNumber", d.number_scope AS "numberScope", d.number_seq AS "numberSeq",
           d.seal_request_ref AS "sealRequestRef", d.archive_code AS "archiveCode",
           (SELECT count(*)::int FROM document_distribution r WHERE r.document_id = d.id) AS recipients,
           (SELECT count(*)::int FROM document_distribution r WHERE r.document_id = d.id AND r.confirmed_at IS NOT NULL) AS confirmed
      FROM outgoing_document d
     WHERE d.org_id = ${ctx.orgId} AND d.document_number IS NOT NULL AND d.number_scope IS NOT NULL
       AND d.signed_at >= ${query.from} AND d.signed_at < ${query.to}
       ${department}
       AND ${outgoingVisibleTo(viewer)}`;

  const series = ctx.directory.config.documentSeries;
  const seriesOrder = (scope: string): number => {
    const index = series.findIndex((candidate) => scope.startsWith(`发文:${candidate.id}:`));
    return index === -1 ? series.length : index;
  };
  const voids = await voidsOf(ctx, [...new Set(documents.map((d) => d.numberScope))], query);
  const voided = new Map(voids.map((entry) => [`${entry.scope}#${entry.number}`, entry]));
  const entries: Entry[] = documents.map((document) => {
    const entry = voided.get(`${document.numberScope}#${document.numberSeq}`);
    voided.delete(`${document.numberScope}#${document.numberSeq}`);
    return {
      seriesOrder: seriesOrder(document.numberScope),
      scope: document.numberScope,
      number: document.numberSeq,
      cells: entry ? voidCells(ctx, entry, document) : documentCells(ctx, document),
    };
  });
  // a voided number whose document is not listed: in the period by when it was voided, and only in
  // the whole register (a department's has no way to know whose it was)
  if (!query.departmentId)
    for (const entry of voided.values())
      if (entry.voidedAt >= query.from && entry.voidedAt < query.to && viewer.readsEverything)
        entries.push({
          seriesOrder: seriesOrder(entry.scope),
          scope: entry.scope,
          number: entry.number,
          cells: voidCells(ctx, entry),
        });

  entries.sort((a, b) => a.seriesOrder - b.seriesOrder || a.scope.localeCompare(b.scope) || a.number - b.number);
  return entries.map((entry, index) => [String(index + 1), ...entry.cells]);
}

/** The 作废 numbers of the series whose numbers the period may hold: its documents' and each series' years. */
async function voidsOf(ctx: BaseContext, scopes: string[], query: LedgerQuery): Promise<VoidedNumber[]> {
  const years = new Set([orgYear(query.from, ctx.timezone), orgYear(new Date(query.to.getTime() - 1), ctx.timezone)]);
  const all = new Set(scopes);
  for (const { id } of ctx.directory.config.documentSeries)
    for (const year of years) all.add(documentNumberScope(id, year));
  return (await Promise.all([...all].map((scope) => listVoids(ctx, scope)))).flat();
}

function documentCells(ctx: BaseContext, document: NumberedDocument): string[] {
  const name = (userId: string | null): string => (userId ? personName(ctx.directory, userId) : '');
  const remarks = [
    ...(document.sealRequestRef ? [`用印${document.sealRequestRef}`] : []),
    ...(document.recipients > 0 ? [`分发${document.confirmed}/${document.recipients}已确认`] : []),
  ];
  return [
    document.documentNumber,
    isClassified(document) ? CLASSIFIED_TITLE : document.title,
    departmentName(ctx, document.departmentId),
    name(document.drafterId),
    name(document.reviewedBy),
    (document.cosignDepartmentIds ?? []).map((id) => departmentName(ctx, id)).join('、'),
    name(document.signedBy),
    ledgerDay(document.signedAt, ctx.timezone),
    document.secrecy,
    document.urgency,
    document.mainTo ?? '',
    document.copyTo ?? '',
    String(document.printCopies),
    document.archiveCode ?? '',
    remarks.join('；'),
  ];
}

/**
 * A 作废 row: the number, 「作废」 where the title goes, and in 备注 why (voidNumber's reason names the
 * withdrawn document: 「F2 撤销：内容需重拟」; a secret one's words are left out), by whom and when.
 */
function voidCells(ctx: BaseContext, entry: VoidedNumber, document?: NumberedDocument): string[] {
  const reason = document && isClassified(document) ? `${document.ref} 撤销` : entry.reason;
  const by = `${personName(ctx.directory, entry.voidedBy)} ${ledgerDay(entry.voidedAt, ctx.timezone)}`;
  return [
    entry.text,
    '作废',
    document ? departmentName(ctx, document.departmentId) : '',
    ...Array<string>(11).fill(''),
    `作废：${reason}；${by}`,
  ];
}

function departmentName(ctx: BaseContext, id: string): string {
  return ctx.directory.department(id)?.name ?? id;
}
