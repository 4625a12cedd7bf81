import type { OrgConfig } from './types.js';

/**
 * One line per setting the org file gives that nothing uses yet, for the log at start and on reload,
 * e.g. `rooms: 1 room (accepted, not used yet: meetings are not built)`.
 *
 * Spec 2.3 is a contract, so the loader accepts every key it shows, including some no feature reads
 * yet. An operator who writes 寒假 into `closures` should read that no reminder honours it, rather
 * than assume it does. Drop a line here when the feature it waits for lands. Pure.
 */
export function describeUnbuiltSettings(config: OrgConfig): string[] {
  const { archive } = config;
  const lines: string[] = [];
  const note = (setting: string, given: string, waitingFor: string) =>
    lines.push(`${setting}: ${given} (accepted, not used yet: ${waitingFor})`);

  // The calendar and the schedules are used; of the SLA numbers (always present: the defaults when
  // the file names none) only escalation and 催办 are.
  note(
    'sla',
    'document and meeting deadline numbers',
    'documents and meetings are not built (escalate_after_working_days and approval_reminder_hours are used)',
  );
  if (archive)
    note(
      'archive',
      `fonds ${archive.fonds}, ${count(Object.keys(archive.departmentCodes).length, 'department code')}`,
      'documents and 归档 (档号) are not built',
    );
  if (config.rooms.length > 0) note('rooms', count(config.rooms.length, 'room'), 'meetings are not built');
  if (config.documentSeries.length > 0)
    note(
      'document_series',
      config.documentSeries.map((series) => series.prefix).join(', '),
      'outgoing documents (发文字号) are not built',
    );
  return lines;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
