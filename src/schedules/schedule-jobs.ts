import type { BaseContext } from '../kit/context.js';
import type { ScheduleName } from './schedule-names.js';

/** The period a job runs for, as its run record holds it. */
export interface ScheduleRunInfo {
  /** e.g. 2026-W49 for the weekly brief, 2026-12-04 for a daily job */
  periodKey: string;
  /** when the period fell due (the week's last working day for a holiday Friday's brief) */
  scheduledAt: Date;
  /** run at start or after the demo clock moved, not at its time: the brief says 迟发 */
  isLate: boolean;
}

/**
 * What a schedule does, given the system's context (no actor: it acts as 校办助手) in the run's
 * transaction. Everything it writes (outbox messages, reminder logs) commits with the run record,
 * so a crash mid-run leaves the period unclaimed and it runs again whole.
 */
export type ScheduleJob = (ctx: BaseContext, run: ScheduleRunInfo) => Promise<void>;
export type ScheduleJobs = Record<ScheduleName, ScheduleJob>;

/** Until its workflow's job is wired in, a run only leaves its run record (and the runner's log line). */
const notYetBuilt: ScheduleJob = () => Promise.resolve();

/**
 * The jobs by schedule. The lead wires the real ones at merge (the weekly brief and daily seal
 * summary of part C, the scans of part B, the digest and held messages of part A).
 */
export const SCHEDULE_JOBS: ScheduleJobs = {
  weekly_brief: notYetBuilt,
  daily_seal_summary: notYetBuilt,
  overdue_scan: notYetBuilt,
  personal_digest: notYetBuilt,
  approval_reminders: notYetBuilt,
  timer_tick: notYetBuilt,
};
