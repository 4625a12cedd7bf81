import { DateTime } from 'luxon';
import { Prisma } from '../db/prisma.js';
import type { Directory, PersonInfo, Role } from '../directory/types.js';
import type { ActorContext } from './context.js';
import type { SearchQuery } from './document-hooks.js';
import { yearPeriod, type LedgerPeriod } from './ledger-period.js';
import { hasAnyRole, SUPERVISING_ROLES } from './people.js';

/*
 * What 收文 and 发文 share when they are searched (档案检索) or listed in a register: who reads
 * every document, and how typed words become the patterns and numbers a query compares.
 */

/** Who reads every document: the office, the leaders, the administrators and the archivist (档案员). */
export const READS_EVERY_DOCUMENT: readonly Role[] = [...SUPERVISING_ROLES, 'archivist'];

/** The person a search or a register is for, as the documents' routing checks need them. */
export interface DocumentViewer {
  userId: string;
  /** {@link READS_EVERY_DOCUMENT}: no routing check at all */
  readsEverything: boolean;
  /** the departments they belong to */
  memberOf: string[];
  /** the departments they head (部门负责人): a 秘密/机密 document reaches a department through its head only */
  headOf: string[];
}

export function documentViewer(directory: Directory, person: PersonInfo): DocumentViewer {
  return {
    userId: person.userId,
    readsEverything: hasAnyRole(person, READS_EVERY_DOCUMENT),
    memberOf: [...person.departmentIds],
    headOf: directory.config.departments.filter((d) => d.head === person.userId).map((d) => d.id),
  };
}

/**
 * Whether the viewer holds, or held, a step of one of the document's approvals (签批, 核稿, 会签,
 * 签发): the engine's rows, for a query that names the document `d`.
 */
export function heldAnApprovalOf(viewer: DocumentViewer): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM approval a
                 JOIN approval_step s ON s.approval_id = a.id
                 JOIN approval_holder h ON h.step_id = s.id
                WHERE a.org_id = d.org_id AND a.item_ref = d.ref AND h.userid = ${viewer.userId})`;
}

/** What `查找 <words>` compares, built once from the typed words. */
export interface SearchTerms {
  /** each word as an ILIKE pattern `%期末%` (LIKE's own characters escaped); a document matches every one */
  wordPatterns: string[];
  /** the whole text as a reference is typed, upper case: S12 */
  ref: string;
  /** the whole text as an official number, brackets unified and the trailing 号 dropped: 教发〔2026〕8 */
  number: string;
  /** finds that number whatever brackets it was stored with, through the trigram index: %教发%2026%8% */
  numberPattern: string;
}

// the brackets people type in a 字号, in the order NUMBER_BRACKETS_TO maps them; spaces are dropped
const NUMBER_BRACKETS_FROM = '[(（【])）】 \u3000';
const NUMBER_BRACKETS_TO = '〔〔〔〔〕〕〕〕';

/** `教发[2026] 8号` → `教发〔2026〕8`: one spelling of an official number, as {@link normalizedNumberSql} writes it. */
export function normalizeNumber(text: string): string {
  const unified = [...text]
    .map((char) => {
      const at = NUMBER_BRACKETS_FROM.indexOf(char);
      return at === -1 ? char : (NUMBER_BRACKETS_TO[at] ?? '');
    })
    .join('');
  return unified.replace(/号+$/u, '');
}

/** The column's official number spelled as {@link normalizeNumber} spells typed text (translate drops the spaces). */
export function normalizedNumberSql(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`rtrim(translate(${column}, ${NUMBER_BRACKETS_FROM}, ${NUMBER_BRACKETS_TO}), '号')`;
}

/** `%` and `_` are LIKE's own characters, and `\` its escape: typed ones are searched for as they are. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export function searchTerms(text: string): SearchTerms {
  const words = text.split(/[\s\u3000]+/u).filter((word) => word !== '');
  const number = normalizeNumber(words.join(''));
  const numberParts = number.split(/[〔〕]/u).filter((part) => part !== '');
  return {
    wordPatterns: words.map((word) => `%${likeLiteral(word)}%`),
    ref: words.join('').toUpperCase(),
    number,
    numberPattern: `%${numberParts.map(likeLiteral).join('%')}%`,
  };
}

/** How many characters were typed to search for: fewer than two finds nearly everything. */
export function searchedLength(text: string): number {
  return [...text.replace(/[\s\u3000]+/gu, '')].length;
}

/** A hit's date: `11-30` this year, `2025-11-30` before. */
export function hitDay(at: Date, now: Date, timezone: string): string {
  const day = DateTime.fromJSDate(at, { zone: timezone });
  return day.year === DateTime.fromJSDate(now, { zone: timezone }).year
    ? day.toFormat('MM-dd')
    : day.toFormat('yyyy-MM-dd');
}

/** How a workflow's search query is built: for one viewer, the typed words, 年度 and the most rows wanted. */
export type DocumentSearchQuery = (
  orgId: string,
  viewer: DocumentViewer,
  terms: SearchTerms,
  options: { period?: LedgerPeriod | undefined; limit: number },
) => Prisma.Sql;

/**
 * The rows a 收文 or 发文 search hook lists: none when 类型 names the other kind, else its query for
 * the actor, the words and the 年度.
 */
export function searchRows<Row>(
  ctx: ActorContext,
  query: SearchQuery,
  kind: '收文' | '发文',
  searchQuery: DocumentSearchQuery,
): Promise<Row[]> {
  if (query.kind !== undefined && query.kind !== kind) return Promise.resolve([]);
  const period = query.year === undefined ? undefined : yearPeriod(query.year, ctx.timezone);
  const viewer = documentViewer(ctx.directory, ctx.actor);
  return ctx.tx.$queryRaw<Row[]>(
    searchQuery(ctx.orgId, viewer, searchTerms(query.words), { period, limit: query.limit }),
  );
}
