import { describe, expect, it } from 'vitest';
import { describeUnbuiltSettings } from '../../../src/directory/describe-unbuilt-settings.js';
import { parseOrgFile } from '../../../src/directory/load-org-file.js';
import { orgText } from './org-file-text.js';

describe('describeUnbuiltSettings (the log lines at start)', () => {
  it('names nothing for a file that gives every setting: documents, meetings and the calendar use them all', () => {
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
    expect(describeUnbuiltSettings(config)).toEqual([]);
    expect(describeUnbuiltSettings(parseOrgFile(orgText(), 'org.yaml'))).toEqual([]);
  });
});
