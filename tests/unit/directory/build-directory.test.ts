import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../../src/directory/build-directory.js';
import { parseOrgFile } from '../../../src/directory/load-org-file.js';

const config = parseOrgFile(
  [
    'org: { id: demo, name: 示范中学 }',
    'departments:',
    '  - { id: office, name: 综合办公室, head: wangfang, leader: zhaoli }',
    '  - { id: academic, name: 教务处, head: lihua, leader: zhaoli }',
    'people:',
    '  - { userid: zhaoli, name: 赵立, departments: [office], roles: [leader, principal] }',
    '  - { userid: wangfang, name: 王芳, departments: [office], roles: [office, office_director] }',
    '  - { userid: lihua, name: 李华, departments: [academic] }',
    '  - { userid: lihua2, name: 李华, departments: [office] }',
    '  - { userid: lihua3, name: 李华, departments: [office], roles: [office], active: false }',
    'seals: [{ id: school, name: 校章, keeper: wangfang, approval: [dept_head] }]',
    'rooms: [{ id: room1, name: 第一会议室, capacity: 20 }]',
  ].join('\n'),
  'org.yaml',
);

describe('buildDirectory', () => {
  const directory = buildDirectory(config);

  it('finds people and departments by id and name', () => {
    expect(directory.orgId).toBe('demo');
    expect(directory.person('wangfang')?.name).toBe('王芳');
    expect(directory.person('nobody')).toBeUndefined();
    expect(directory.department('academic')?.head).toBe('lihua');
    expect(directory.departmentNamed('教务处')?.id).toBe('academic');
    expect(directory.departmentNamed('后勤处')).toBeUndefined();
  });

  it('names only active people, all of them when a name is shared', () => {
    expect(directory.peopleNamed('李华').map((person) => person.userId)).toEqual(['lihua', 'lihua2']);
    expect(directory.activePeople().map((person) => person.userId)).not.toContain('lihua3');
  });

  it('gives roles only to active people', () => {
    expect(directory.peopleWithRole('office').map((person) => person.userId)).toEqual(['wangfang']);
    expect(directory.hasRole('lihua3', 'office')).toBe(false);
    expect(directory.hasRole('zhaoli', 'principal')).toBe(true);
    expect(directory.hasRole('lihua', 'staff')).toBe(true);
    expect(directory.hasRole('nobody', 'staff')).toBe(false);
  });

  it('finds seals and rooms by id or name', () => {
    expect(directory.seal('school')?.name).toBe('校章');
    expect(directory.seal('校章')?.id).toBe('school');
    expect(directory.seal('法人章')).toBeUndefined();
    expect(directory.room('第一会议室')?.capacity).toBe(20);
    expect(directory.room('room1')?.name).toBe('第一会议室');
  });

  it("carries the org file's calendar in the org's time zone (spec 4)", () => {
    const withCalendar = buildDirectory({
      ...config,
      org: { ...config.org, timezone: 'America/New_York' },
      calendar: { ...config.calendar, extraHolidays: ['2026-12-07'], extraWorkdays: ['2026-11-28'] },
    });
    expect(withCalendar.calendar.timezone).toBe('America/New_York');
    expect(withCalendar.calendar.endOfWorkingDay('2026-12-04')).toEqual(new Date('2026-12-04T23:00:00Z'));
    expect(withCalendar.calendar.isWorkingDay('2026-12-07')).toBe(false);
    expect(withCalendar.calendar.isWorkingDay('2026-11-28')).toBe(true);
    expect(directory.calendar.isWorkingDay('2026-12-07')).toBe(true);
    expect(directory.calendar.isWorkingDay('2026-10-10')).toBe(true); // 调休, from chinese-days
  });
});
