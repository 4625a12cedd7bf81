import { DateTime } from 'luxon';
import type { OrgConfig } from '../../directory/types.js';
import {
  formatArchiveCode,
  formatDocumentNumber,
  formatIncomingNumber,
  formatReference,
  RETENTION_CODES,
  type ReferenceKind,
  type Retention,
} from './format-numbers.js';

/**
 * Every series of numbers is one counter row per (organisation, scope). A scope names what restarts
 * the count: the year for 收文编号, series and year for 文号, 年度 + 保管期限 + 机构 for 件号. Pure.
 */

/** The organisation's local year at `at`: 2026-12-31T17:00Z is 2027 in Asia/Shanghai. */
export function orgYear(at: Date, timezone: string): number {
  return DateTime.fromJSDate(at, { zone: timezone }).year;
}

/** `Y`: references count in a scope named by their bare prefix, as they always have. */
export function referenceScope(kind: ReferenceKind): string {
  return kind;
}

/** `收文:2026` */
export function incomingNumberScope(year: number): string {
  return `收文:${year}`;
}

/** `发文:xiaofa:2026`: by the series' id, so changing its prefix in the org file keeps its count. */
export function documentNumberScope(seriesId: string, year: number): string {
  return `发文:${seriesId}:${year}`;
}

/** `档号:2026:D30:BGS`, or `档号:2026:D30` without department codes (no `archive` in the org file). */
export function archiveCodeScope(year: number, retention: Retention, departmentCode?: string): string {
  return ['档号', year, RETENTION_CODES[retention], departmentCode].filter((part) => part !== undefined).join(':');
}

const RETENTION_BY_CODE = new Map<string, Retention>(
  Object.entries(RETENTION_CODES).map(([retention, code]) => [code, retention as Retention]),
);

/**
 * The text `number` was given in `scope` (`校发〔2026〕3号` for 3 in `发文:xiaofa:2026`), for what
 * shows a number by its scope alone: a voided number in a ledger, a refusal about it. A series the
 * org file no longer names shows its id; a scope of no known shape shows as `<scope> 第n号`.
 */
export function describeNumber(config: OrgConfig, scope: string, number: number): string {
  if (/^[SFYHR]$/.test(scope)) return formatReference(scope as ReferenceKind, number);
  const incoming = /^收文:(\d{4})$/.exec(scope);
  if (incoming) return formatIncomingNumber(Number(incoming[1]), number);
  const document = /^发文:([^:]+):(\d{4})$/.exec(scope);
  if (document) {
    const series = config.documentSeries.find((candidate) => candidate.id === document[1]);
    return formatDocumentNumber(series?.prefix ?? document[1]!, Number(document[2]), number);
  }
  const archive = /^档号:(\d{4}):([A-Z0-9]+)(?::([A-Z0-9]+))?$/.exec(scope);
  const retention = archive && RETENTION_BY_CODE.get(archive[2]!);
  if (archive && retention) {
    const departmentCode = archive[3];
    return formatArchiveCode({
      // a scope with a department code was counted while the org file had `archive`
      fonds: departmentCode === undefined ? undefined : config.archive?.fonds,
      year: Number(archive[1]),
      retention,
      departmentCode,
      itemNumber: number,
    });
  }
  return `${scope} 第${number}号`;
}
