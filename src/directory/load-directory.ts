import type { PrismaClient } from '../db/prisma.js';
import { buildDirectory } from './build-directory.js';
import type { DepartmentInfo, Directory, OrgConfig, PersonInfo } from './types.js';

/**
 * The Directory for `config` (the org file) with what the last contact sync stored laid over it:
 * WeCom's names, membership and active status for everyone it knows, plus the teachers and
 * departments only WeCom knows. Roles stay the file's (spec 2.3); people only WeCom knows are `staff`.
 */
export async function loadDirectory(prisma: PrismaClient, config: OrgConfig): Promise<Directory> {
  const orgId = config.org.id;
  const [personRows, departmentRows] = await Promise.all([
    prisma.person.findMany({ where: { orgId }, orderBy: { userId: 'asc' } }),
    prisma.department.findMany({ where: { orgId, source: 'wecom' }, orderBy: { id: 'asc' } }),
  ]);

  const filePeople = new Map(config.people.map((person) => [person.userId, person]));
  const peopleById = new Map<string, PersonInfo>(config.people.map((person) => [person.userId, person]));
  for (const row of personRows) {
    const filePerson = filePeople.get(row.userId);
    if (row.source !== 'wecom') {
      // Someone the org file no longer lists: kept, inactive and without roles, so history and
      // 查询 still name them (王五, not wangwu) while they hold and may do nothing.
      if (!filePerson)
        peopleById.set(row.userId, {
          userId: row.userId,
          name: row.name,
          departmentIds: [...row.departmentIds],
          roles: [],
          isActive: false,
        });
      continue;
    }
    const synced: PersonInfo = {
      userId: row.userId,
      name: row.name,
      departmentIds: row.departmentIds.length > 0 ? [...row.departmentIds] : (filePerson?.departmentIds ?? []),
      roles: filePerson ? [...filePerson.roles] : ['staff'],
      ...(row.position ? { position: row.position } : filePerson?.position ? { position: filePerson.position } : {}),
      isActive: row.isActive,
    };
    peopleById.set(row.userId, synced); // file people keep their place; WeCom-only people follow
  }
  const people = [...peopleById.values()];

  const fileDepartments = new Map(config.departments.map((department) => [department.id, department]));
  const departmentsById = new Map<string, DepartmentInfo>(
    config.departments.map((department) => [department.id, department]),
  );
  for (const row of departmentRows) {
    const fileDepartment = fileDepartments.get(row.id);
    const head = fileDepartment?.head ?? row.headUserId ?? undefined;
    const leader = fileDepartment?.leader ?? row.leaderUserId ?? undefined;
    const synced: DepartmentInfo = {
      id: row.id,
      name: row.name,
      ...(head ? { head } : {}),
      ...(leader ? { leader } : {}),
      ...(row.wecomId !== null ? { wecomId: row.wecomId } : {}),
    };
    // A `wecom` row without a wecom_id is a department WeCom no longer lists (save-directory.ts).
    if (fileDepartment || row.wecomId !== null) departmentsById.set(row.id, synced);
  }

  return buildDirectory({ ...config, departments: [...departmentsById.values()], people });
}
