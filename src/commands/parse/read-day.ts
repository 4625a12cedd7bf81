import { DateTime } from 'luxon';
import { NUMBER_SOURCE, parseChineseNumber } from './parse-chinese-number.js';

/** A period of the day a day word already implies: 今晚 is 今天 + 晚上. */
export type ImpliedPeriod = '上午' | '晚上';

/** The day at the start of a datetime text, and how many characters it took. */
export type DayReading =
  { kind: 'day'; day: DateTime; length: number; impliedPeriod?: ImpliedPeriod } | { kind: 'invalid_date' } | undefined;

const N = `(${NUMBER_SOURCE})`;
const AFTER = '(?:后|以后|之后)';
const WEEKDAY_INDEX: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
  七: 7,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
};

/** What one rule found: a day (perhaps with a period), a day that does not exist, or nothing. */
type RuleResult = { day: DateTime; impliedPeriod?: ImpliedPeriod } | 'invalid_date' | undefined;
type DayRule = (match: RegExpMatchArray, today: DateTime) => RuleResult;

/**
 * The day forms of spec 2.5, tried in order at the start of the text. `today` is the start of the
 * current day in the organisation's zone. Order matters where forms share a start: 3日后 before 3日.
 */
const RULES: Array<[RegExp, DayRule]> = [
  // 2026-11-25, 2026/11/25, 2026.11.25, 2026年11月25日
  [
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?/,
    (m, today) => exactDay(today, Number(m[1]), Number(m[2]), Number(m[3])),
  ],
  // 11月25日, 11月25号, 十一月二十五日, 11-25, 11/25: this year, or next year when that day has gone
  [new RegExp(`^${N}\\s*月\\s*${N}\\s*[日号]?`), (m, today) => monthDay(today, m[1], m[2])],
  [/^(\d{1,2})\s*[-/]\s*(\d{1,2})(?!\d)/, (m, today) => monthDay(today, m[1], m[2])],
  [/^大后天/, (_m, today) => ({ day: today.plus({ days: 3 }) })],
  [/^大前天/, (_m, today) => ({ day: today.minus({ days: 3 }) })],
  // 昨天 and 前天 are read so that a past time is reported as past, not as unreadable
  [/^(今|明|后|昨|前)(天|日)/, (m, today) => ({ day: today.plus({ days: relativeDay(m[1]) }) })],
  [
    /^(今|明|昨)(晚|早)/,
    (m, today) => ({
      day: today.plus({ days: relativeDay(m[1]) }),
      impliedPeriod: m[2] === '晚' ? '晚上' : '上午',
    }),
  ],
  // 周五, 星期五, 礼拜五, 下周一, 下个星期五, 本周三, 这周日, 上周五, 下下周二
  [
    /^(下下个?|下个?|本|这个?|上个?)?(?:周|星期|礼拜)([一二三四五六七日天1-7])/,
    (m, today) => ({ day: weekdayDay(today, m[1] ?? '', WEEKDAY_INDEX[m[2] ?? ''] ?? 1) }),
  ],
  // 3天后, 三天后, 3日后
  [new RegExp(`^${N}\\s*(?:天|日)\\s*${AFTER}`), (m, today) => offsetDay(today, m[1], 'days')],
  // 2周后, 两个星期后
  [new RegExp(`^${N}\\s*个?\\s*(?:周|星期|礼拜)\\s*${AFTER}`), (m, today) => offsetDay(today, m[1], 'weeks')],
  // 25号, 25日: this month, or next month when that day has already gone
  [
    new RegExp(`^${N}\\s*[日号]`),
    (m, today) => {
      const day = parseChineseNumber(m[1] ?? '');
      if (day === undefined) return undefined;
      const thisMonth = exactDay(today, today.year, today.month, day);
      if (thisMonth !== undefined && thisMonth !== 'invalid_date' && thisMonth.day < today) {
        const next = today.plus({ months: 1 });
        return exactDay(today, next.year, next.month, day);
      }
      return thisMonth;
    },
  ],
];

/** Reads the day a datetime text starts with, if it starts with one. */
export function readDay(text: string, today: DateTime): DayReading {
  for (const [pattern, rule] of RULES) {
    const match = text.match(pattern);
    if (!match) continue;
    const result = rule(match, today);
    if (result === 'invalid_date') return { kind: 'invalid_date' };
    if (result) return { kind: 'day', ...result, length: match[0].length };
  }
  return undefined;
}

function exactDay(today: DateTime, year: number, month: number, day: number): RuleResult {
  const date = DateTime.fromObject({ year, month, day }, { zone: today.zone });
  return date.isValid ? { day: date } : 'invalid_date';
}

function monthDay(today: DateTime, monthText: string | undefined, dayText: string | undefined): RuleResult {
  const month = parseChineseNumber(monthText ?? '');
  const day = parseChineseNumber(dayText ?? '');
  if (month === undefined || day === undefined) return undefined;
  const thisYear = exactDay(today, today.year, month, day);
  if (thisYear !== undefined && thisYear !== 'invalid_date' && thisYear.day < today)
    return exactDay(today, today.year + 1, month, day);
  return thisYear;
}

const RELATIVE_DAYS: Record<string, number> = { 前: -2, 昨: -1, 今: 0, 明: 1, 后: 2 };

function relativeDay(word: string | undefined): number {
  return RELATIVE_DAYS[word ?? ''] ?? 0;
}

function offsetDay(today: DateTime, count: string | undefined, unit: 'days' | 'weeks'): RuleResult {
  const amount = parseChineseNumber(count ?? '');
  return amount === undefined ? undefined : { day: today.plus({ [unit]: amount }) };
}

/**
 * A bare weekday (周五) is the next such day on or after today, so on a Friday 周五 is today.
 * With a week word it is that day of the named Monday-to-Sunday week: on Sunday 22 November,
 * 下周一 is the 23rd and 本周一 the 16th.
 */
function weekdayDay(today: DateTime, weekWord: string, weekday: number): DateTime {
  if (weekWord === '') return today.plus({ days: (weekday - today.weekday + 7) % 7 });
  const weeksAhead = weekWord.startsWith('下下')
    ? 2
    : weekWord.startsWith('下')
      ? 1
      : weekWord.startsWith('上')
        ? -1
        : 0;
  return today.startOf('week').plus({ weeks: weeksAhead, days: weekday - 1 });
}
