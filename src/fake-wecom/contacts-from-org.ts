import type { OrgConfig } from '../directory/types.js';
import type { FakeContacts } from './types.js';

/**
 * WeCom contacts that match an org file, so the local demo's `npm run directory:sync` has a
 * directory to pull: departments numbered in file order under the root (1), heads as leaders.
 */
export function contactsFromOrgConfig(config: OrgConfig): FakeContacts {
  const wecomIds = new Map(
    config.departments.map((department, index) => [department.id, department.wecomId ?? index + 2]),
  );
  return {
    departments: [
      { id: 1, name: config.org.name, parentid: 0 },
      ...config.departments.map((department) => ({
        id: wecomIds.get(department.id)!,
        name: department.name,
        parentid: 1,
        ...(department.head ? { department_leader: [department.head] } : {}),
      })),
    ],
    users: config.people.map((person) => ({
      userid: person.userId,
      name: person.name,
      department: person.departmentIds.map((id) => wecomIds.get(id)!).filter((id) => id !== undefined),
      ...(person.position ? { position: person.position } : {}),
      status: person.isActive ? 1 : 5,
    })),
  };
}
