const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** A regex source for one number as people type it: ASCII digits or Chinese numerals. */
export const NUMBER_SOURCE = '\\d+|[零〇一二两三四五六七八九十百千]+';

/**
 * Reads `12`, `十二`, `二十五`, `两`, `一百零五` as an integer; anything else is undefined.
 * Only the simple forms people use for counts, days and hours: no 万, no 一二 digit strings.
 */
export function parseChineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^[零〇一二两三四五六七八九十百千]+$/.test(text)) return undefined;
  let total = 0;
  let pending: number | undefined;
  let lastUnit = Infinity;
  for (const ch of text) {
    const digit = DIGITS[ch];
    if (digit !== undefined) {
      // 一二 is a digit string, not a number people write for a count; 零 only pads (一百零五)
      if (pending !== undefined && pending !== 0) return undefined;
      pending = digit;
      continue;
    }
    const unit = UNITS[ch] as number;
    if (unit >= lastUnit) return undefined;
    // a leading 十 means 一十 (十二 = 12); any other unit needs its digit (百 alone is not a number)
    const multiplier = pending ?? (total === 0 && unit === 10 ? 1 : undefined);
    if (multiplier === undefined) return undefined;
    total += multiplier * unit;
    pending = undefined;
    lastUnit = unit;
  }
  return total + (pending ?? 0);
}
