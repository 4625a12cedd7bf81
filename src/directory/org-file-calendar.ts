import type { ReferenceProblem } from './org-file-references.js';

/** The calendar part of the parsed file (spec 2.3 and 4), snake_case, dates already checked one by one. */
export interface RawCalendar {
  extra_holidays: string[];
  extra_workdays: string[];
  closures: { from: string; to: string; name: string }[];
  holidays: Record<string, { off: string[]; work: string[] }>;
}

/**
 * What the single dates cannot show: a day that is both off and a working day, a closure that ends
 * before it starts, a holiday year that is not a year or lists another year's dates. Working days
 * are counted from these (deadlines, reminders, the 1-5 in a cron), so a contradiction is refused
 * at load rather than decided silently one way.
 */
export function findCalendarProblems(calendar: RawCalendar): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const extraHolidays = new Set(calendar.extra_holidays);
  calendar.extra_workdays.forEach((date, index) => {
    if (extraHolidays.has(date))
      problems.push({
        path: ['calendar', 'extra_workdays', index],
        message: `${date} is also listed in extra_holidays`,
      });
  });

  calendar.closures.forEach((closure, index) => {
    // YYYY-MM-DD compares as text in date order
    if (closure.to < closure.from)
      problems.push({
        path: ['calendar', 'closures', index, 'to'],
        message: `${closure.name} ends (${closure.to}) before it starts (${closure.from})`,
      });
  });

  for (const [year, days] of Object.entries(calendar.holidays)) {
    if (!/^\d{4}$/.test(year)) {
      problems.push({
        path: ['calendar', 'holidays', year],
        message: `${JSON.stringify(year)} is not a year (write it as "2027")`,
      });
      continue;
    }
    for (const kind of ['off', 'work'] as const) {
      days[kind].forEach((date, index) => {
        if (!date.startsWith(`${year}-`))
          problems.push({ path: ['calendar', 'holidays', year, kind, index], message: `${date} is not in ${year}` });
      });
    }
    const off = new Set(days.off);
    days.work.forEach((date, index) => {
      if (off.has(date))
        problems.push({
          path: ['calendar', 'holidays', year, 'work', index],
          message: `${date} is listed both as off and as work`,
        });
    });
  }
  return problems;
}
