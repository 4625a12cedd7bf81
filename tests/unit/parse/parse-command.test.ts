import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/commands/parse/parse-command.js';
import { buildContext, commentSpec, meetingSpec, sealSpec, stampedSpec, statusSpec } from './fixtures.js';

const ctx = buildContext();
const parseSeal = (rest: string) => parseCommand(rest, sealSpec, ctx);

describe('parseCommand fields', () => {
  it('reads every field of a complete seal request', () => {
    const parsed = parseSeal('事由:招生宣传 文件:招生简章 份数:3份 印章:校章 时间:明天下午3点 关联:f2');
    expect(parsed.values).toEqual({
      事由: '招生宣传',
      文件: '招生简章',
      份数: 3,
      印章: 'school',
      时间: new Date('2026-11-23T07:00:00Z'),
      关联: 'F2',
    });
    expect(parsed.missing).toEqual([]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.freeText).toBe('');
  });

  it('accepts both colons and every separator', () => {
    const expected = { 事由: '招生宣传', 文件: '招生简章', 份数: 3, 印章: 'school' };
    expect(parseSeal('事由：招生宣传，文件:招生简章,份数：3；印章:校章').values).toEqual(expected);
    expect(parseSeal('事由 ：招生宣传;文件：招生简章 ， 份数:3\n印章：校章').values).toEqual(expected);
  });

  it('lets a value hold spaces and commas until the next label', () => {
    const parsed = parseSeal('事由: 2027 届招生宣传, 请尽快 文件:招生简章 第二版 份数:3 印章:校章');
    expect(parsed.values['事由']).toBe('2027 届招生宣传, 请尽快');
    expect(parsed.values['文件']).toBe('招生简章 第二版');
  });

  it('ends a value at a label the command does not have, and names that label with the fields that exist', () => {
    const parsed = parseSeal('事由:招生宣传 文件:招生简章 份数:3 印章:校章 备注:急');
    expect(parsed.values['印章']).toBe('school');
    expect(parsed.problems).toEqual([
      {
        kind: 'unknown_field',
        field: '备注',
        message: '「备注」不是「用印」能写的内容。可以写：事由、文件、份数、印章、时间、关联。',
      },
    ]);
    expect(parsed.missing).toEqual([]);
  });

  it('names every unknown label once, in the head of a command that takes no free text too', () => {
    const parsed = parseSeal('备注:急 事由:招生宣传，附言：请尽快 文件:简章 备注:再说一遍');
    expect(parsed.values['事由']).toBe('招生宣传');
    expect(parsed.values['文件']).toBe('简章');
    expect(parsed.problems.map((problem) => problem.message)).toEqual([
      '「备注」「附言」不是「用印」能写的内容。可以写：事由、文件、份数、印章、时间、关联。',
    ]);
  });

  it('does not take times, addresses or a label right at the start of a value for unknown labels', () => {
    const parsed = parseSeal('事由: 注意:见附件 http://oa.example/x 文件:简章 时间:明天 14:00');
    expect(parsed.values['事由']).toBe('注意:见附件 http://oa.example/x');
    expect(parsed.values['时间']).toEqual(new Date('2026-11-23T06:00:00Z'));
    expect(parsed.problems).toEqual([]);
  });

  it('does not take a field name inside a word for a field', () => {
    expect(parseSeal('事由:补发相关文件:通知 文件:通知 份数:1 印章:校章').values['事由']).toBe('补发相关文件:通知');
  });

  it('keeps the last value of a field given twice', () => {
    expect(parseSeal('份数:3 份数:5').values['份数']).toBe(5);
  });

  it('reads field aliases under the canonical name', () => {
    const parsed = parseCommand(
      '主题:教学检查 时间:周五下午3点 地点:第一会议室 参会:教务处 记录:@李华',
      meetingSpec,
      ctx,
    );
    expect(parsed.values['记录人']).toBe('lihua');
  });

  it('fills absent fields from their defaults', () => {
    const parsed = parseCommand('主题:教学检查 时间:周五下午3点 地点:第一会议室 参会:教务处 @李华', meetingSpec, ctx);
    expect(parsed.values).toEqual({
      主题: '教学检查',
      时间: new Date('2026-11-27T07:00:00Z'),
      地点: '第一会议室',
      参会: { userIds: ['lihua'], departmentIds: ['academic'] },
      时长: 60,
      类型: '协调会',
    });
    expect(parsed.problems).toEqual([]);
  });

  it('lists the required fields not given, in the spec’s order, treating an empty value as not given', () => {
    const parsed = parseSeal('印章:校章 事由:招生宣传 份数:');
    expect(parsed.missing.map((field) => field.name)).toEqual(['文件', '份数']);
    expect(parsed.problems).toEqual([]);
  });

  it('reports a value it cannot read in one line, keeps the others, and does not also count the field as missing', () => {
    const parsed = parseSeal('事由:招生宣传 文件:简章 份数:0 印章:公章X 时间:改天');
    expect(parsed.problems).toEqual([
      { kind: 'field', field: '份数', message: '份数「0」不是正整数。' },
      { kind: 'field', field: '印章', message: '没有「公章X」这枚印章。' },
      { kind: 'field', field: '时间', message: '时间「改天」看不懂。' },
    ]);
    expect(parsed.missing).toEqual([]);
    expect(parsed.values).toEqual({ 事由: '招生宣传', 文件: '简章' });
  });

  it('reports a past planned time as past', () => {
    expect(parseSeal('时间:昨天下午3点').problems).toEqual([
      {
        kind: 'field',
        field: '时间',
        message: '时间「昨天下午3点」已经过去了，请填写今后的时间，例如「明天上午9点」。',
      },
    ]);
  });
});

