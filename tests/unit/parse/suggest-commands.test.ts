import { describe, expect, it } from 'vitest';
import { suggestCommands } from '../../../src/commands/parse/suggest-commands.js';
import { allSpecs, helpSpec, sealAlarmSpec, sealRestoreSpec, sealSpec, statusSpec, todoSpec } from './fixtures.js';

const keywords = (text: string, limit?: number) => suggestCommands(text, allSpecs, limit).map((spec) => spec.keyword);

describe('suggestCommands', () => {
  it('offers the command one character away first', () => {
    expect(keywords('用章 事由:开会')[0]).toBe(sealSpec.keyword);
    expect(keywords('查寻 Y12')[0]).toBe(statusSpec.keyword);
  });

  it('offers commands that contain what was typed', () => {
    expect(keywords('印章 校章坏了').slice(0, 2).sort()).toEqual(
      [sealAlarmSpec.keyword, sealRestoreSpec.keyword].sort(),
    );
  });

  it('compares the start of a message that has no space after the command', () => {
    expect(keywords('用章事由:开会')[0]).toBe(sealSpec.keyword);
  });

  it('uses aliases, whatever their case', () => {
    expect(keywords('hlep')[0]).toBe(helpSpec.keyword);
    expect(keywords('TODOS')[0]).toBe(todoSpec.keyword);
  });

  it('always offers up to the limit, and nothing when there are no commands', () => {
    expect(keywords('今天天气不错')).toHaveLength(3);
    expect(keywords('用章', 1)).toEqual([sealSpec.keyword]);
    expect(suggestCommands('用章', [])).toEqual([]);
  });
});
