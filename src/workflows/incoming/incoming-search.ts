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

interface IncomingHitRow {
  ref: string;
  incomingNumber: string;
  title: string;
  senderOrg: string;
  senderNumber: string | null;
  secrecy: string;
  state: string;
  receivedAt: Date;
}

/**
 * The 收文 a viewer may see (spec 2.6, issue 12): the office, leaders, archivist and admin see every
 * one; anyone else those they are on — registered, proposed or to be approved by them, their
 * department leads it (a 秘密/机密 one: only if they head it), they are among its readers, or they
 * hold (or held) a step of one of its approvals. For a query that names incoming_document `d`.
 */
export function incomingVisibleTo(viewer: DocumentViewer): Prisma.Sql {
  if (viewer.readsEverything) return Prisma.sql`TRUE`;
  const user = viewer.userId;
  return Prisma.sql`(
       d.registered_by = ${user} OR d.proposed_by = ${user}
    OR d.proposal_leader_userid = ${user}
    OR (d.secrecy = '普通' AND d.lead_department_id = ANY(${viewer.memberOf}::text[]))
    OR d.lead_department_id = ANY(${viewer.headOf}::text[])
    OR EXISTS (SELECT 1 FROM document_reading r WHERE r.document_id = d.id AND r.reader_userid = ${user})
    OR ${heldAnApprovalOf(viewer)})`;
}

/**
 * `查找` over 收文, newest received first. A 普通 document matches when every word is in its title,
 * 来文单位 or 来文字号 (ILIKE '%…%', served by the pg_trgm GIN indexes for words of three characters
 * or more; a word of one or two characters has no trigram, so the index cannot narrow it and the
 * rows are filtered one by one — still right, only slower on a large table). Any document, 秘密/机密
 * included, matches its reference, its 收文编号 or its 来文字号 typed whole (brackets and spaces as
 * anyone types them): a secret document is never found by words of its title or 来文单位.
 * EXPLAINed by tests/handler/document-search.test.ts.
 */
export const incomingSearchQuery: DocumentSearchQuery = (orgId, viewer, terms, options) => {
  const wordsMatch = Prisma.join(
    terms.wordPatterns.map(
      (pattern) =>
        Prisma.sql`(d.title ILIKE ${pattern} OR d.sender_org ILIKE ${pattern} OR d.sender_number ILIKE ${pattern})`,
    ),
    ' AND ',
  );
  const period = options.period
    ? Prisma.sql`AND d.received_at >= ${options.period.from} AND d.received_at < ${options.period.to}`
    : Prisma.empty;
  return Prisma.sql`
    SELECT d.ref, d.incoming_number AS "incomingNumber", d.title, d.sender_org AS "senderOrg",
           d.sender_number AS "senderNumber", d.secrecy, d.state, d.received_at AS "receivedAt"
      FROM incoming_document d
     WHERE d.org_id = ${orgId}
       AND ((d.secrecy = '普通' AND ${wordsMatch})
         OR d.ref = ${terms.ref}
         OR d.incoming_number = ${`${terms.number}号`}
         OR (d.sender_number ILIKE ${terms.numberPattern}
             AND ${normalizedNumberSql(Prisma.raw('d.sender_number'))} = ${terms.number}))
       ${period}
       AND ${incomingVisibleTo(viewer)}
     ORDER BY d.received_at DESC, length(d.ref) DESC, d.ref DESC
     LIMIT ${options.limit}`;
};

/** The module's `search` hook (WorkflowModule.search): 收文 the actor may see that match, as hit lines. */
export async function searchIncoming(ctx: ActorContext, query: SearchQuery): Promise<SearchHit[]> {
  const rows = await searchRows<IncomingHitRow>(ctx, query, '收文', incomingSearchQuery);
  const now = ctx.clock.now();
  return rows.map((row) => ({
    ref: row.ref,
    at: row.receivedAt,
    line: hitLine(row, hitDay(row.receivedAt, now, ctx.timezone)),
  }));
}

/**
 * 「S12 收〔2026〕12号《关于…的通知》 区教育局 教发〔2026〕8号 11-30」; a 秘密/机密 one names no title
 * and no 来文单位, only what it was found by and where to read it.
 */
function hitLine(row: IncomingHitRow, day: string): string {
  const number = row.senderNumber ? ` ${row.senderNumber}` : '';
  const cancelled = row.state === 'cancelled' ? '（已撤销）' : '';
  if (isClassified(row))
    return `${row.ref} ${row.incomingNumber}【${row.secrecy}】${number} ${day}${cancelled} 请到综合办公室阅件`;
  return `${row.ref} ${row.incomingNumber}《${row.title}》 ${row.senderOrg}${number} ${day}${cancelled}`;
}
