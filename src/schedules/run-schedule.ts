import type { Logger } from 'pino';
import type { PrismaClient } from '../db/prisma.js';
import type { BaseContext } from '../kit/context.js';
import type { OrgRegistry } from '../runtime/org-runtime.js';
import type { Clock } from '../shared/clock.js';
import { errorForLog } from '../shared/error-for-log.js';
import type { Metrics } from '../shared/metrics.js';
import type { ScheduleJobs } from './schedule-jobs.js';
import { schedulesOf, type ScheduleName } from './schedule-names.js';
import { latestDuePeriod, type DuePeriod } from './schedule-periods.js';
import { scheduleTiming } from './schedule-timing.js';

export interface ScheduleDeps {
  prisma: PrismaClient;
  orgs: OrgRegistry;
  /** the service's clock: what a job's context reads as "now" */
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** what each schedule does (the app passes the shipped workflows', workflow-schedule-jobs.ts) */
  jobs: ScheduleJobs;
}

export interface ScheduleRunOutcome {
  schedule: ScheduleName;
  /** ran: this call claimed and ran the period; duplicate: it had already run (or is running) */
  outcome: 'ran' | 'duplicate' | 'nothing_due' | 'unknown_org';
  periodKey?: string;
  isLate?: boolean;
}

/** A period run this long after it fell due (a queue that was down, a backlog) is marked late. */
export const LATE_AFTER_MS = 15 * 60_000;
/** A brief for 2,000 people builds in under 3 s; the transaction allows ample room beyond that. */
const RUN_TIMEOUT_MS = 120_000;

/**
 * Runs `schedule`'s period due at `now` for one organisation, at most once across every process:
 * the run record's primary key (org, schedule, period) is claimed with INSERT … ON CONFLICT DO
 * NOTHING in the run's own transaction. A second claimant waits on the first's uncommitted row and
 * then finds it taken; if the first fails, its claim rolls back with everything the job wrote and
 * the period can run again (BullMQ's retry, or the catch-up at the next start).
 */
export async function runSchedule(
  deps: ScheduleDeps,
  orgId: string,
  schedule: ScheduleName,
  now: Date,
  options: {
    isLate?: boolean;
    period?: DuePeriod;
    /** a firing: run only a period that fell due at most this long ago (else nothing is due) */
    onlyIfDueWithinMs?: number;
  } = {},
): Promise<ScheduleRunOutcome> {
  const org = deps.orgs.get(orgId);
  if (!org) {
    deps.logger.warn({ org: orgId, schedule }, 'schedule job for an organisation this service does not serve');
    return { schedule, outcome: 'unknown_org' };
  }
  const { directory } = org;
  const period =
    options.period ?? latestDuePeriod(scheduleTiming(schedulesOf(directory.config)[schedule]), directory.calendar, now);
  if (!period) return { schedule, outcome: 'nothing_due' };
  if (
    options.onlyIfDueWithinMs !== undefined &&
    now.getTime() - period.scheduledAt.getTime() > options.onlyIfDueWithinMs
  )
    return { schedule, outcome: 'nothing_due' };
  const isLate = options.isLate ?? now.getTime() - period.scheduledAt.getTime() > LATE_AFTER_MS;
  const job = deps.jobs[schedule];

  const claimed = await deps.prisma
    .$transaction(
      async (tx) => {
        const inserted = await tx.$executeRaw`
        INSERT INTO schedule_run (org_id, schedule, period_key, scheduled_at, started_at, is_late)
        VALUES (${orgId}, ${schedule}, ${period.periodKey}, ${period.scheduledAt}, ${deps.clock.now()}, ${isLate})
        ON CONFLICT DO NOTHING`;
        if (inserted === 0) return false;
        const ctx: BaseContext = { tx, orgId, timezone: org.timezone, directory, clock: deps.clock };
        await job(ctx, { periodKey: period.periodKey, scheduledAt: period.scheduledAt, isLate });
        await tx.$executeRaw`
        UPDATE schedule_run SET finished_at = ${deps.clock.now()}
         WHERE org_id = ${orgId} AND schedule = ${schedule} AND period_key = ${period.periodKey}`;
        return true;
      },
      { timeout: RUN_TIMEOUT_MS, maxWait: 10_000 },
    )
    .catch((error: unknown) => {
      deps.logger.error(
        { org: orgId, schedule, period: period.periodKey, err: errorForLog(error) },
        'schedule run failed',
      );
      throw error;
    });

  if (!claimed) {
    deps.metrics.scheduleDuplicates.inc({ schedule });
    deps.logger.debug({ org: orgId, schedule, period: period.periodKey }, 'schedule period already run');
    return { schedule, outcome: 'duplicate', periodKey: period.periodKey, isLate };
  }
  deps.metrics.scheduleRuns.inc({ schedule, is_late: String(isLate) });
  deps.logger[schedule === 'timer_tick' ? 'debug' : 'info'](
    { org: orgId, schedule, period: period.periodKey, isLate },
    isLate ? 'schedule ran late' : 'schedule ran',
  );
  return { schedule, outcome: 'ran', periodKey: period.periodKey, isLate };
}
