/**
 * The office's hours, in the org time zone. A date-only deadline means the end of that working
 * day; working hours (催办, 公文处理时效) are counted between the start and the end.
 */
export const START_OF_WORKING_DAY = '08:00';
export const END_OF_WORKING_DAY = '18:00';

/** Spec 4: messages the system times on its own are never sent from 22:00 to 07:00. */
export const QUIET_HOURS_START = '22:00';
export const QUIET_HOURS_END = '07:00';
