import { describe, expect, it } from 'vitest';
import { findTypo } from '../../../src/commands/parse/find-typo.js';
import type { CommandSpec } from '../../../src/kit/command-spec.js';
import { allSpecs, helpSpec, meetingSpec, sealSpec, statusSpec, todoSpec } from './fixtures.js';

const typo = (text: string, specs: CommandSpec[] = allSpecs) => {
  const found = findTypo(text, specs);
  return found && { keyword: found.spec.keyword, rest: found.rest };
};

describe('findTypo: a keyword one letter off', () => {
  it('finds the one command a misspelt keyword was meant to be, with the rest of the message', () => {
    expect(typo('我的代办')).toEqual({ keyword: todoSpec.keyword, rest: '' });
    expect(typo('查寻 Y12')).toEqual({ keyword: statusSpec.keyword, rest: 'Y12' });
    expect(typo('查寻Y12')).toEqual({ keyword: statusSpec.keyword, rest: 'Y12' });
    expect(typo('用引 事由:开会 份数:3')).toEqual({ keyword: sealSpec.keyword, rest: '事由:开会 份数:3' });
    expect(typo('用引事由:开会')).toEqual({ keyword: sealSpec.keyword, rest: '事由:开会' });
    expect(typo('halp')).toEqual({ keyword: helpSpec.keyword, rest: '' });
  });

  it('does not guess when the word does not end where a keyword may end', () => {
    expect(typo('查寻一下Y12')).toBeUndefined();
    expect(typo('用引章')).toBeUndefined();
  });

  it('does not guess two letters off, nor from one letter', () => {
    expect(typo('hlep')).toBeUndefined();
    expect(typo('查 Y12')).toBeUndefined();
    expect(typo('你好，请问校章在哪里')).toBeUndefined();
  });

  it('does not guess between two commands, nor when the word is part of another command', () => {
    const cosign: CommandSpec = { keyword: '会签', summary: '会签', example: '会签 F3', fields: [] };
    expect(typo('会计 明天', [meetingSpec, cosign])).toBeUndefined();
    expect(typo('会计 明天', [meetingSpec])).toEqual({ keyword: meetingSpec.keyword, rest: '明天' });
    // 用章 is one letter from 印章, but 印章 is also inside 印章异常 and 印章恢复
    const withAlias = allSpecs.map((spec) => (spec === sealSpec ? { ...spec, aliases: ['用章'] } : spec));
    expect(typo('印章 校章坏了', withAlias)).toBeUndefined();
  });
});
