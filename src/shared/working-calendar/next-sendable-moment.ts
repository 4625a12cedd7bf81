import type { CalendarParts } from './calendar-parts.js';

/**
 * Spec 4's quiet hours for messages the system times on its own: never 22:00–07:00, never on a day
 * that does not count (weekends, holidays, and closures, when the spec says "no reminders").
 * `at` itself when it may go; else 07:00 of the next counting day (or of today, before 07:00).
 */
export function nextSendableMoment({ rules, clock, windowOf }: CalendarParts, at: Date): Date {
  const atMs = at.getTime();
  const day = clock.dayOf(atMs);
  if (rules.countsForDeadlines(day)) {
    const { sendingOpens, sendingCloses } = windowOf(day);
    if (atMs < sendingOpens) return new Date(sendingOpens);
    if (atMs < sendingCloses) return new Date(atMs);
  }
  return new Date(windowOf(rules.nextCountingDay(day)).sendingOpens);
}
