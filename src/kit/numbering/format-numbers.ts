/**
 * How references and official numbers read (spec 2.4). Pure: allocation gives the number, these
 * give the text, so every format is tested without a database.
 */

import type { ReferenceKind } from '../reference-kinds.js';

export type { ReferenceKind };

/** 保管期限 (DA/T 22) and its code in an archive code. */
export const RETENTION_CODES = { 永久: 'Y', '30年': 'D30', '10年': 'D10' } as const;
export type Retention = keyof typeof RETENTION_CODES;
export type RetentionCode = (typeof RETENTION_CODES)[Retention];

/** 门类 code of 文书档案 (DA/T 22): every archive code Xiaoban gives is for documents. */
export const DOCUMENT_CATEGORY = 'WS';

/** `Y12`: the short reference people type. */
export function formatReference(kind: ReferenceKind, n: number): string {
  return `${kind}${n}`;
}

/** 收文编号 `收〔2026〕12号`, counted per year. */
export function formatIncomingNumber(year: number, n: number): string {
  return `收〔${year}〕${n}号`;
}

/** 发文字号 `校发〔2026〕3号`: the series' prefix, the year, the number within both. */
export function formatDocumentNumber(prefix: string, year: number, n: number): string {
  return `${prefix}〔${year}〕${n}号`;
}

export interface ArchiveCodeParts {
  /** 全宗号; absent when the org file has no `archive` (the code then starts at the 门类 code) */
  fonds?: string | undefined;
  /** 年度 */
  year: number;
  retention: Retention;
  /** 机构代码; absent when the org file has no `archive` (no department codes exist) */
  departmentCode?: string | undefined;
  /** 件号, counted per 年度 + 保管期限 + 机构 */
  itemNumber: number;
}

/**
 * 档号 per DA/T 22: `全宗号-WS·年度-保管期限-机构代码-件号`, e.g. `0194-WS·2026-D30-BGS-0007`.
 * The 件号 has four digits; a 10000th item keeps all five rather than lose one.
 */
export function formatArchiveCode(parts: ArchiveCodeParts): string {
  return [
    parts.fonds,
    `${DOCUMENT_CATEGORY}·${parts.year}`,
    RETENTION_CODES[parts.retention],
    parts.departmentCode,
    String(parts.itemNumber).padStart(4, '0'),
  ]
    .filter((part) => part !== undefined)
    .join('-');
}
