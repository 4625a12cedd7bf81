import { normalizeWidth } from './normalize-width.js';
import { parseChineseNumber } from './parse-chinese-number.js';

export type DurationReading = { kind: 'ok'; minutes: number } | { kind: 'unreadable' | 'not_positive' };

// hours may be decimal (1.5小时); minutes are whole, so a bare 1.5 is refused rather than guessed
const NUM = '(\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百]+)';
const WHOLE = '(\\d+|[零〇一二两三四五六七八九十百]+)';
const HOURS = '(?:个)?(?:小时|钟头|h)';
const MINUTES = '(?:分钟|分|min|m)';

const FORMS: Array<[RegExp, (m: RegExpMatchArray) => number | undefined]> = [
  [/^半个?(?:小时|钟头)$/, () => 30],
  // 一个半小时, 2个半小时
  [new RegExp(`^${NUM}个半(?:小时|钟头)$`), (m) => hoursPlusMinutes(read(m[1]), 30)],
  // 1.5小时, 2小时, 1小时30分钟, 1小时30
  [
    new RegExp(`^${NUM}${HOURS}(?:${WHOLE}${MINUTES}?)?$`, 'i'),
    (m) => hoursPlusMinutes(read(m[1]), m[2] ? read(m[2]) : 0),
  ],
  // 90分钟, 90分, 90 (a bare number is minutes)
  [new RegExp(`^${WHOLE}${MINUTES}?$`, 'i'), (m) => read(m[1])],
];

/** Reads a duration as whole minutes: 90分钟, 1.5小时, 1小时30分钟, 半小时, 一个半小时, 90. */
export function readDuration(raw: string): DurationReading {
  const text = normalizeWidth(raw).replace(/\s+/g, '');
  if (/^[-负]/.test(text)) return { kind: 'not_positive' };
  for (const [pattern, toMinutes] of FORMS) {
    const match = text.match(pattern);
    if (!match) continue;
    const minutes = toMinutes(match);
    if (minutes === undefined) return { kind: 'unreadable' };
    const whole = Math.round(minutes);
    return whole > 0 ? { kind: 'ok', minutes: whole } : { kind: 'not_positive' };
  }
  return { kind: 'unreadable' };
}

function read(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return /^\d/.test(text) ? Number(text) : parseChineseNumber(text);
}

function hoursPlusMinutes(hours: number | undefined, minutes: number | undefined): number | undefined {
  return hours === undefined || minutes === undefined ? undefined : hours * 60 + minutes;
}
