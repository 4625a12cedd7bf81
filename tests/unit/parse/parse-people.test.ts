import { describe, expect, it } from 'vitest';
import { parseFieldValue } from '../../../src/commands/parse/parse-field-value.js';
import type { FieldSpec } from '../../../src/kit/command-spec.js';
import { buildContext } from './fixtures.js';

const ctx = buildContext();
const owner: FieldSpec = { name: '负责', kind: 'person' };
const readers: FieldSpec = { name: '人员', kind: 'people' };
const lead: FieldSpec = { name: '承办', kind: 'department' };
const cosigners: FieldSpec = { name: '会签', kind: 'departments' };
const attendees: FieldSpec = { name: '参会', kind: 'people_or_departments' };

describe('person fields', () => {
  it('accept @姓名, @userid and a bare name that is unique', () => {
    expect(parseFieldValue(owner, '@李华', ctx)).toEqual({ value: 'lihua' });
    expect(parseFieldValue(owner, '@lihua', ctx)).toEqual({ value: 'lihua' });
    expect(parseFieldValue(owner, '＠LiHua', ctx)).toEqual({ value: 'lihua' });
    expect(parseFieldValue(owner, '李华', ctx)).toEqual({ value: 'lihua' });
    expect(parseFieldValue(owner, 'wangfang2', ctx)).toEqual({ value: 'wangfang2' });
  });

  it('never guess between two people with one name', () => {
    expect(parseFieldValue(owner, '王芳', ctx)).toEqual({
      problem:
        '负责：「王芳」有2位：王芳（综合办公室，@wangfang）、王芳（教务处，@wangfang2），请用 @企业微信账号 指明是哪一位。',
    });
    expect(parseFieldValue(owner, '@王芳', ctx)).toHaveProperty('problem');
  });

  it('say who could not be found', () => {
    expect(parseFieldValue(owner, '王五', ctx)).toEqual({ problem: '负责：没有找到「王五」。' });
  });

  it('do not find people who have left', () => {
    expect(parseFieldValue(owner, '@zhangsan', ctx)).toEqual({ problem: '负责：没有找到「zhangsan」。' });
    expect(parseFieldValue(owner, '张三', ctx)).toEqual({ problem: '负责：没有找到「张三」。' });
  });

  it('take one person only', () => {
    expect(parseFieldValue(owner, '@李华 @刘强', ctx)).toEqual({
      problem: '负责只能写一个人，收到了2个：李华、刘强。',
    });
  });
});

describe('people fields', () => {
  it.each([
    ['@李华 @刘强'],
    ['@李华@刘强'],
    ['李华、刘强'],
    ['李华,刘强'],
    ['李华，刘强'],
    ['李华；刘强'],
    ['@李华\u2005@刘强'],
  ])('read %s as two people, in order', (raw) => {
    expect(parseFieldValue(readers, raw, ctx)).toEqual({ value: ['lihua', 'liuqiang'] });
  });

  it('drop a person named twice, keeping the order', () => {
    expect(parseFieldValue(readers, '@刘强 李华 @liuqiang', ctx)).toEqual({ value: ['liuqiang', 'lihua'] });
  });

  it('report every name that could not be used, not just the first', () => {
    expect(parseFieldValue(readers, '李华 王五 王芳', ctx)).toEqual({
      problem:
        '人员：没有找到「王五」；「王芳」有2位：王芳（综合办公室，@wangfang）、王芳（教务处，@wangfang2），请用 @企业微信账号 指明是哪一位。',
    });
  });
});

describe('department fields', () => {
  it('accept a department by name or by id', () => {
    expect(parseFieldValue(lead, '教务处', ctx)).toEqual({ value: 'academic' });
    expect(parseFieldValue(lead, 'general', ctx)).toEqual({ value: 'general' });
    expect(parseFieldValue(cosigners, '教务处、总务处 教务处', ctx)).toEqual({ value: ['academic', 'general'] });
  });

  it('say which department could not be found', () => {
    expect(parseFieldValue(cosigners, '教务处、教学处', ctx)).toEqual({ problem: '会签：没有找到部门「教学处」。' });
  });
});

describe('people-or-department fields', () => {
  it('split people from departments', () => {
    expect(parseFieldValue(attendees, '教务处 @赵立 刘强、总务处', ctx)).toEqual({
      value: { userIds: ['zhaoli', 'liuqiang'], departmentIds: ['academic', 'general'] },
    });
  });

  it('name what is neither a person nor a department', () => {
    expect(parseFieldValue(attendees, '教务处 后勤组', ctx)).toEqual({ problem: '参会：没有找到「后勤组」。' });
  });
});
