import { describe, expect, it } from 'vitest';
import { parseFieldValue } from '../../../src/commands/parse/parse-field-value.js';
import type { FieldSpec } from '../../../src/kit/command-spec.js';
import { buildContext } from './fixtures.js';

const ctx = buildContext();
const copies: FieldSpec = { name: '份数', kind: 'int' };
const length: FieldSpec = { name: '时长', kind: 'duration' };
const reason: FieldSpec = { name: '事由', kind: 'text' };
const secrecy: FieldSpec = { name: '密级', kind: 'enum', options: ['普通', '秘密', '机密'] };
const linked: FieldSpec = { name: '关联', kind: 'reference', refPrefixes: ['F'] };

describe('int fields', () => {
  it.each([
    ['3', 3],
    ['3份', 3],
    [' 3 份 ', 3],
    ['３', 3],
    ['三', 3],
    ['两份', 2],
    ['十', 10],
    ['十二', 12],
    ['二十五份', 25],
  ])('reads %s as %i', (raw, expected) => {
    expect(parseFieldValue(copies, raw, ctx)).toEqual({ value: expected });
  });

  it.each(['0', '-1', '1.5', '几份', '一二'])(
    'refuses %s in one line naming the field (the question that follows shows the forms)',
    (raw) => {
      expect(parseFieldValue(copies, raw, ctx)).toEqual({ problem: `份数「${raw}」不是正整数。` });
    },
  );

  it('refuses more than the field’s maximum', () => {
    expect(parseFieldValue({ ...copies, max: 200 }, '300', ctx)).toEqual({ problem: '份数「300」超过了上限200。' });
    expect(parseFieldValue({ ...copies, max: 200 }, '200', ctx)).toEqual({ value: 200 });
  });
});

describe('duration fields', () => {
  it.each([
    ['90分钟', 90],
    ['90分', 90],
    ['90', 90],
    ['1.5小时', 90],
    ['2小时', 120],
    ['1小时30分钟', 90],
    ['1小时30', 90],
    ['半小时', 30],
    ['一个半小时', 90],
    ['三小时', 180],
    ['４５分钟', 45],
  ])('reads %s as %i minutes', (raw, expected) => {
    expect(parseFieldValue(length, raw, ctx)).toEqual({ value: expected });
  });

  it('refuses zero and negative durations', () => {
    expect(parseFieldValue(length, '0分钟', ctx)).toEqual({ problem: '时长「0分钟」必须大于0。' });
    expect(parseFieldValue(length, '-30', ctx)).toEqual({ problem: '时长「-30」必须大于0。' });
  });

  it('refuses what it cannot read, including a bare decimal', () => {
    expect(parseFieldValue(length, '很久', ctx)).toEqual({ problem: '时长「很久」看不懂。' });
    expect(parseFieldValue(length, '1.5', ctx)).toEqual({ problem: '时长「1.5」看不懂。' });
  });
});

describe('text fields', () => {
  it('keeps the text, trimmed', () => {
    expect(parseFieldValue(reason, '  招生宣传, 含 附件  ', ctx)).toEqual({ value: '招生宣传, 含 附件' });
  });

  it('refuses an empty text', () => {
    expect(parseFieldValue(reason, '   ', ctx)).toEqual({ problem: '事由不能为空。' });
  });

  it('takes 500 characters and refuses 501', () => {
    expect(parseFieldValue(reason, '字'.repeat(500), ctx)).toEqual({ value: '字'.repeat(500) });
    expect(parseFieldValue(reason, '字'.repeat(501), ctx)).toEqual({
      problem: '事由太长了（501字），最多500字，请精简后再发。',
    });
  });
});

describe('enum fields', () => {
  it('accepts one of the options', () => {
    expect(parseFieldValue(secrecy, ' 秘密 ', ctx)).toEqual({ value: '秘密' });
  });

  it('says the value is not one of the options', () => {
    expect(parseFieldValue(secrecy, '绝密', ctx)).toEqual({ problem: '密级「绝密」不在可选范围内。' });
  });
});

describe('reference fields', () => {
  it('normalises the case and leading zeros', () => {
    expect(parseFieldValue(linked, 'f3', ctx)).toEqual({ value: 'F3' });
    expect(parseFieldValue(linked, 'F012', ctx)).toEqual({ value: 'F12' });
  });

  it('refuses another item kind', () => {
    expect(parseFieldValue(linked, 'Y3', ctx)).toEqual({ problem: '关联「Y3」不是 F 开头的编号。' });
  });
});

describe('seal fields', () => {
  const seal: FieldSpec = { name: '印章', kind: 'seal', required: true };

  it('take a seal by name, id or one of its aliases, as the seal’s id', () => {
    expect(parseFieldValue(seal, '校章', ctx)).toEqual({ value: 'school' });
    expect(parseFieldValue(seal, 'legal', ctx)).toEqual({ value: 'legal' });
    expect(parseFieldValue(seal, ' 公章 ', ctx)).toEqual({ value: 'school' });
  });

  it('say which seal does not exist (the question that follows lists the seals)', () => {
    expect(parseFieldValue(seal, '公章X', ctx)).toEqual({ problem: '没有「公章X」这枚印章。' });
  });
});
