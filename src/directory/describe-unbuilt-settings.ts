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
  const lines: string[] = [];
  const note = (setting: string, given: string, waitingFor: string) =>
    lines.push(`${setting}: ${given} (accepted, not used yet: ${waitingFor})`);

  // The calendar, the schedules, `archive` (归档's 档号) and `document_series` (发文字号) are used;
  // of the SLA numbers (always present: the defaults when the file names none) all but the
  // meetings' are: 收文's, 发文's, escalation's and 催办's.
  note('sla', 'meeting_notice_days, minutes_due_hours', 'meetings are not built');
  if (config.rooms.length > 0) note('rooms', count(config.rooms.length, 'room'), 'meetings are not built');
  return lines;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
