import { DateTime } from 'luxon';
import { AppError } from '../../shared/errors.js';
import type { ParseContext } from './parse-context.js';
import { normalizeWidth } from './normalize-width.js';
import { NUMBER_SOURCE, parseChineseNumber } from './parse-chinese-number.js';
import { readDay } from './read-day.js';
import { readTimeOfDay, type TimeOfDay } from './read-time-of-day.js';

export type DateTimeReading = { kind: 'ok'; at: DateTime } | { kind: 'unreadable' | 'invalid_date' | 'invalid_time' };

// 2小时后, 两个小时后, 30分钟后, 半小时后: an instant counted from now, not a day
const FROM_NOW = new RegExp(`^(${NUMBER_SOURCE}|半)\\s*个?\\s*(小时|钟头|分钟)\\s*(?:后|以后|之后)$`);

/**
 * Reads a date and time in the organisation's zone relative to `ctx.now`: a day part
 * (2026-11-25, 11月25日, 明天, 下周一, 周五, 3天后), then a time part (14:00, 下午3点, 9点半);
 * either may be left out. No day means today; no time means `defaultTime`. Past times are
 * returned as they are: whether the past is acceptable is the workflow's decision.
 */
export function readDateTime(raw: string, ctx: ParseContext, defaultTime: TimeOfDay): DateTimeReading {
  const text = normalizeWidth(raw).trim();
  const now = DateTime.fromJSDate(ctx.now, { zone: ctx.timezone });
  // the zone comes from the validated org file, so an unknown one is our bug, not the sender's
  if (!now.isValid) throw new AppError('INTERNAL', `readDateTime: unknown time zone ${ctx.timezone}`);

  const fromNow = text.match(FROM_NOW);
  if (fromNow) {
    const amount = fromNow[1] === '半' ? 0.5 : parseChineseNumber(fromNow[1] ?? '');
    if (amount === undefined) return { kind: 'unreadable' };
    const minutes = fromNow[2] === '分钟' ? amount : amount * 60;
    return { kind: 'ok', at: now.plus({ minutes }).startOf('minute') };
  }

  const today = now.startOf('day');
  const day = readDay(text, today);
  if (day?.kind === 'invalid_date') return day;
  const afterDay = text.slice(day?.length ?? 0).trimStart();
  const time = readTimeOfDay(afterDay, day?.impliedPeriod);
  if (time?.kind === 'invalid_time') return time;
  if (!day && !time) return { kind: 'unreadable' };
  if (afterDay.slice(time?.length ?? 0).trim() !== '') return { kind: 'unreadable' };

  const { hour, minute } = time?.time ?? defaultTime;
  return { kind: 'ok', at: (day?.day ?? today).set({ hour, minute, second: 0, millisecond: 0 }) };
}

/** 'HH:mm' as configured on a field (defaultTime); anything else falls back to 09:00. */
export function parseClockSetting(setting: string | undefined): TimeOfDay {
  const match = setting?.match(/^(\d{1,2}):(\d{2})$/);
  const hour = Number(match?.[1] ?? 9);
  const minute = Number(match?.[2] ?? 0);
  return hour <= 23 && minute <= 59 ? { hour, minute } : { hour: 9, minute: 0 };
}