describe('parseCommand free text', () => {
  it('keeps the text before the first field', () => {
    const parsed = parseCommand('  期中 教学检查 ， 主题:检查', meetingSpec, ctx);
    expect(parsed.freeText).toBe('期中 教学检查');
    expect(parsed.values['主题']).toBe('检查');
  });

  it('reports free text a command does not take, instead of dropping it', () => {
    const parsed = parseSeal('明天要盖章 事由:招生宣传');
    expect(parsed.freeText).toBe('明天要盖章');
    expect(parsed.problems).toEqual([
      {
        kind: 'stray_text',
        field: '内容',
        message: '没看懂「明天要盖章」：「用印」的内容要写成「名称:值」，如「事由:…」。',
      },
    ]);
  });

  it('asks for the text a command requires', () => {
    expect(parseCommand('S3', commentSpec, ctx).problems).toEqual([
      { kind: 'missing_text', field: '内容', message: '「批示」后面要写内容，例如 批示 S3 同意，请教务处牵头办理' },
    ]);
  });

  it('says what a command without fields did not use', () => {
    expect(parseCommand('Y3 备注:急', statusSpec, ctx).problems).toEqual([
      { kind: 'stray_text', field: '内容', message: '「查询」后面写编号就可以，「备注:急」没有用上。' },
    ]);
  });
});

describe('parseCommand references', () => {
  it('reads the reference after the keyword, in any case, before free text and fields', () => {
    expect(parseCommand('y12 份数:3', stampedSpec, ctx)).toMatchObject({
      ref: 'Y12',
      freeText: '',
      values: { 份数: 3 },
      problems: [],
    });
    expect(parseCommand('S3 同意，请教务处牵头办理', commentSpec, ctx)).toMatchObject({
      ref: 'S3',
      freeText: '同意，请教务处牵头办理',
      problems: [],
    });
    expect(parseCommand('S3同意', commentSpec, ctx)).toMatchObject({ ref: 'S3', freeText: '同意' });
    expect(parseCommand('h7', statusSpec, ctx)).toMatchObject({ ref: 'H7', problems: [] });
  });

  it('counts a missing required reference as a missing field, asked first, and keeps the fields', () => {
    const parsed = parseCommand('份数:3', stampedSpec, ctx);
    expect(parsed.ref).toBeUndefined();
    expect(parsed.missing.map((field) => [field.name, field.kind, field.refPrefixes])).toEqual([
      ['编号', 'reference', ['Y']],
    ]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.values).toEqual({ 份数: 3 });
  });

  it('says a reference of the wrong kind cannot be used', () => {
    expect(parseCommand('F3 份数:3', stampedSpec, ctx).problems).toEqual([
      { kind: 'field', field: '编号', message: '「F3」不是「已用印」能用的编号（要 Y 开头）。' },
    ]);
  });
});
