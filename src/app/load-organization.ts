import type { Logger } from 'pino';
import type { PrismaClient } from '../db/prisma.js';
import { describeUnbuiltSettings } from '../directory/describe-unbuilt-settings.js';
import { describeCalendarCoverage } from '../directory/describe-calendar-coverage.js';
import { loadDirectory } from '../directory/load-directory.js';
import { loadOrgFile } from '../directory/load-org-file.js';
import { saveDirectory } from '../directory/save-directory.js';
import type { Directory, OrgConfig } from '../directory/types.js';

/**
 * Reads and validates the org file, records it in the database, and builds the directory with synced
 * contacts. Settings the file gives that nothing uses yet are logged, one line each, so an operator
 * does not assume they work (spec 2.3 accepts them all); so are coming days the holiday calendar
 * does not cover (spec 4).
 */
export async function loadOrganization(options: {
  prisma: PrismaClient;
  orgFile: string;
  defaultTimezone: string;
  logger: Logger;
  /** the service's clock: the calendar's coverage is checked for the days ahead of it */
  now: Date;
}): Promise<{ config: OrgConfig; directory: Directory }> {
  const config = await loadOrgFile(options.orgFile, { defaultTimezone: options.defaultTimezone });
  await saveDirectory(options.prisma, config, 'file');
  const directory = await loadDirectory(options.prisma, config);
  for (const line of describeUnbuiltSettings(config)) options.logger.info({ org: config.org.id }, line);
  const coverage = describeCalendarCoverage(directory.calendar, options.now);
  if (coverage) options.logger.warn({ org: config.org.id }, coverage);
  return { config, directory };
}
