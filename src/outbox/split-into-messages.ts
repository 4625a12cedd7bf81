import { prefixWithinBytes } from '../shared/text.js';
import { MAX_TEXT_BYTES } from './enqueue-message.js';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The numbered title of part `part` of `parts`: 「**每周工作简报**（2/3）」. */
const numbered = (title: string, part: number, parts: number): string => `${title}（${part}/${parts}）`;

/**
 * A report (the weekly brief, a daily summary) as as many messages as WeCom's 2048-byte limit needs
 * (errcode 45002 otherwise; the outbox would cut it), never cut: the first line is the title, and
 * the rest is split between blocks (separated by a blank line), else between lines, else — for a
 * single line longer than a message, which no report writes — between characters. Every part
 * starts with the title, numbered （2/3） when there are several.
 */
export function splitIntoMessages(text: string, maxBytes: number = MAX_TEXT_BYTES): string[] {
  if (bytes(text) <= maxBytes) return [text];
  const newline = text.indexOf('\n');
  const title = newline === -1 ? '' : text.slice(0, newline);
  const body = newline === -1 ? text : text.slice(newline + 1);
  const afterTitle = body.startsWith('\n') ? '\n\n' : '\n';
  // room for the numbered title whatever the count comes to
  const budget = maxBytes - bytes(numbered(title, 99, 99) + afterTitle);
  if (budget < 16) throw new Error('a report title longer than a message');

  const units: { text: string; separator: string }[] = [];
  body
    .replace(/^\n+/, '')
    .split('\n\n')
    .forEach((block, blockIndex) => {
      const blockSeparator = blockIndex === 0 ? '' : '\n\n';
      if (bytes(block) <= budget) {
        units.push({ text: block, separator: blockSeparator });
        return;
      }
      block.split('\n').forEach((line, lineIndex) => {
        let rest = line;
        let separator = lineIndex === 0 ? blockSeparator : '\n';
        do {
          const piece = bytes(rest) <= budget ? rest : prefixWithinBytes(rest, budget);
          units.push({ text: piece, separator });
          rest = rest.slice(piece.length);
          separator = '';
        } while (rest.length > 0);
      });
    });

  const bodies: string[] = [];
  let current: string | undefined;
  for (const unit of units) {
    if (current !== undefined && bytes(current + unit.separator + unit.text) <= budget) {
      current += unit.separator + unit.text;
    } else {
      if (current !== undefined) bodies.push(current);
      current = unit.text;
    }
  }
  if (current !== undefined) bodies.push(current);
  return bodies.map((part, index) => numbered(title, index + 1, bodies.length) + afterTitle + part);
}
