import { DateTime } from 'luxon';
import type { BaseContext } from './context.js';

/** `11-22 10:31` in the organisation's zone: how times appear in chat and on cards. */
export function shortTime(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toFormat('MM-dd HH:mm');
}

/** `2026-11-22 10:31` for histories and registers. */
export function fullTime(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toFormat('yyyy-MM-dd HH:mm');
}

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

/**
 * `12-04 18:00（周五）`: a deadline as people read it on a phone; with its year when that is not
 * this year (「11月20日」 typed in December means next November).
 */
export function deadlineText(at: Date, ctx: Pick<BaseContext, 'timezone' | 'clock'>): string {
  const local = DateTime.fromJSDate(at, { zone: ctx.timezone });
  const thisYear = DateTime.fromJSDate(ctx.clock.now(), { zone: ctx.timezone }).year;
  return `${local.toFormat(local.year === thisYear ? 'MM-dd HH:mm' : 'yyyy-MM-dd HH:mm')}（周${WEEKDAYS[local.weekday - 1]}）`;
}
