import { DateTime } from 'luxon';
import type { Directory } from '../directory/types.js';
import { nextDuePeriod } from '../schedules/schedule-periods.js';
import { scheduleTiming } from '../schedules/schedule-timing.js';

export interface ClockJump {
  label: string;
  /** ISO time to POST as `to` */
  to: string;
}

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/**
 * The simulator's time-travel buttons (spec 2.2), worked out on the server, which knows the org's
 * time zone and working days: an hour on, the next personal digest (08:25), the next weekly brief
 * (Friday 16:05, or the day it moves to), one working day on. Pure.
 */
export function clockJumps(now: Date, directory: Directory): ClockJump[] {
  const { calendar, config } = directory;
  const local = (at: Date) => DateTime.fromJSDate(at, { zone: calendar.timezone });
  const named = (at: Date) =>
    `${local(at).toFormat('MM-dd')} ${WEEKDAYS[local(at).weekday]} ${local(at).toFormat('HH:mm')}`;
  const jumps: ClockJump[] = [{ label: '+1 小时', to: new Date(now.getTime() + 3_600_000).toISOString() }];
  const digest = nextDuePeriod(scheduleTiming(config.schedules.personal_digest), calendar, now);
  if (digest)
    jumps.push({ label: `到 ${named(digest.scheduledAt)}（待办汇总）`, to: digest.scheduledAt.toISOString() });
  const brief = nextDuePeriod(scheduleTiming(config.schedules.weekly_brief), calendar, now);
  if (brief) jumps.push({ label: `到 ${named(brief.scheduledAt)}（周报）`, to: brief.scheduledAt.toISOString() });
  jumps.push({ label: '+1 个工作日', to: calendar.addWorkingDays(now, 1).toISOString() });
  return jumps;
}
