/**
 * Text as people see it. JavaScript strings index UTF-16 units, so `slice` can cut a rare name
 * character (outside the BMP, e.g. 𠮷) in half and leave an unpaired surrogate that WeCom shows as
 * garbage and PostgreSQL refuses in jsonb. Everything here counts code points.
 */

/** At most `max` characters, ending in `…` when something was cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** The longest prefix of whole characters whose UTF-8 encoding fits in `maxBytes`. */
export function prefixWithinBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** `text` if it fits in `maxBytes` of UTF-8, otherwise a prefix of whole characters plus `mark`. */
export function fitBytes(text: string, maxBytes: number, mark: string): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  return prefixWithinBytes(text, maxBytes - Buffer.byteLength(mark, 'utf8')) + mark;
}

/**
 * Characters nobody types on purpose and that must never be echoed back: C0/C1 controls other than
 * newline and tab (U+0000 cannot even be stored in PostgreSQL text), and the bidirectional controls
 * (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C), which can make a reply or a card read
 * backwards — the "Trojan Source" trick, e.g. a 事由 that displays as a different document name.
 */
const INVISIBLE_CONTROLS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** A surrogate without its partner (String.prototype.toWellFormed is ES2024, after Node 20). */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What a person typed, without the invisible controls above; unpaired surrogates become U+FFFD. */
export function cleanTypedText(text: string): string {
  return text.replace(INVISIBLE_CONTROLS, '').replace(UNPAIRED_SURROGATE, '\uFFFD');
}
