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
