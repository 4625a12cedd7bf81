import { ROLE_NAMES } from '../directory/role-names.js';
import type { Directory, PersonInfo } from '../directory/types.js';

/** A person the simulator lets you be, described in Chinese. */
export interface SimulatedPerson {
  userId: string;
  name: string;
  departments: string[];
  /** only the roles that add something to the position and departments (see `rolesWorthShowing`) */
  roles: string[];
  position?: string;
  /** what this person is in the departments' approval chains: 教务处负责人, 教务处分管领导 */
  duties: string[];
}

/** Everyone active in the directory, in the org file's order. */
export function listPeople(directory: Directory): SimulatedPerson[] {
  return directory.activePeople().map((person) => {
    const departments = person.departmentIds.map((id) => directory.department(id)?.name ?? id);
    return {
      userId: person.userId,
      name: person.name,
      departments,
      roles: rolesWorthShowing(person, departments),
      ...(person.position ? { position: person.position } : {}),
      duties: directory.config.departments.flatMap((department) => dutyIn(department, person.userId)),
    };
  });
}

/** 教务处负责人; 校领导负责人兼分管领导 rather than the department named twice. */
function dutyIn(
  department: { name: string; head?: string | undefined; leader?: string | undefined },
  userId: string,
): string[] {
  const isHead = department.head === userId;
  const isLeader = department.leader === userId;
  if (isHead && isLeader) return [`${department.name}负责人兼分管领导`];
  if (isHead) return [`${department.name}负责人`];
  if (isLeader) return [`${department.name}分管领导`];
  return [];
}

/**
 * 刘强 is 行政助理 in 综合办公室 with the roles 教职工, 综合办公室 and 印章管理员: only 印章管理员 tells
 * the reader something new. Everyone is 教职工, so it is shown only for those who are nothing else;
 * a role named like the position or a department shown beside it is left out.
 */
function rolesWorthShowing(person: PersonInfo, departments: readonly string[]): string[] {
  const alreadyShown = new Set([...departments, ...(person.position ? [person.position] : [])]);
  const names = [...new Set(person.roles.map((role) => ROLE_NAMES[role]))];
  const others = person.roles.some((role) => role !== 'staff')
    ? names.filter((name) => name !== ROLE_NAMES.staff)
    : names;
  return others.filter((name) => !alreadyShown.has(name));
}
