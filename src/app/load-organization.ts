import type { PrismaClient } from '../db/prisma.js';
import { loadDirectory } from '../directory/load-directory.js';
import { loadOrgFile } from '../directory/load-org-file.js';
import { saveDirectory } from '../directory/save-directory.js';
import type { Directory, OrgConfig } from '../directory/types.js';

/** Reads and validates the org file, records it in the database, and builds the directory with synced contacts. */
export async function loadOrganization(options: { prisma: PrismaClient; orgFile: string; defaultTimezone: string }): Promise<{ config: OrgConfig; directory: Directory }> {
  const config = await loadOrgFile(options.orgFile, { defaultTimezone: options.defaultTimezone });
  await saveDirectory(options.prisma, config, 'file');
  const directory = await loadDirectory(options.prisma, config);
  return { config, directory };
}
