import type { BaseContext } from '../kit/context.js';
import { weekContaining } from '../kit/brief.js';
import { fireDueTimers } from '../kit/item-timers.js';
import { holdAll, releaseHeldMessages, type PlannedMessage } from '../kit/system-messages.js';
import type { WorkflowModule } from '../kit/workflow-module.js';
import { planApprovalReminders } from './jobs/approval-reminders.js';
import { sendDailySealSummary } from './jobs/daily-seal-summary-job.js';
import { planOverdueScan } from './jobs/overdue-scan.js';
import { planPersonalDigest } from './jobs/personal-digest.js';
import { sendWeeklyBrief } from './jobs/weekly-brief.js';
import type { ScheduleJobs } from './schedule-jobs.js';

/** The tick's own run records are kept this long: enough to see it running, not a row a minute for ever. */
const TICK_RECORDS_KEPT_MS = 24 * 3600_000;

/**
 * What each schedule does for the shipped workflows (spec 4). Reports the org timed (the weekly
 * brief, the daily seal summary) go at once; everything else the system times on its own is held
 * (quiet hours, one merged message per person, three a working day) and released now if it may go.
 * The tick fires the items' timers that fell due and releases what was held until now (07:00 after
 * a night, the next working day after the cap).
 */
export function workflowScheduleJobs(modules: WorkflowModule[]): ScheduleJobs {
  const holdAndRelease = (plan: (ctx: BaseContext) => Promise<PlannedMessage[]>) => async (ctx: BaseContext) => {
    await holdAll(ctx, await plan(ctx));
    await releaseHeldMessages(ctx);
  };
  return {
    weekly_brief: async (ctx, run) => {
      await sendWeeklyBrief(ctx, modules, weekContaining(run.scheduledAt, ctx.timezone), { isLate: run.isLate });
    },
    daily_seal_summary: async (ctx, run) => {
      await sendDailySealSummary(ctx, modules, ctx.directory.calendar.dayOf(run.scheduledAt), { isLate: run.isLate });
    },
    overdue_scan: holdAndRelease(planOverdueScan),
    personal_digest: holdAndRelease(planPersonalDigest),
    approval_reminders: holdAndRelease(planApprovalReminders),
    timer_tick: async (ctx) => {
      await fireDueTimers(ctx, (workflow) => {
        const module = modules.find((each) => each.id === workflow);
        return module?.onTimer?.bind(module);
      });
      await releaseHeldMessages(ctx);
      await ctx.tx.scheduleRun.deleteMany({
        where: {
          orgId: ctx.orgId,
          schedule: 'timer_tick',
          scheduledAt: { lt: new Date(ctx.clock.now().getTime() - TICK_RECORDS_KEPT_MS) },
        },
      });
    },
  };
}
