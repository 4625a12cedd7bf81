import type { PrismaClient } from '../db/prisma.js';
import type { WecomApi, WecomUser } from '../wecom/types.js';
import { mergeWecomContacts, type MergeReport } from './merge-wecom-contacts.js';
import { saveDirectory } from './save-directory.js';
import type { OrgConfig } from './types.js';

/** One step of the pull, for a progress display. */
export interface SyncProgress {
  /** 1-based index of the department just read */
  index: number;
  total: number;
  departmentName: string;
  /** members listed directly in that department */
  memberCount: number;
}

export interface SyncDirectoryOptions {
  /** only the two contact-list calls are used */
  wecom: Pick<WecomApi, 'listDepartments' | 'listUsers'>;
  prisma: PrismaClient;
  /** the org file's config; roles and approval chains come from it */
  config: OrgConfig;
  onProgress?: (progress: SyncProgress) => void;
}

/**
 * Pulls departments and members from WeCom contacts, merges them into the org file's view and
 * stores the result (source `wecom`). Reads everything before writing anything, so a WeCom error
 * halfway leaves the stored directory as it was.
 */
export async function syncDirectoryFromWecom(
  options: SyncDirectoryOptions,
): Promise<{ config: OrgConfig; report: MergeReport }> {
  const { wecom, prisma, config, onProgress } = options;
  const departments = await wecom.listDepartments();
  const users: WecomUser[] = [];
  // One department at a time: WeCom rate-limits contact reads per app, and schools have few departments.
  for (const [position, department] of departments.entries()) {
    const members = await wecom.listUsers(department.id);
    users.push(...members);
    onProgress?.({
      index: position + 1,
      total: departments.length,
      departmentName: department.name,
      memberCount: members.length,
    });
  }
  const merged = mergeWecomContacts(config, departments, users);
  await saveDirectory(prisma, merged.config, 'wecom');
  return merged;
}
