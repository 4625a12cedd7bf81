import type { PrismaClient, Tx } from '../db/prisma.js';
import type { DepartmentInfo, OrgConfig, PersonInfo } from './types.js';

export type DirectorySource = 'file' | 'wecom';

interface DepartmentRow {
  name: string;
  wecomId: number | null;
  headUserId: string | null;
  leaderUserId: string | null;
  source: string;
}

interface PersonRow {
  name: string;
  departmentIds: string[];
  roles: string[];
  position: string | null;
  isActive: boolean;
  source: string;
}

/**
 * Writes the organisation, its departments and people in one transaction.
 *
 * - `file` (at start and on SIGHUP): the org file's view. Rows last written by contact sync keep
 *   WeCom's names, membership and status; only roles and department heads/leaders (which always
 *   come from the file) are taken. People the file no longer lists become inactive, unless WeCom
 *   vouches for them (they keep only `staff`).
 * - `wecom` (contact sync, with the merged config): everything as given; anybody not in it becomes
 *   inactive.
 *
 * Nothing is deleted: history refers to people and departments by id. A department that is gone
 * from WeCom keeps its row with source `wecom` and no wecom_id (the table has no active flag).
 */
export async function saveDirectory(prisma: PrismaClient, config: OrgConfig, source: DirectorySource): Promise<void> {
  const orgId = config.org.id;
  await prisma.$transaction(
    async (tx) => {
      // Serialise writers per organisation: a sync and a SIGHUP reload must not interleave their diffs.
      await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`xiaoban:directory:${orgId}`}))`;
      await tx.organization.upsert({
        where: { id: orgId },
        create: { id: orgId, name: config.org.name, timezone: config.org.timezone },
        update: { name: config.org.name, timezone: config.org.timezone },
      });
      await saveDepartments(tx, orgId, config.departments, source);
      await savePeople(tx, orgId, config.people, source);
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

async function saveDepartments(
  tx: Tx,
  orgId: string,
  departments: DepartmentInfo[],
  source: DirectorySource,
): Promise<void> {
  const existing = new Map((await tx.department.findMany({ where: { orgId } })).map((row) => [row.id, row]));

  // wecom_id is unique per org: when the file binds a WeCom id to another department than before
  // (e.g. `wecom-7` is now written as `science` with wecom_id 7), release it from the old row first.
  const claimedBy = new Map(
    departments.flatMap((department) =>
      department.wecomId === undefined ? [] : [[department.wecomId, department.id] as const],
    ),
  );
  for (const row of existing.values()) {
    if (row.wecomId !== null && claimedBy.has(row.wecomId) && claimedBy.get(row.wecomId) !== row.id) {
      await tx.department.update({ where: { orgId_id: { orgId, id: row.id } }, data: { wecomId: null } });
    }
  }

  for (const department of departments) {
    const row = existing.get(department.id);
    const wanted: DepartmentRow =
      source === 'file' && row?.source === 'wecom'
        ? {
            ...row,
            wecomId: department.wecomId ?? row.wecomId,
            headUserId: department.head ?? row.headUserId,
            leaderUserId: department.leader ?? row.leaderUserId,
          }
        : {
            name: department.name,
            wecomId: department.wecomId ?? null,
            headUserId: department.head ?? null,
            leaderUserId: department.leader ?? null,
            source: source === 'wecom' && department.wecomId !== undefined ? 'wecom' : 'file',
          };
    const data = {
      name: wanted.name,
      wecomId: wanted.wecomId,
      headUserId: wanted.headUserId,
      leaderUserId: wanted.leaderUserId,
      source: wanted.source,
    };
    if (!row) await tx.department.create({ data: { orgId, id: department.id, ...data } });
    else if (!sameRow(row, data))
      await tx.department.update({ where: { orgId_id: { orgId, id: department.id } }, data });
  }
  // The department table has no active flag, so a department WeCom no longer lists keeps its row
  // (history names it) but loses its wecom_id: a `wecom` row without one is a department that is gone.
  if (source === 'wecom') {
    const listed = new Set(departments.map((department) => department.id));
    for (const row of existing.values()) {
      if (!listed.has(row.id) && row.source === 'wecom' && row.wecomId !== null) {
        await tx.department.update({ where: { orgId_id: { orgId, id: row.id } }, data: { wecomId: null } });
      }
    }
  }
}

async function savePeople(tx: Tx, orgId: string, people: PersonInfo[], source: DirectorySource): Promise<void> {
  const existing = new Map((await tx.person.findMany({ where: { orgId } })).map((row) => [row.userId, row]));
  const created: (PersonRow & { orgId: string; userId: string })[] = [];

  for (const person of people) {
    const row = existing.get(person.userId);
    const data: PersonRow =
      source === 'file' && row?.source === 'wecom'
        ? {
            name: row.name,
            departmentIds: row.departmentIds,
            roles: [...person.roles],
            position: row.position,
            isActive: row.isActive,
            source: 'wecom',
          }
        : {
            name: person.name,
            departmentIds: [...person.departmentIds],
            roles: [...person.roles],
            position: person.position ?? null,
            isActive: person.isActive,
            source,
          };
    if (!row) created.push({ orgId, userId: person.userId, ...data });
    else if (!sameRow(row, data))
      await tx.person.update({ where: { orgId_userId: { orgId, userId: person.userId } }, data });
  }
  if (created.length > 0) await tx.person.createMany({ data: created });

  const listed = new Set(people.map((person) => person.userId));
  for (const row of existing.values()) {
    if (listed.has(row.userId)) continue;
    if (source === 'file' && row.source === 'wecom') {
      // Still a WeCom member, no longer in the file: roles always come from the file.
      if (row.roles.length !== 1 || row.roles[0] !== 'staff') {
        await tx.person.update({ where: { orgId_userId: { orgId, userId: row.userId } }, data: { roles: ['staff'] } });
      }
    } else if (row.isActive) {
      await tx.person.update({ where: { orgId_userId: { orgId, userId: row.userId } }, data: { isActive: false } });
    }
  }
}

function sameRow<T extends object>(row: T, data: Partial<T>): boolean {
  return Object.entries(data).every(([key, value]) => JSON.stringify(row[key as keyof T]) === JSON.stringify(value));
}
