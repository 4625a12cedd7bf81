import type { BaseContext } from '../../kit/context.js';
import type { WorkflowModule } from '../../kit/workflow-module.js';
import { reportRecipients, sendReport } from './send-report.js';

/**
 * The daily summary (working days 17:35, spec 4 and 3.1: 用印日报 with the filing of the day's
 * stamped requests) for `day` (YYYY-MM-DD, org zone), sent at once to the office director(s). The
 * report and its filing are the workflows' own ({@link WorkflowModule.dailySummary}): the schedule
 * knows no workflow. Returns how many messages it queued.
 */
export async function sendDailySealSummary(
  ctx: BaseContext,
  modules: WorkflowModule[],
  day: string,
  options: { isLate: boolean },
): Promise<number> {
  const recipients = reportRecipients(ctx, ['office_director']);
  let sent = 0;
  for (const module of modules) {
    const summary = await module.dailySummary?.(ctx, day);
    if (summary) sent += await sendReport(ctx, recipients, summary, options);
  }
  return sent;
}
