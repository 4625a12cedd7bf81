import { describe, expect, it } from 'vitest';
import { packIntoPages, splitWithinBytes } from '../../../src/kit/system-messages/pack-into-pages.js';
import { mergeReminders } from '../../../src/kit/system-messages/release-held-messages.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('packIntoPages', () => {
  const render = (group: readonly string[], first: number) => `第${first + 1}项起：\n${group.join('\n')}`;

  it('puts everything in one page when it fits', () => {
    expect(packIntoPages({ items: ['a', 'b', 'c'], render, maxBytes: 2048 })).toEqual([
      { text: '第1项起：\na\nb\nc', items: [0, 1, 2] },
    ]);
  });

  it('starts a new page at the item that does not fit, and never cuts an item', () => {
    const items = ['一'.repeat(10), '二'.repeat(10), '三'.repeat(10)]; // 30 bytes each
    const pages = packIntoPages({ items, render, maxBytes: 80 });
    expect(pages.map((page) => page.items)).toEqual([[0, 1], [2]]);
    expect(pages[1]!.text).toBe(`第3项起：\n${items[2]}`);
    for (const page of pages) expect(bytes(page.text)).toBeLessThanOrEqual(80);
  });

  it('splits only an item too long for any page, at line ends, keeping every character', () => {
    const long = ['第一行'.repeat(10), '第二行'.repeat(10), '第三行'.repeat(10)].join('\n'); // 90 bytes a line
    const pages = packIntoPages({ items: ['短', long, '尾'], render: mergeReminders, maxBytes: 200 });
    expect(pages.map((page) => page.items)).toEqual([[0], [1], [1], [2]]);
    expect(pages[1]!.text + pages[2]!.text).toBe(long);
    expect(pages[1]!.text.endsWith('\n')).toBe(true);
    for (const page of pages) expect(bytes(page.text)).toBeLessThanOrEqual(200);
  });
});

describe('splitWithinBytes', () => {
  it('cuts between whole characters when there is no line end', () => {
    const text = '𠮷'.repeat(10); // 4 bytes each, outside the BMP
    const pieces = splitWithinBytes(text, 10);
    expect(pieces.join('')).toBe(text);
    expect(pieces.map(bytes)).toEqual([8, 8, 8, 8, 8]);
  });
});
