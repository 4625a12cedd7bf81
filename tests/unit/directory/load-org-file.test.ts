import { describe, expect, it } from 'vitest';
import { orgText } from './org-file-text.js';
import { loadOrgFile, parseOrgFile } from '../../../src/directory/load-org-file.js';
import { DEFAULT_SCHEDULES, DEFAULT_SLA } from '../../../src/directory/org-file-schema.js';
import { OrgFileError } from '../../../src/directory/org-file-error.js';

const FIXTURES = 'tests/fixtures/org';

async function problemsOf(load: () => Promise<unknown> | unknown): Promise<string[]> {
  try {
    await load();
  } catch (error) {
    expect(error).toBeInstanceOf(OrgFileError);
    expect((error as OrgFileError).code).toBe('ORG_FILE_INVALID');
    return (error as OrgFileError).message.split('\n');
  }
  throw new Error('expected an OrgFileError, but the file loaded');
}

describe('loadOrgFile', () => {
  it('fills every default of a minimal file', async () => {
    const config = await loadOrgFile(`${FIXTURES}/minimal.yaml`, { defaultTimezone: 'Asia/Urumqi' });
    expect(config.org).toEqual({ id: 'tiny-school', name: '小学校', timezone: 'Asia/Urumqi' });
    expect(config.schedules).toEqual(DEFAULT_SCHEDULES);
    expect(config.sla).toEqual(DEFAULT_SLA);
    expect(config.sla.meeting_notice_days).toBe(3);
    expect(config.calendar).toEqual({ extraHolidays: [], extraWorkdays: [], closures: [], holidays: {} });
    expect(config.archive).toBeUndefined();
    expect(config.seals.map((seal) => seal.aliases)).toEqual([[]]);
    expect(config.rooms).toEqual([]);
    expect(config.documentSeries).toEqual([]);
    expect(config.people.map((person) => person.roles)).toEqual([
      ['staff', 'leader', 'principal'],
      ['staff', 'office_director'],
    ]);
    expect(config.people.every((person) => person.isActive)).toBe(true);
  });

  it('names file, path, line and problem for an unknown seal keeper', async () => {
    expect(await problemsOf(() => loadOrgFile(`${FIXTURES}/unknown-keeper.yaml`))).toEqual([
      `${FIXTURES}/unknown-keeper.yaml: seals[1].keeper (line 24): unknown userid "nobody"`,
    ]);
  });

  it('refuses a step that resolves to nobody, naming the seal, the step and the department', async () => {
    const problems = await problemsOf(() => loadOrgFile(`${FIXTURES}/step-resolves-to-nobody.yaml`));
    expect(problems).toEqual([
      `${FIXTURES}/step-resolves-to-nobody.yaml: seals[0].approval[0] (line 30): step "dept_head" of seal "legal" (法人章) resolves to nobody for department "academic" (教务处), which has members but no head`,
      `${FIXTURES}/step-resolves-to-nobody.yaml: seals[0].approval[2] (line 32): step "principal" of seal "legal" (法人章) resolves to nobody: no active person has the role principal`,
      `${FIXTURES}/step-resolves-to-nobody.yaml: seals[0].approval[3] (line 33): step "office_director" of seal "legal" (法人章) resolves to nobody: no active person has the role office_director`,
    ]);
    // 筹备组 has neither head nor leader, but nobody can apply from it.
    expect(problems.join('\n')).not.toContain('筹备组');
  });

  it('lists every problem of a file, one per line', async () => {
    const file = `${FIXTURES}/several-problems.yaml`;
    const problems = await problemsOf(() => loadOrgFile(file));
    expect(problems).toEqual(
      expect.arrayContaining([
        `${file}: org.id (line 2): must use only a-z, 0-9 and -`,
        `${file}: org.timezone (line 4): is not an IANA time zone (e.g. Asia/Shanghai)`,
        `${file}: people[0].roles[1] (line 17): is not a role (staff, office, office_director, leader, principal, seal_keeper, archivist, admin)`,
        `${file}: people[1].aproval (line 21): unknown key "aproval"`,
        `${file}: seals[0].approval[2] (line 26): is not an approval step (dept_head, dept_leader, principal, office_director, user:<userid> or role:<role>)`,
        `${file}: rooms[0].capacity (line 30): must be greater than 0`,
        `${file}: calendar.extra_holidays[0] (line 32): is not a date in the form YYYY-MM-DD`,
        `${file}: schedules.weekly_brief (line 34): is not a 5-field cron expression (minute hour day-of-month month day-of-week)`,
        `${file}: departments[1].id (line 10): duplicate id "office" (already used by departments[0])`,
        `${file}: departments[1].head (line 12): unknown userid "lihua"`,
        `${file}: people[0].departments[1] (line 16): unknown department "science"`,
        `${file}: seals[0].approval[1] (line 26): unknown userid "ghost"`,
      ]),
    );
    expect(problems).toHaveLength(12);
  });

  it('refuses a cron with a field out of range, as node-cron reads it, when the file loads', () => {
    expect(() => parseOrgFile(orgText('schedules: { weekly_brief: "61 16 * * 5" }'), 'org.yaml')).toThrow(
      /schedules\.weekly_brief.*is not a 5-field cron expression/,
    );
    expect(() => parseOrgFile(orgText('schedules: { weekly_brief: "5 16 * * 4" }'), 'org.yaml')).not.toThrow();
  });

  it('refuses a key written twice', async () => {
    expect(await problemsOf(() => loadOrgFile(`${FIXTURES}/duplicate-key.yaml`))).toEqual([
      `${FIXTURES}/duplicate-key.yaml: departments[0].head (line 8): key written twice (each key may appear only once)`,
    ]);
  });

  it('reports invalid YAML with its line', async () => {
    const [problem, ...rest] = await problemsOf(() => loadOrgFile(`${FIXTURES}/bad-syntax.yaml`));
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^tests\/fixtures\/org\/bad-syntax\.yaml: line 7: invalid YAML: .*Flow sequence/);
  });

  it('says so when the file is missing or empty', async () => {
    expect(await problemsOf(() => loadOrgFile(`${FIXTURES}/no-such-file.yaml`))).toEqual([
      `${FIXTURES}/no-such-file.yaml: file not found`,
    ]);
    expect(await problemsOf(() => parseOrgFile('# nothing yet\n', 'org.yaml'))).toEqual([
      'org.yaml: the file is empty',
    ]);
  });

  it('says what is missing and what has the wrong type', async () => {
    const text = [
      'org:',
      '  id: demo',
      'departments: office',
      'people:',
      '  - userid: wang',
      '    departments: [office]',
    ].join('\n');
    expect(await problemsOf(() => parseOrgFile(text, 'org.yaml'))).toEqual([
      'org.yaml: org.name (line 2): is required',
      'org.yaml: departments (line 3): should be a list, not "office"',
      'org.yaml: people[0].name (line 5): is required',
    ]);
  });

  it('accepts user:<userid> steps, partial sla and calendar overrides', () => {
    const text = [
      'org: { id: demo, name: 示范中学, timezone: Asia/Shanghai }',
      'departments: [{ id: office, name: 综合办公室, head: wang, leader: zhao, wecom_id: 3 }]',
      'people:',
      '  - { userid: zhao, name: 赵立, departments: [office], roles: [leader, principal] }',
      '  - { userid: wang, name: 王芳, departments: [office], roles: [office_director, staff] }',
      'seals: [{ id: school, name: 校章, keeper: wang, approval: [dept_head, "user:zhao"] }]',
      'calendar: { extra_holidays: [2026-10-09], extra_workdays: ["2026-10-10"] }',
      'sla: { approval_reminder_hours: 2 }',
    ].join('\n');
    const config = parseOrgFile(text, 'org.yaml');
    expect(config.seals[0]?.approval).toEqual(['dept_head', 'user:zhao']);
    expect(config.departments[0]?.wecomId).toBe(3);
    expect(config.calendar).toEqual({
      extraHolidays: ['2026-10-09'],
      extraWorkdays: ['2026-10-10'],
      closures: [],
      holidays: {},
    });
    expect(config.sla).toEqual({ ...DEFAULT_SLA, approval_reminder_hours: 2 });
    expect(config.people[1]?.roles).toEqual(['staff', 'office_director']);
  });
});
