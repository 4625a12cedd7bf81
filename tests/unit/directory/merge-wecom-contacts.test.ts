import { describe, expect, it } from 'vitest';
import { parseOrgFile } from '../../../src/directory/load-org-file.js';
import { mergeWecomContacts } from '../../../src/directory/merge-wecom-contacts.js';
import type { WecomDepartment, WecomUser } from '../../../src/wecom/types.js';

const config = parseOrgFile(
  [
    'org: { id: demo, name: 示范中学 }',
    'departments:',
    '  - { id: leadership, name: 校领导, head: zhaoli, leader: zhaoli }',
    '  - { id: office, name: 综合办公室, head: wangfang, leader: zhaoli }',
    '  - { id: academic, name: 教务处, head: lihua, leader: zhaoli, wecom_id: 30 }',
    'people:',
    '  - { userid: zhaoli, name: 赵立, departments: [leadership], roles: [leader, principal] }',
    '  - { userid: wangfang, name: 王芳, departments: [office], roles: [office, office_director] }',
    '  - { userid: liuqiang, name: 刘强, departments: [office], roles: [seal_keeper] }',
    '  - { userid: lihua, name: 李华, departments: [academic] }',
    'seals: [{ id: school, name: 校章, keeper: liuqiang, approval: [dept_head, dept_leader] }]',
  ].join('\n'),
  'org.yaml',
);

const department = (id: number, name: string, extra: Partial<WecomDepartment> = {}): WecomDepartment => ({
  id,
  name,
  parentid: 1,
  ...extra,
});
const user = (userid: string, name: string, departmentIds: number[], extra: Partial<WecomUser> = {}): WecomUser => ({
  userid,
  name,
  department: departmentIds,
  status: 1,
  ...extra,
});

describe('mergeWecomContacts', () => {
  const wecomDepartments = [
    department(2, '校领导'),
    department(20, '综合办公室'),
    department(30, '教务处（教学管理）'),
    department(40, '高二年级组', { department_leader: ['ghost', 'sunli'] }),
  ];
  const wecomUsers = [
    user('zhaoli', '赵立', [2]),
    user('wangfang', '王芳', [20], { position: '办公室主任' }),
    user('liuqiang', '刘强', [20], { status: 5 }),
    user('lihua', '李华', [30]),
    user('lihua', '李华', [40]), // listed again under the second department
    user('sunli', '孙丽', [40], { position: '高二年级组长' }),
    user('zhaoyang', '赵阳', [40, 99]),
  ];
  const { config: merged, report } = mergeWecomContacts(config, wecomDepartments, wecomUsers);

  it('matches departments by wecom_id, else by exact name, and adds the rest as wecom-<id>', () => {
    expect(merged.departments).toEqual([
      { id: 'leadership', name: '校领导', head: 'zhaoli', leader: 'zhaoli', wecomId: 2 },
      { id: 'office', name: '综合办公室', head: 'wangfang', leader: 'zhaoli', wecomId: 20 },
      // bound by wecom_id: WeCom's name wins
      { id: 'academic', name: '教务处（教学管理）', head: 'lihua', leader: 'zhaoli', wecomId: 30 },
      // no head in the file: the first active department_leader WeCom names
      { id: 'wecom-40', name: '高二年级组', head: 'sunli', wecomId: 40 },
    ]);
    expect(report.departmentsMatched).toBe(3);
    expect(report.departmentsAdded).toBe(1);
  });

  it('takes names, membership and status from WeCom, roles from the file', () => {
    const byId = new Map(merged.people.map((person) => [person.userId, person]));
    expect(byId.get('lihua')).toEqual({
      userId: 'lihua',
      name: '李华',
      departmentIds: ['academic', 'wecom-40'],
      roles: ['staff'],
      isActive: true,
    });
    expect(byId.get('wangfang')).toMatchObject({
      roles: ['staff', 'office', 'office_director'],
      position: '办公室主任',
      isActive: true,
    });
    expect(byId.get('liuqiang')).toMatchObject({ roles: ['staff', 'seal_keeper'], isActive: false });
    expect(byId.get('sunli')).toEqual({
      userId: 'sunli',
      name: '孙丽',
      departmentIds: ['wecom-40'],
      roles: ['staff'],
      position: '高二年级组长',
      isActive: true,
    });
    expect(byId.get('zhaoyang')?.departmentIds).toEqual(['wecom-40']);
    expect(report).toMatchObject({ peopleUpdated: 3, peopleAdded: 2, peopleDeactivated: 1 });
  });

  it('warns about what it could not place and about chains that now stall', () => {
    expect(report.warnings).toEqual([
      'zhaoyang (赵阳) belongs to WeCom department(s) 99, which were not listed',
      'seal school (校章): step dept_leader resolves to nobody for department wecom-40 (高二年级组); add its leader to the org file',
    ]);
  });

  it('never gives a WeCom user a role, even one the file once gave somebody of that name', () => {
    const { config: result } = mergeWecomContacts(config, wecomDepartments, [
      ...wecomUsers,
      user('admin', '王芳', [20]),
    ]);
    expect(result.people.find((person) => person.userId === 'admin')?.roles).toEqual(['staff']);
  });

  it('marks people the file lists but WeCom does not as inactive, with a warning', () => {
    const { config: result, report: partial } = mergeWecomContacts(
      config,
      wecomDepartments,
      wecomUsers.filter((u) => u.userid !== 'wangfang'),
    );
    expect(result.people.find((person) => person.userId === 'wangfang')?.isActive).toBe(false);
    expect(partial.peopleDeactivated).toBe(2);
    expect(partial.warnings).toContain('wangfang (王芳) is in the org file but not in WeCom contacts; marked inactive');
  });

  it('does not bind a department written with another wecom_id by name, and leaves the input untouched', () => {
    const { config: result, report: renamed } = mergeWecomContacts(config, [department(31, '教务处')], []);
    expect(result.departments.map((d) => d.id)).toEqual(['leadership', 'office', 'academic', 'wecom-31']);
    expect(renamed.warnings).toContain('department academic (教务处) has wecom_id 30, which WeCom did not list');
    expect(config.departments[2]).toEqual({
      id: 'academic',
      name: '教务处',
      head: 'lihua',
      leader: 'zhaoli',
      wecomId: 30,
    });
    expect(config.people.every((person) => person.isActive)).toBe(true);
  });
});
