import { createHash } from 'node:crypto';
import type { Directory } from './types.js';

/**
 * A digest of who holds what — the active people and their roles, each department's head and
 * 分管领导, each seal's keeper — so every process that loads the same directory computes the same
 * value, and a change of names or phone numbers alone does not count as a change of holders.
 */
export function directoryDigest(directory: Directory): string {
  const people = directory
    .activePeople()
    .map((person) => [person.userId, [...person.roles].sort().join(','), person.departmentIds.join(',')].join(':'))
    .sort();
  const departments = directory.config.departments
    .map((listed) => directory.department(listed.id) ?? listed)
    .map((department) => [department.id, department.head ?? '', department.leader ?? ''].join(':'))
    .sort();
  const seals = directory.config.seals.map((seal) => `${seal.id}:${seal.keeper}`).sort();
  return createHash('sha256').update(JSON.stringify({ people, departments, seals })).digest('hex').slice(0, 32);
}
