import { normalizeWidth } from './normalize-width.js';
import { parseChineseNumber } from './parse-chinese-number.js';

/** Reads a count such as 份数: `3`, `3份`, `３`, `三份`, `十二`. Zero, negatives and decimals are not counts. */
export function parsePositiveInt(raw: string): number | undefined {
  const match = normalizeWidth(raw)
    .trim()
    .match(/^(\d+|[零〇一二两三四五六七八九十百千]+)\s*(?:份|个|张|本|套|页|次|人|件)?$/);
  const count = match ? parseChineseNumber(match[1] ?? '') : undefined;
  return count !== undefined && count > 0 && Number.isSafeInteger(count) ? count : undefined;
}
