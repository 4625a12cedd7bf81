import { describe, expect, it } from 'vitest';
import { describeAcceptedForms, questionFor } from '../../../src/commands/parse/describe-field.js';
import type { FieldKind } from '../../../src/commands/types.js';

describe('describeAcceptedForms', () => {
  it('lists the datetime forms of spec 2.5', () => {
    expect(describeAcceptedForms({ name: '时间', kind: 'datetime' })).toBe('可写 2026-11-25 14:00、11月25日 14:00、明天下午3点、下周一、周五、3天后');
  });

  it('lists an enum’s options and a reference’s prefixes', () => {
    expect(describeAcceptedForms({ name: '类型', kind: 'enum', options: ['决策会', '协调会'] })).toBe('可选 决策会、协调会');
    expect(describeAcceptedForms({ name: '归档', kind: 'reference', refPrefixes: ['S', 'F'] })).toBe('可写编号，如 S12 或 F12');
  });

  it.each<FieldKind>(['text', 'int', 'date', 'duration', 'person', 'people', 'department', 'departments', 'people_or_departments'])(
    'has a hint for %s fields',
    (kind) => expect(describeAcceptedForms({ name: 'x', kind })).toMatch(/^可写 ?\S/),
  );
});

describe('questionFor', () => {
  it('asks for the field by name, shows the forms and says how to give up', () => {
    expect(questionFor({ name: '份数', kind: 'int' })).toBe('请提供「份数」。\n可写 3、3份、三\n（回复「取消」放弃这次操作）');
  });

  it('uses the field’s own question and shows an enum’s options', () => {
    expect(questionFor({ name: '密级', kind: 'enum', options: ['普通', '秘密', '机密'], question: '这份文件的密级是？' }))
      .toBe('这份文件的密级是？\n可选 普通、秘密、机密\n（回复「取消」放弃这次操作）');
  });
});
