import type { PrismaClient } from '../db/prisma.js';
import type { Directory } from '../directory/types.js';
import { schedulesOf, SCHEDULE_NAMES, type ScheduleName } from './schedule-names.js';
import { latestDuePeriod, nextDuePeriod } from './schedule-periods.js';
import { scheduleTiming, type DayRule } from './schedule-timing.js';

export interface ScheduleStatus {
  schedule: ScheduleName;
  cron: string;
  /** the cron BullMQ fires on (working days are applied by the run) */
  firingCron: string;
  dayRule: DayRule;
  timezone: string;
  nextRun?: { periodKey: string; scheduledAt: string };
  lastRun?: {
    periodKey: string;
    scheduledAt: string;
    startedAt: string;
    finishedAt: string | null;
    isLate: boolean;
    /** from when it fell due to when it started */
    lateBySeconds: number;
  };
  /** the period due now has no run record yet (it is running, failed, or everything was down) */
  isDueNotRun: boolean;
}

/** Each schedule of one organisation with its cron, next and last run, and lateness (GET /admin/schedules). */
export async function describeSchedules(
  prisma: PrismaClient,
  org: { orgId: string; timezone: string; directory: Directory },
  now: Date,
): Promise<ScheduleStatus[]> {
  const crons = schedulesOf(org.directory.config);
  const lastRuns = await prisma.$queryRaw<
    {
      schedule: string;
      periodKey: string;
      scheduledAt: Date;
      startedAt: Date;
      finishedAt: Date | null;
      isLate: boolean;
    }[]
  >`
    SELECT DISTINCT ON (schedule) schedule, period_key AS "periodKey", scheduled_at AS "scheduledAt",
           started_at AS "startedAt", finished_at AS "finishedAt", is_late AS "isLate"
      FROM schedule_run WHERE org_id = ${org.orgId}
     ORDER BY schedule, scheduled_at DESC`;
  const lastBySchedule = new Map(lastRuns.map((run) => [run.schedule, run]));
  return SCHEDULE_NAMES.map((schedule) => {
    const timing = scheduleTiming(crons[schedule]);
    const next = nextDuePeriod(timing, org.directory.calendar, now);
    const due = latestDuePeriod(timing, org.directory.calendar, now);
    const last = lastBySchedule.get(schedule);
    return {
      schedule,
      cron: timing.cron,
      firingCron: timing.firingCron,
      dayRule: timing.dayRule,
      timezone: org.timezone,
      ...(next ? { nextRun: { periodKey: next.periodKey, scheduledAt: next.scheduledAt.toISOString() } } : {}),
      ...(last
        ? {
            lastRun: {
              periodKey: last.periodKey,
              scheduledAt: last.scheduledAt.toISOString(),
              startedAt: last.startedAt.toISOString(),
              finishedAt: last.finishedAt?.toISOString() ?? null,
              isLate: last.isLate,
              lateBySeconds: Math.max(0, Math.round((last.startedAt.getTime() - last.scheduledAt.getTime()) / 1000)),
            },
          }
        : {}),
      isDueNotRun: due !== undefined && (last === undefined || last.scheduledAt < due.scheduledAt),
    };
  });
}
