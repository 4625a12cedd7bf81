import { createWorkingCalendar } from '../shared/working-calendar/index.js';
import type { Directory, OrgConfig, PersonInfo, Role, RoomInfo, SealInfo } from './types.js';

/** Indexes a validated OrgConfig for lookups; pure, and the config is not copied, so do not mutate it. */
export function buildDirectory(config: OrgConfig): Directory {
  const people = new Map(config.people.map((person) => [person.userId, person]));
  const departments = new Map(config.departments.map((department) => [department.id, department]));
  const departmentsByName = new Map(config.departments.map((department) => [department.name, department]));
  const active = config.people.filter((person) => person.isActive);
  const activeByName = groupBy(active, (person) => person.name);
  const activeByRole = new Map<Role, PersonInfo[]>();
  for (const person of active)
    for (const role of person.roles) activeByRole.set(role, [...(activeByRole.get(role) ?? []), person]);
  const seals = byIdNameOrAlias<SealInfo>(config.seals, (seal) => seal.aliases);
  const rooms = byIdNameOrAlias<RoomInfo>(config.rooms);

  return {
    orgId: config.org.id,
    config,
    calendar: createWorkingCalendar({ calendar: config.calendar, timezone: config.org.timezone }),
    person: (userId) => people.get(userId),
    department: (id) => departments.get(id),
    peopleNamed: (name) => [...(activeByName.get(name.trim()) ?? [])],
    departmentNamed: (name) => departmentsByName.get(name.trim()),
    // Roles are what the person may do now, so only active people hold them.
    peopleWithRole: (role) => [...(activeByRole.get(role) ?? [])],
    hasRole: (userId, role) => {
      const person = people.get(userId);
      return person !== undefined && person.isActive && person.roles.includes(role);
    },
    seal: (idOrNameOrAlias) => seals.get(idOrNameOrAlias.trim()),
    room: (idOrName) => rooms.get(idOrName.trim()),
    activePeople: () => [...active],
  } satisfies Directory;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/**
 * Ids win over names, and names over aliases: a seal whose name equals another seal's id cannot
 * shadow it, and an alias never hides a name (the loader refuses clashing aliases anyway).
 */
function byIdNameOrAlias<T extends { id: string; name: string }>(
  items: T[],
  aliasesOf: (item: T) => string[] = () => [],
): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) for (const alias of aliasesOf(item)) map.set(alias, item);
  for (const item of items) map.set(item.name, item);
  for (const item of items) map.set(item.id, item);
  return map;
}
