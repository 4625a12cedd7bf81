import { isClassified } from '../../kit/cards/protect-secret.js';
import { Prisma } from '../../db/prisma.js';
import type { ActorContext } from '../../kit/context.js';
import type { SearchHit, SearchQuery } from '../../kit/document-hooks.js';
import {
  heldAnApprovalOf,
  hitDay,
  normalizedNumberSql,
  searchRows,
  type DocumentSearchQuery,
  type DocumentViewer,
} from '../../kit/document-search.js';

interface OutgoingHitRow {
  ref: string;
  documentNumber: string | null;
  title: string;
  secrecy: string;
  state: string;
  departmentId: string;
  createdAt: Date;
}

/**
 * The 发文 a viewer may see (spec 2.6, issue 12): the office, leaders, archivist and admin see every
 * one; anyone else those they are on — drafted it, their department drafted it (a 秘密/机密 one: not
 * by that alone), they head a co-signing department, sign it off, receive it, or hold (or held) a
 * step of one of its approvals. For a query that names outgoing_document `d`.
 */
export function outgoingVisibleTo(viewer: DocumentViewer): Prisma.Sql {
  if (viewer.readsEverything) return Prisma.sql`TRUE`;
  const user = viewer.userId;
  return Prisma.sql`(
       d.drafter_userid = ${user} OR d.signoff_leader_userid = ${user}
    OR (d.secrecy = '普通' AND d.department_id = ANY(${viewer.memberOf}::text[]))
    OR d.cosign_department_ids && ${viewer.headOf}::text[]
    OR EXISTS (SELECT 1 FROM document_distribution r WHERE r.document_id = d.id AND r.recipient_userid = ${user})
    OR ${heldAnApprovalOf(viewer)})`;
}

/**
 * `查找` over 发文, newest drafted first. A 普通 document matches when every word is in its title or
 * 文号 (ILIKE '%…%', served by the pg_trgm GIN indexes for words of three characters or more; one or
 * two characters make no trigram, and the rows are then filtered one by one — right, only slower).
 * Any document, 秘密/机密 included, matches its reference or its 文号 typed whole: a secret document
 * is never found by words of its title.
 */
export const outgoingSearchQuery: DocumentSearchQuery = (orgId, viewer, terms, options) => {
  const wordsMatch = Prisma.join(
    terms.wordPatterns.map((pattern) => Prisma.sql`(d.title ILIKE ${pattern} OR d.document_number ILIKE ${pattern})`),
    ' AND ',
  );
  const period = options.period
    ? Prisma.sql`AND d.created_at >= ${options.period.from} AND d.created_at < ${options.period.to}`
    : Prisma.empty;
  return Prisma.sql`
    SELECT d.ref, d.document_number AS "documentNumber", d.title, d.secrecy, d.state,
           d.department_id AS "departmentId", d.created_at AS "createdAt"
      FROM outgoing_document d
     WHERE d.org_id = ${orgId}
       AND ((d.secrecy = '普通' AND ${wordsMatch})
         OR d.ref = ${terms.ref}
         OR (d.document_number ILIKE ${terms.numberPattern}
             AND ${normalizedNumberSql(Prisma.raw('d.document_number'))} = ${terms.number}))
       ${period}
       AND ${outgoingVisibleTo(viewer)}
     ORDER BY d.created_at DESC, length(d.ref) DESC, d.ref DESC
     LIMIT ${options.limit}`;
};

/** The module's `search` hook (WorkflowModule.search): 发文 the actor may see that match, as hit lines. */
export async function searchOutgoing(ctx: ActorContext, query: SearchQuery): Promise<SearchHit[]> {
  const rows = await searchRows<OutgoingHitRow>(ctx, query, '发文', outgoingSearchQuery);
  const now = ctx.clock.now();
  return rows.map((row) => {
    const department = ctx.directory.department(row.departmentId)?.name ?? row.departmentId;
    return {
      ref: row.ref,
      at: row.createdAt,
      line: hitLine(row, department, hitDay(row.createdAt, now, ctx.timezone)),
    };
  });
}

/** 「F3 校发〔2026〕3号《关于…》 教务处 12-01」; a 秘密/机密 one names no title, only where to read it. */
function hitLine(row: OutgoingHitRow, department: string, day: string): string {
  const number = row.documentNumber ? ` ${row.documentNumber}` : '（未编号）';
  const cancelled = row.state === 'cancelled' ? '（已撤销）' : '';
  if (isClassified(row))
    return `${row.ref}${number}【${row.secrecy}】 ${department} ${day}${cancelled} 请到综合办公室阅件`;
  return `${row.ref}${number}《${row.title}》 ${department} ${day}${cancelled}`;
}
