import { describe, expect, it } from 'vitest';
import { splitIntoMessages } from '../../../src/outbox/split-into-messages.js';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

describe('splitting a report into WeCom messages', () => {
  it('leaves a report that fits alone', () => {
    expect(splitIntoMessages('**标题**\n\n**甲**\n一行')).toEqual(['**标题**\n\n**甲**\n一行']);
  });

  it('splits between blocks first, numbering the title on every part', () => {
    const block = (name: string): string => [`**${name}**`, ...Array.from({ length: 8 }, () => '统计数字')].join('\n');
    const text = ['**简报**', block('甲'), block('乙'), block('丙')].join('\n\n');
    const parts = splitIntoMessages(text, bytes(block('甲')) * 2 + 60);
    expect(parts).toEqual([`**简报**（1/2）\n\n${block('甲')}\n\n${block('乙')}`, `**简报**（2/2）\n\n${block('丙')}`]);
  });

  it('splits a block too long for one message between its lines, and a line longer than a message between characters', () => {
    const lines = Array.from({ length: 30 }, (_, index) => `第${index + 1}行`);
    const longLine = '长'.repeat(100);
    const text = ['**日报**', ...lines, longLine].join('\n');
    const parts = splitIntoMessages(text, 120);
    for (const part of parts) expect(bytes(part)).toBeLessThanOrEqual(120);
    expect(parts.every((part, index) => part.startsWith(`**日报**（${index + 1}/${parts.length}）\n`))).toBe(true);
    const bodies = parts.map((part) => part.slice(part.indexOf('\n') + 1));
    expect(bodies.join('\n').replace(/长\n长/g, '长长')).toBe([...lines, longLine].join('\n'));
  });
});
