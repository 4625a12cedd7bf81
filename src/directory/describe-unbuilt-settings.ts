import type { OrgConfig } from './types.js';

const NO_WORKING_DAYS = 'nothing counts working days before deadlines and schedules are built';

/**
 * One line per setting the org file gives that nothing uses yet, for the log at start and on reload,
 * e.g. `calendar.closures: 寒假 2027-01-25..2027-02-20 (accepted, not used yet: nothing counts …)`.
 *
 * Spec 2.3 is a contract, so the loader accepts every key it shows, including some no feature reads
 * yet. An operator who writes 寒假 into `closures` should read that no reminder honours it, rather
 * than assume it does. Drop a line here when the feature it waits for lands. Pure.
 */
export function describeUnbuiltSettings(config: OrgConfig): string[] {
  const { calendar, archive } = config;
  const lines: string[] = [];
  const note = (setting: string, given: string, waitingFor: string) =>
    lines.push(`${setting}: ${given} (accepted, not used yet: ${waitingFor})`);

  if (calendar.extraHolidays.length > 0)
    note('calendar.extra_holidays', count(calendar.extraHolidays.length, 'date'), NO_WORKING_DAYS);
  if (calendar.extraWorkdays.length > 0)
    note('calendar.extra_workdays', count(calendar.extraWorkdays.length, 'date'), NO_WORKING_DAYS);
  if (calendar.closures.length > 0) {
    note(
      'calendar.closures',
      calendar.closures.map((closure) => `${closure.name} ${closure.from}..${closure.to}`).join(', '),
      NO_WORKING_DAYS,
    );
  }
  const years = Object.keys(calendar.holidays).sort();
  if (years.length > 0) note('calendar.holidays', years.join(', '), NO_WORKING_DAYS);
  // Schedules and SLA always have values (the defaults when the file names none), and neither runs yet.
  note(
    'schedules',
    Object.entries(config.schedules)
      .map(([job, cron]) => `${job} "${cron}"`)
      .join(', '),
    'the scheduled brief, summary, scan and digest are not built, so nothing is sent at these times',
  );
  note('sla', 'deadline and reminder numbers', 'no deadline, 催办 or escalation is built');
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
