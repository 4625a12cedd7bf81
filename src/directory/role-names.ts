import type { Role } from './types.js';

/** How roles are named to people. */
export const ROLE_NAMES: Record<Role, string> = {
  staff: '教职工',
  office: '综合办公室',
  office_director: '办公室主任',
  leader: '校领导',
  principal: '校长',
  seal_keeper: '印章管理员',
  archivist: '档案管理员',
  admin: '系统管理员',
};

export function describeRoles(roles: readonly Role[]): string {
  return roles.map((role) => ROLE_NAMES[role]).join('、');
}
