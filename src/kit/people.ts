import type { Directory, Role } from '../directory/types.js';

/** The actor of what a schedule did (audit records with via 'schedule'). */
export const SYSTEM_ACTOR = 'system';

export function personName(directory: Directory, userId: string | null | undefined): string {
  if (!userId) return '—';
  if (userId === SYSTEM_ACTOR) return '校办助手';
  return directory.person(userId)?.name ?? userId;
}

/** The office (综合办公室): it records, reassigns and supervises items for others. */
export const OFFICE_ROLES: readonly Role[] = ['office', 'office_director'];

/** 校领导: they assign tasks and read every item. */
export const LEADER_ROLES: readonly Role[] = ['leader', 'principal'];

/** Who may file a document in the archive (归档, spec 2.5): the office, the archivist, the administrators. */
export const ARCHIVING_ROLES: readonly Role[] = [...OFFICE_ROLES, 'archivist', 'admin'];

/** Who may read any item with 查询: the office, the leaders, the system's administrators. */
export const SUPERVISING_ROLES: readonly Role[] = [...OFFICE_ROLES, ...LEADER_ROLES, 'admin'];

export function hasAnyRole(person: { roles: readonly Role[] }, roles: readonly Role[]): boolean {
  return roles.some((role) => person.roles.includes(role));
}
