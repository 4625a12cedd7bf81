import type { Job, Queue } from 'bullmq';
import { QUEUES, type QueuePayload } from '../queues/definitions.js';
import { isScheduleName, SCHEDULE_NAMES, type ScheduleName } from './schedule-names.js';
import { scheduleTiming } from './schedule-timing.js';
import { runSchedule, type ScheduleDeps, type ScheduleRunOutcome } from './run-schedule.js';

export type ScheduleQueue = Queue<QueuePayload<'schedules'>>;

/** One job scheduler per organisation and schedule, under a stable id, so a reload replaces it. */
export function jobSchedulerId(orgId: string, schedule: ScheduleName): string {
  return `${orgId}:${schedule}`;
}

/**
 * Creates or replaces the organisation's job schedulers from its crons (at start and after every
 * reload), in its time zone, and removes those of schedules it no longer has. Every worker process
 * does this; upserting the same id is idempotent, so however many run, each firing is one job.
 * The cron BullMQ fires on is the firing cron: a working-day schedule fires every day and its run
 * skips the days that are not working days (src/schedules/schedule-timing.ts).
 */
export async function syncJobSchedulers(
  queue: ScheduleQueue,
  org: { orgId: string; timezone: string; crons: Record<ScheduleName, string> },
): Promise<void> {
  for (const schedule of SCHEDULE_NAMES) {
    await queue.upsertJobScheduler(
      jobSchedulerId(org.orgId, schedule),
      { pattern: scheduleTiming(org.crons[schedule]).firingCron, tz: org.timezone },
      {
        name: schedule,
        data: { orgId: org.orgId, schedule },
        opts: {
          attempts: 3,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { count: 200 },
          removeOnFail: { count: 1000 },
        },
      },
    );
  }
  const wanted = new Set(SCHEDULE_NAMES.map((schedule) => jobSchedulerId(org.orgId, schedule)));
  for (const scheduler of await queue.getJobSchedulers()) {
    if (scheduler.key.startsWith(`${org.orgId}:`) && !wanted.has(scheduler.key))
      await queue.removeJobScheduler(scheduler.key);
  }
}

/**
 * BullMQ fires on the real time of the worker's host; a job picked up a moment before its minute on
 * a host whose clock runs behind Redis's producer would find the previous period. The run looks
 * this far ahead, which no schedule minute-granular can notice.
 */
const FIRING_SKEW_MS = 2_000;
/**
 * How long after its due time a firing may still claim a period: a firing delayed by a busy worker
 * or a restart runs it (late after LATE_AFTER_MS); anything older is left to catch-up at start.
 */
const FIRED_PERIOD_WINDOW_MS = 60 * 60_000;

/** A schedule job: runs the period due now by the service's clock (or finds it already run). */
export async function handleScheduleJob(
  deps: ScheduleDeps,
  job: Job<QueuePayload<'schedules'>>,
): Promise<ScheduleRunOutcome | undefined> {
  const { orgId, schedule } = QUEUES.schedules.payload.parse(job.data);
  if (!isScheduleName(schedule)) {
    deps.logger.warn({ org: orgId, schedule }, 'schedule job for a schedule this version does not know');
    return undefined;
  }
  const now = new Date(deps.clock.now().getTime() + FIRING_SKEW_MS);
  // a firing runs the period it fired for: an older one is catch-up's (which knows a fresh install
  // and its window); a schedule firing daily for a weekly or working-days rule may find nothing due
  return runSchedule(deps, orgId, schedule, now, { onlyIfDueWithinMs: FIRED_PERIOD_WINDOW_MS });
}
