import { describe, expect, it } from 'vitest';
import { describeAcceptedForms, questionFor } from '../../../src/commands/parse/describe-field.js';
import type { FieldKind } from '../../../src/kit/command-spec.js';
import { directory } from './fixtures.js';

describe('describeAcceptedForms', () => {
  it('lists the datetime forms of spec 2.5', () => {
    expect(describeAcceptedForms({ name: '时间', kind: 'datetime' })).toBe(
      '可写 2026-11-25 14:00、11月25日 14:00、明天下午3点、下周一、周五、3天后',
    );
  });

  it('lists an enum’s options and shows a reference of the first kind', () => {
    expect(describeAcceptedForms({ name: '类型', kind: 'enum', options: ['决策会', '协调会'] })).toBe(
      '可选 决策会、协调会',
    );
    expect(describeAcceptedForms({ name: '归档', kind: 'reference', refPrefixes: ['S', 'F'] })).toBe(
      '可写编号，如 S3（提交时回复的编号）',
    );
  });

  it.each<FieldKind>([
    'text',
    'int',
    'date',
    'duration',
    'person',
    'people',
    'department',
    'departments',
    'people_or_departments',
  ])('has a hint for %s fields', (kind) => expect(describeAcceptedForms({ name: 'x', kind })).toMatch(/^可写 ?\S/));
});

describe('questionFor', () => {
  it('asks for a required field by name with a question mark, shows the forms and says how to give up', () => {
    expect(questionFor({ name: '份数', kind: 'int', required: true })).toBe(
      '「份数」填什么？\n可写 3、3份、三\n（回复「取消」放弃）',
    );
  });

  it('ends the field’s own question with a question mark, shows an enum’s options, and offers 跳过 for an optional field', () => {
    expect(
      questionFor({ name: '密级', kind: 'enum', options: ['普通', '秘密', '机密'], question: '这份文件的密级是' }),
    ).toBe('这份文件的密级是？\n可选 普通、秘密、机密\n（回复「跳过」不填，回复「取消」放弃）');
  });

  it('lists the seals of the directory with the other names staff use', () => {
    expect(questionFor({ name: '印章', kind: 'seal', required: true, question: '要用哪枚印章？' }, directory)).toBe(
      '要用哪枚印章？\n可选 校章（公章、学校公章）、法人章\n（回复「取消」放弃）',
    );
  });
});
