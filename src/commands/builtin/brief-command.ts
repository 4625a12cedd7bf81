import { weekContaining } from '../../kit/brief.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import { buildWeeklyBrief } from '../../schedules/jobs/weekly-brief.js';
import { sendReport } from '../../schedules/jobs/send-report.js';
import type { CommandCatalog } from '../command-catalog.js';

/** `简报` (spec 2.5: leader, office): this week's brief as it stands now, to the sender only. */
export function briefCommand(getCatalog: () => CommandCatalog): WorkflowCommand {
  return {
    spec: {
      keyword: '简报',
      aliases: ['brief'],
      summary: '本周工作简报（截至现在）',
      example: '简报',
      roles: ['leader', 'principal', 'office', 'office_director'],
      freeText: 'none',
      isReadOnly: true,
      fields: [],
    },
    async execute(ctx) {
      const week = weekContaining(ctx.clock.now(), ctx.timezone);
      const brief = await buildWeeklyBrief(ctx, getCatalog().modules, week);
      await sendReport(ctx, [ctx.actor.userId], brief, { isLate: false });
    },
  };
}
