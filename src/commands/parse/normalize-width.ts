/**
 * Turns full-width ASCII (`３`, `：`, `Ｙ`, `＠`) and the ideographic space into their half-width
 * forms. Phone keyboards in Chinese mode type full-width digits and colons, and people do not see
 * the difference, so every parser of numbers, times and references reads through this first.
 */
export function normalizeWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}
