import { schedulesOf, SCHEDULE_NAMES } from './schedule-names.js';
import { latestDuePeriod, type DuePeriod } from './schedule-periods.js';
import { scheduleTiming } from './schedule-timing.js';
import { runSchedule, type ScheduleDeps, type ScheduleRunOutcome } from './run-schedule.js';
import type { ScheduleName } from './schedule-names.js';

/** A period older than this is not sent late: a week-old daily summary helps nobody. */
export const CATCH_UP_WINDOW_MS = 7 * 86_400_000;

/**
 * Runs, once and marked late (迟发), each schedule's latest period due at `now` that has no run
 * record: what fell due while every worker was down (called at start), or in the time the demo
 * clock skipped (called with `since`, the time before it moved).
 *
 * A period qualifies when it is within {@link CATCH_UP_WINDOW_MS} and either fell due after `since`
 * or after the organisation's first recorded run. The second condition keeps a fresh installation
 * from sending last week's brief on its first start: nothing was missed before the service ever ran.
 */
export async function catchUpSchedules(
  deps: ScheduleDeps,
  orgId: string,
  now: Date,
  options: { since?: Date } = {},
): Promise<ScheduleRunOutcome[]> {
  const org = deps.orgs.get(orgId);
  if (!org) return [];
  const crons = schedulesOf(org.directory.config);
  const [first] = await deps.prisma.$queryRaw<{ firstRunAt: Date | null }[]>`
    SELECT min(scheduled_at) AS "firstRunAt" FROM schedule_run WHERE org_id = ${orgId}`;
  const firstRunAt = first?.firstRunAt ?? undefined;
  const isMissed = (period: DuePeriod): boolean =>
    now.getTime() - period.scheduledAt.getTime() <= CATCH_UP_WINDOW_MS &&
    ((options.since !== undefined && period.scheduledAt > options.since) ||
      (firstRunAt !== undefined && period.scheduledAt > firstRunAt));

  const missed: { schedule: ScheduleName; period: DuePeriod }[] = [];
  for (const schedule of SCHEDULE_NAMES) {
    const period = latestDuePeriod(scheduleTiming(crons[schedule]), org.directory.calendar, now);
    if (!period || !isMissed(period)) continue;
    const recorded = await deps.prisma.scheduleRun.findUnique({
      where: { orgId_schedule_periodKey: { orgId, schedule, periodKey: period.periodKey } },
      select: { periodKey: true },
    });
    if (!recorded) missed.push({ schedule, period });
  }
  // in the order they fell due, as they would have run
  missed.sort((a, b) => a.period.scheduledAt.getTime() - b.period.scheduledAt.getTime());
  const outcomes: ScheduleRunOutcome[] = [];
  for (const { schedule, period } of missed)
    outcomes.push(await runSchedule(deps, orgId, schedule, now, { isLate: true, period }));
  return outcomes;
}
