import { ROLE_NAMES } from '../commands/role-names.js';
import type { Directory } from '../directory/types.js';

/** A person the simulator lets you be, described in Chinese. */
export interface SimulatedPerson {
  userId: string;
  name: string;
  departments: string[];
  roles: string[];
  position?: string;
  /** what this person is in the departments' approval chains: 教务处负责人, 教务处分管领导 */
  duties: string[];
}

/** Everyone active in the directory, in the org file's order. */
export function listPeople(directory: Directory): SimulatedPerson[] {
  return directory.activePeople().map((person) => ({
    userId: person.userId,
    name: person.name,
    departments: person.departmentIds.map((id) => directory.department(id)?.name ?? id),
    roles: person.roles.map((role) => ROLE_NAMES[role]),
    ...(person.position ? { position: person.position } : {}),
    duties: directory.config.departments.flatMap((department) => [
      ...(department.head === person.userId ? [`${department.name}负责人`] : []),
      ...(department.leader === person.userId ? [`${department.name}分管领导`] : []),
    ]),
  }));
}
