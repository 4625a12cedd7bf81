import { DateTime } from 'luxon';

/**
 * The periods registers are kept by (spec 2.7: by year, month or date range) and how a register
 * writes a day. Shared by every ledger (督办台账, 收文登记簿, 发文登记簿) and by 查找's 年度.
 */

/** [from, to) in the organisation's zone */
export interface LedgerPeriod {
  from: Date;
  to: Date;
}

/** A register's rows for items of the period, optionally of one department only. */
export interface LedgerQuery extends LedgerPeriod {
  /** only items of this department (牵头部门, 承办部门, 拟稿部门) */
  departmentId?: string;
}

/** [from, to) of a calendar month in the organisation's zone: the ledger's usual period. */
export function monthPeriod(year: number, month: number, timezone: string): LedgerPeriod {
  const start = DateTime.fromObject({ year, month, day: 1 }, { zone: timezone });
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/** [from, to) of a calendar year (年度) in the organisation's zone. */
export function yearPeriod(year: number, timezone: string): LedgerPeriod {
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: timezone });
  return { from: start.toJSDate(), to: start.plus({ years: 1 }).toJSDate() };
}

/** `2026-11-30` in the organisation's zone, or empty: how a register writes a date. */
export function ledgerDay(at: Date | null | undefined, timezone: string): string {
  return at ? DateTime.fromJSDate(at, { zone: timezone }).toFormat('yyyy-MM-dd') : '';
}
