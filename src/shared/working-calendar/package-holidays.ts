import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/**
 * The PRC holiday arrangements of the `chinese-days` package: its published JSON (its README
 * offers it to other languages), not its functions. `isWorkday('2026-09-20')` parses the string
 * as UTC midnight and then reads it in the process's own zone, so west of UTC it answers for the
 * day before (TZ=America/New_York: `getDayDetail('2026-09-20').date` is '2026-09-19'). Plain
 * lookups by day string have no zone at all.
 *
 * 1.5.7 (the latest release in November 2026) covers 2004–2026; nothing for 2027 yet.
 */
const holidays = asDayTable(chineseDays.holidays, 'holidays');
const workdays = asDayTable(chineseDays.workdays, 'workdays');

/**
 * Years the package has an arrangement for. Every year since 2004 has at least 元旦, so a year with
 * no day off listed is a year the State Council had not published when the package was built.
 */
const coveredYears = new Set(Object.keys(holidays).map((day) => Number(day.slice(0, 4))));

export function packageCoversYear(year: number): boolean {
  return coveredYears.has(year);
}

/**
 * The package's decision for one day: true for a 调休 working day (2026-09-20, a Sunday), false for
 * a day off (2026-10-01), undefined for an ordinary day that follows Monday–Friday.
 */
export function packageDecision(day: string): boolean | undefined {
  if (Object.hasOwn(workdays, day)) return true;
  if (Object.hasOwn(holidays, day)) return false;
  return undefined;
}

/** Fails at import when a new release changes the file's shape, rather than treating every day as ordinary. */
function asDayTable(table: unknown, name: string): Record<string, string> {
  const isDayTable =
    typeof table === 'object' &&
    table !== null &&
    Object.keys(table).length > 0 &&
    Object.keys(table).every((day) => /^\d{4}-\d{2}-\d{2}$/.test(day));
  if (!isDayTable) throw new Error(`chinese-days: dist/chinese-days.json has no usable "${name}" table`);
  return table as Record<string, string>;
}
