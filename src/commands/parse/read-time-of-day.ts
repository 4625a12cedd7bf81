import { parseChineseNumber } from './parse-chinese-number.js';

export interface TimeOfDay {
  hour: number;
  minute: number;
}

export type TimeReading = { kind: 'time'; time: TimeOfDay; length: number } | { kind: 'invalid_time' } | undefined;

const MORNING = ['上午', '早上', '早晨', '清晨', '凌晨'];
const NOON = ['中午'];
const AFTERNOON = ['午后', '下午', '傍晚', '晚上', '晚间', '夜里', '夜间'];

/** A period on its own (明天下午) means a usual working time in it; 凌晨 alone means nothing usable. */
const PERIOD_ONLY: Record<string, TimeOfDay> = {
  上午: { hour: 9, minute: 0 },
  早上: { hour: 9, minute: 0 },
  早晨: { hour: 9, minute: 0 },
  清晨: { hour: 9, minute: 0 },
  中午: { hour: 12, minute: 0 },
  午后: { hour: 14, minute: 0 },
  下午: { hour: 14, minute: 0 },
  傍晚: { hour: 18, minute: 0 },
  晚上: { hour: 19, minute: 0 },
  晚间: { hour: 19, minute: 0 },
  夜里: { hour: 19, minute: 0 },
  夜间: { hour: 19, minute: 0 },
};

const PERIOD = `(${[...MORNING, ...NOON, ...AFTERNOON].join('|')})?`;
const SMALL_N = `(\\d{1,2}|[零〇一二两三四五六七八九十]{1,3})`;
// 15:30, or 3点 / 3点半 / 3点一刻 / 3点三刻 / 3点20(分) / 3点整 / 15时
const TIME = new RegExp(
  `^${PERIOD}\\s*(?:(\\d{1,2}):(\\d{2})|${SMALL_N}\\s*(?:点钟?|时)\\s*(?:(半)|(一刻)|(三刻)|${SMALL_N}\\s*分?|整)?)?`,
);

/**
 * Reads the time of day a text starts with. `impliedPeriod` comes from the day word (今晚 = 晚上).
 * 下午3点 is 15:00; a bare 3点 with no period is also 15:00, because nobody in a school office
 * books anything for 3 a.m. (hours 1–6 only); 15:30 written with a colon is taken literally.
 */
export function readTimeOfDay(text: string, impliedPeriod?: string): TimeReading {
  const match = text.match(TIME);
  if (!match || match[0].trim() === '') {
    const implied = impliedPeriod ? PERIOD_ONLY[impliedPeriod] : undefined;
    return implied ? { kind: 'time', time: implied, length: 0 } : undefined;
  }
  const [, periodWord, colonHour, colonMinute, pointHour, half, quarter, threeQuarters, pointMinute] = match;
  const period = periodWord ?? impliedPeriod;
  if (colonHour === undefined && pointHour === undefined) {
    const periodOnly = period ? PERIOD_ONLY[period] : undefined;
    return periodOnly ? { kind: 'time', time: periodOnly, length: match[0].length } : undefined;
  }
  let hour = parseChineseNumber(colonHour ?? pointHour ?? '');
  const minute =
    colonMinute !== undefined
      ? Number(colonMinute)
      : half
        ? 30
        : quarter
          ? 15
          : threeQuarters
            ? 45
            : pointMinute !== undefined
              ? parseChineseNumber(pointMinute)
              : 0;
  if (hour === undefined || minute === undefined) return undefined;
  hour = toTwentyFourHour(hour, period, colonHour === undefined);
  if (hour > 23 || minute > 59) return { kind: 'invalid_time' };
  return { kind: 'time', time: { hour, minute }, length: match[0].length };
}

function toTwentyFourHour(hour: number, period: string | undefined, isPointForm: boolean): number {
  if (period === undefined) return isPointForm && hour >= 1 && hour <= 6 ? hour + 12 : hour;
  if (AFTERNOON.includes(period)) return hour < 12 ? hour + 12 : hour;
  if (NOON.includes(period)) return hour <= 3 ? hour + 12 : hour; // 中午1点 = 13:00
  return hour;
}
