import { expect } from 'vitest';
import { OrgFileError } from '../../../src/directory/org-file-error.js';

/**
 * A valid school of 10 lines (so what a test appends starts at line 11): 综合办公室 with four office
 * people, 教务处 headed by 李华, 赵立 leader and principal.
 */
export const BASE_ORG = [
  'org: { id: demo, name: 示范中学 }',
  'departments:',
  '  - { id: office, name: 综合办公室, head: wangfang, leader: zhaoli }',
  '  - { id: academic, name: 教务处, head: lihua, leader: zhaoli }',
  'people:',
  '  - { userid: zhaoli, name: 赵立, departments: [office], roles: [leader, principal] }',
  '  - { userid: wangfang, name: 王芳, departments: [office], roles: [office, office_director] }',
  '  - { userid: yangxue, name: 杨雪, departments: [office], roles: [office] }',
  '  - { userid: liuqiang, name: 刘强, departments: [office], roles: [office, seal_keeper] }',
  '  - { userid: lihua, name: 李华, departments: [academic] }',
];

/** BASE_ORG followed by `lines`, as one file. */
export function orgText(...lines: string[]): string {
  return [...BASE_ORG, ...lines].join('\n');
}

/** The problem lines of the OrgFileError that `load` throws; fails the test when it loads instead. */
export async function problemsOf(load: () => Promise<unknown> | unknown): Promise<string[]> {
  try {
    await load();
  } catch (error) {
    expect(error).toBeInstanceOf(OrgFileError);
    return (error as OrgFileError).message.split('\n');
  }
  throw new Error('expected an OrgFileError, but the file loaded');
}
