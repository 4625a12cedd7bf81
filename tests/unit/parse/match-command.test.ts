import { describe, expect, it } from 'vitest';
import { matchCommand } from '../../../src/commands/parse/match-command.js';
import {
  allSpecs,
  helpSpec,
  meetingSpec,
  sealAlarmSpec,
  sealSpec,
  stampedSpec,
  statusSpec,
  todoSpec,
} from './fixtures.js';

describe('matchCommand', () => {
  it('finds the keyword and hands back the rest of the message', () => {
    expect(matchCommand('用印 事由:招生宣传 份数:3', allSpecs)).toEqual({
      spec: sealSpec,
      rest: '事由:招生宣传 份数:3',
    });
  });

  it('prefers the longest keyword: 已用印 is never read as 用印', () => {
    expect(matchCommand('已用印 Y12 份数:3', allSpecs)).toEqual({ spec: stampedSpec, rest: 'Y12 份数:3' });
    expect(matchCommand('印章异常 印章:校章 说明:遗失', allSpecs)?.spec).toBe(sealAlarmSpec);
  });

  it('accepts a reference or a field written straight after the keyword', () => {
    expect(matchCommand('查询Y12', allSpecs)).toEqual({ spec: statusSpec, rest: 'Y12' });
    expect(matchCommand('已用印y3', allSpecs)).toEqual({ spec: stampedSpec, rest: 'y3' });
    expect(matchCommand('用印事由：招生宣传', allSpecs)).toEqual({ spec: sealSpec, rest: '事由：招生宣传' });
  });

  it('tolerates surrounding whitespace, a leading slash and a separator after the keyword', () => {
    expect(matchCommand('  /用印  事由:开会  ', allSpecs)).toEqual({ spec: sealSpec, rest: '事由:开会' });
    expect(matchCommand('用印，事由:开会', allSpecs)).toEqual({ spec: sealSpec, rest: '事由:开会' });
    expect(matchCommand('会议', allSpecs)).toEqual({ spec: meetingSpec, rest: '' });
  });

  it('matches aliases case-insensitively', () => {
    expect(matchCommand('help', allSpecs)).toEqual({ spec: helpSpec, rest: '' });
    expect(matchCommand('/TODO', allSpecs)).toEqual({ spec: todoSpec, rest: '' });
    expect(matchCommand('Status y12', allSpecs)).toEqual({ spec: statusSpec, rest: 'y12' });
  });

  it('does not match a keyword that runs into other words', () => {
    expect(matchCommand('todolist', allSpecs)).toBeUndefined();
    expect(matchCommand('用印章', allSpecs)).toBeUndefined();
    expect(matchCommand('查询一下Y12', allSpecs)).toBeUndefined();
  });

  it('does not match a message without a command', () => {
    expect(matchCommand('你好，请问校章在哪里', allSpecs)).toBeUndefined();
    expect(matchCommand('', allSpecs)).toBeUndefined();
  });
});
