import type { OrgConfig } from './types.js';

/**
 * One line per setting the org file gives that nothing uses yet, for the log at start and on reload,
 * e.g. `rooms: 1 room (accepted, not used yet: meetings are not built)`.
 *
 * Spec 2.3 is a contract, so the loader accepts every key it shows, including some no feature reads
 * yet. An operator who writes 寒假 into `closures` should read that no reminder honours it, rather
 * than assume it does. Add a line here when the contract gains a key before its feature, and drop it
 * when the feature lands. Pure.
 */
export function describeUnbuiltSettings(config: OrgConfig): string[] {
  // Every key is used today: the calendar and the schedules; `archive` (归档's 档号) and
  // `document_series` (发文字号) by 收文 and 发文; `rooms` by meetings; and every SLA number — 收文's,
  // 发文's, the meetings' (meeting_notice_days, minutes_due_hours), escalation's and 催办's.
  void config;
  return [];
}
