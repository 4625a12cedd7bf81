import { DateTime } from 'luxon';
import type { BaseContext } from '../../kit/context.js';
import { closeUsedSealRequests } from './close-used-seal-requests.js';
import { buildDailySealSummary } from './daily-seal-summary.js';

/**
 * 用印日报 for `day` (YYYY-MM-DD, org zone), then the filing of the requests stamped that day up to
 * now (seeds: 用印后及时收回申请单，每日对申请单进行汇总). A late run files only what was stamped on
 * `day`: what was stamped since belongs to the next day's summary.
 */
export async function sealDailySummary(ctx: BaseContext, day: string): Promise<string> {
  const start = DateTime.fromISO(day, { zone: ctx.timezone }).startOf('day');
  const summary = await buildDailySealSummary(ctx.tx, {
    orgId: ctx.orgId,
    day: start.toJSDate(),
    timezone: ctx.timezone,
    directory: ctx.directory,
  });
  const endOfDay = start.plus({ days: 1 }).toJSDate();
  const now = ctx.clock.now();
  const filed = await closeUsedSealRequests(ctx, { usedBefore: now < endOfDay ? now : endOfDay });
  return filed.length > 0 ? `${summary.markdown}\n已收回归档：${filed.join('、')}` : summary.markdown;
}
