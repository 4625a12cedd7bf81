import { describe, expect, it } from 'vitest';
import { parseOrgFile } from '../../../src/directory/load-org-file.js';
import { DEFAULT_SCHEDULES, DEFAULT_SLA } from '../../../src/directory/org-file-schema.js';
import { orgText, problemsOf } from './org-file-text.js';

describe('calendar (spec 2.3 and 4: closures and holiday years)', () => {
  it("carries closures and holiday years in the forms the spec's comments show", () => {
    const config = parseOrgFile(
      orgText(
        'calendar:',
        '  extra_holidays: [2026-10-09]',
        '  closures: [{ from: 2027-01-25, to: 2027-02-20, name: 寒假 }, { from: 2027-07-10, to: 2027-07-10, name: 校庆 }]',
        '  holidays: { "2027": { off: [2027-01-01, 2027-02-06], work: [2027-02-14] }, 2028: { off: [2028-01-01] } }',
      ),
      'org.yaml',
    );
    expect(config.calendar).toEqual({
      extraHolidays: ['2026-10-09'],
      extraWorkdays: [],
      closures: [
        { from: '2027-01-25', to: '2027-02-20', name: '寒假' },
        { from: '2027-07-10', to: '2027-07-10', name: '校庆' },
      ],
      holidays: {
        2027: { off: ['2027-01-01', '2027-02-06'], work: ['2027-02-14'] },
        2028: { off: ['2028-01-01'], work: [] },
      },
    });
  });

  it('defaults to no closures and no holiday years', () => {
    expect(parseOrgFile(orgText(), 'org.yaml').calendar).toEqual({
      extraHolidays: [],
      extraWorkdays: [],
      closures: [],
      holidays: {},
    });
    expect(parseOrgFile(orgText('calendar: { extra_workdays: [2026-10-10] }'), 'org.yaml').calendar).toEqual({
      extraHolidays: [],
      extraWorkdays: ['2026-10-10'],
      closures: [],
      holidays: {},
    });
  });

  it('refuses malformed closures and holiday years, each with its path and line', async () => {
    const text = orgText(
      'calendar:', // line 11
      '  closures:',
      '    - { from: 2027-01-25, to: 2027-02-30, name: 寒假 }', // line 13
      '    - { from: 2027-07-01, name: 暑假, reason: 放假 }',
      '  holidays:',
      '    "2027":',
      '      off: [2027-13-01]', // line 17
      '      rest: [2027-01-02]',
    );
    expect(await problemsOf(() => parseOrgFile(text, 'org.yaml'))).toEqual([
      'org.yaml: calendar.closures[0].to (line 13): is not a date in the form YYYY-MM-DD',
      'org.yaml: calendar.closures[1].to (line 14): is required',
      'org.yaml: calendar.closures[1].reason (line 14): unknown key "reason"',
      'org.yaml: calendar.holidays.2027.off[0] (line 17): is not a date in the form YYYY-MM-DD',
      'org.yaml: calendar.holidays.2027.rest (line 18): unknown key "rest"',
    ]);
  });

  it('refuses a closure that ends before it starts, a day both off and work, a date of another year, and a key that is not a year', async () => {
    const text = orgText(
      'calendar:', // line 11
      '  extra_holidays: [2026-10-09]',
      '  extra_workdays: [2026-10-09]', // line 13
      '  closures:',
      '    - from: 2027-02-20',
      '      to: 2027-01-25', // line 16
      '      name: 寒假',
      '  holidays:',
      '    "2027":',
      '      off: [2027-10-01, 2026-10-01]', // line 20
      '      work: [2027-10-01]',
      '    next: { off: [] }', // line 22
    );
    expect(await problemsOf(() => parseOrgFile(text, 'org.yaml'))).toEqual([
      'org.yaml: calendar.extra_workdays[0] (line 13): 2026-10-09 is also listed in extra_holidays',
      'org.yaml: calendar.closures[0].to (line 16): 寒假 ends (2027-01-25) before it starts (2027-02-20)',
      'org.yaml: calendar.holidays.2027.off[1] (line 20): 2026-10-01 is not in 2027',
      'org.yaml: calendar.holidays.2027.work[0] (line 21): 2027-10-01 is listed both as off and as work',
      'org.yaml: calendar.holidays.next (line 22): "next" is not a year (write it as "2027")',
    ]);
  });
});

describe('sla and schedules (spec 2.3 defaults)', () => {
  it('default 拟办 to 2 working days, overridable alone', () => {
    expect(DEFAULT_SLA.proposal_working_days).toBe(2);
    expect(parseOrgFile(orgText(), 'org.yaml').sla.proposal_working_days).toBe(2);
    expect(parseOrgFile(orgText('sla: { proposal_working_days: 1 }'), 'org.yaml').sla).toEqual({
      ...DEFAULT_SLA,
      proposal_working_days: 1,
    });
  });

  it('refuses a proposal deadline that is not a positive number', async () => {
    expect(await problemsOf(() => parseOrgFile(orgText('sla:', '  proposal_working_days: 0'), 'org.yaml'))).toEqual([
      'org.yaml: sla.proposal_working_days (line 12): must be greater than 0',
    ]);
  });

  it('run a few minutes off :00 and :30 unless the file says otherwise', () => {
    expect(DEFAULT_SCHEDULES).toEqual({
      weekly_brief: '5 16 * * 5',
      daily_seal_summary: '35 17 * * 1-5',
      overdue_scan: '5 9 * * 1-5',
      personal_digest: '25 8 * * 1-5',
    });
    expect(parseOrgFile(orgText('schedules: { weekly_brief: "10 15 * * 5" }'), 'org.yaml').schedules).toEqual({
      ...DEFAULT_SCHEDULES,
      weekly_brief: '10 15 * * 5',
    });
  });
});
