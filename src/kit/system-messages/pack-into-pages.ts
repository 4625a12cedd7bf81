import { prefixWithinBytes } from '../../shared/text.js';

/** One message made of whole items (or of one piece of an item too long for any message). */
export interface Page {
  text: string;
  /** indexes of the items it carries, in order; an item split over pages appears on each */
  items: number[];
}

/**
 * Packs items into as few messages as fit in `maxBytes` each, in order, never cutting an item:
 * `render(group, first)` makes a message of consecutive items (`first` is the first one's index),
 * so headers like 「您的待办（续，第11项起）」 can be written. Only an item that does not fit even
 * alone is split, at line ends where it can be, into pages that each carry that item alone.
 */
export function packIntoPages(options: {
  items: readonly string[];
  render: (group: readonly string[], first: number) => string;
  maxBytes: number;
}): Page[] {
  const { items, render, maxBytes } = options;
  const fits = (text: string) => Buffer.byteLength(text, 'utf8') <= maxBytes;
  const pages: Page[] = [];
  let group: number[] = [];
  const closeGroup = () => {
    if (group.length === 0) return;
    pages.push({
      text: render(
        group.map((index) => items[index]!),
        group[0]!,
      ),
      items: group,
    });
    group = [];
  };
  items.forEach((item, index) => {
    const candidate = [...group, index];
    if (
      fits(
        render(
          candidate.map((each) => items[each]!),
          candidate[0]!,
        ),
      )
    ) {
      group = candidate;
      return;
    }
    closeGroup();
    if (fits(render([item], index))) {
      group = [index];
      return;
    }
    const room = maxBytes - Buffer.byteLength(render([''], index), 'utf8');
    for (const piece of splitWithinBytes(item, room)) pages.push({ text: render([piece], index), items: [index] });
  });
  closeGroup();
  return pages;
}

/** `text` in pieces of at most `maxBytes`, broken after a line end where one is near enough, else between characters. */
export function splitWithinBytes(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError('a page must hold at least one character');
  const pieces: string[] = [];
  let rest = text;
  while (Buffer.byteLength(rest, 'utf8') > maxBytes) {
    const prefix = prefixWithinBytes(rest, maxBytes);
    const lineEnd = prefix.lastIndexOf('\n');
    // break at a line end unless it would leave a page less than half full
    const cut = lineEnd >= prefix.length / 2 ? lineEnd + 1 : prefix.length;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}
