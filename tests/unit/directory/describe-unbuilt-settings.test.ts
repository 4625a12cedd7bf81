import { describe, expect, it } from 'vitest';
import { describeUnbuiltSettings } from '../../../src/directory/describe-unbuilt-settings.js';
import { parseOrgFile } from '../../../src/directory/load-org-file.js';
import { orgText } from './org-file-text.js';

const SLA_LINE = 'sla: meeting_notice_days, minutes_due_hours (accepted, not used yet: meetings are not built)';

describe('describeUnbuiltSettings (the log lines at start)', () => {
  it('names only the SLA for a file that gives nothing else unbuilt: it always has values', () => {
    expect(describeUnbuiltSettings(parseOrgFile(orgText(), 'org.yaml'))).toEqual([SLA_LINE]);
  });

  it('names the rooms nothing uses yet, and not the calendar, the archive or the series (收文 and 发文 use them)', () => {
    const config = parseOrgFile(
      orgText(
        'rooms: [{ id: room1, name: 第一会议室, capacity: 20 }]',
        'document_series: [{ id: xiaofa, prefix: 校发 }, { id: xiaoban, prefix: 校办 }]',
        'archive: { fonds: "0194", department_codes: { office: BGS } }',
        'calendar:',
        '  extra_holidays: [2026-10-09, 2026-10-12]',
        '  extra_workdays: [2026-10-10]',
        '  closures: [{ from: 2027-01-25, to: 2027-02-20, name: 寒假 }]',
        '  holidays: { "2028": { off: [2028-01-01] }, "2027": { off: [2027-01-01] } }',
      ),
      'org.yaml',
    );
    // the calendar (a task's overdue working days), the 档号's archive and the 发文字号's series are used
    expect(describeUnbuiltSettings(config)).toEqual([
      SLA_LINE,
      'rooms: 1 room (accepted, not used yet: meetings are not built)',
    ]);
  });

  it('does not mention what is built: aliases and role steps are used by the seal workflow', () => {
    const config = parseOrgFile(
      orgText('seals: [{ id: school, name: 校章, aliases: [公章], keeper: liuqiang, approval: [role:office] }]'),
      'org.yaml',
    );
    expect(describeUnbuiltSettings(config).map((line) => line.split(':')[0])).toEqual(['sla']);
  });
});
