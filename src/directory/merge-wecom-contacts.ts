import type { WecomDepartment, WecomUser } from '../wecom/types.js';
import type { DepartmentInfo, OrgConfig, PersonInfo } from './types.js';

export interface MergeReport {
  /** WeCom departments bound to a department of the org file (by wecom_id or exact name) */
  departmentsMatched: number;
  /** WeCom departments the file does not know, added as `wecom-<id>` */
  departmentsAdded: number;
  /** people of the file whose name, departments, position or active status WeCom changed */
  peopleUpdated: number;
  /** WeCom members the file does not list (role `staff` only) */
  peopleAdded: number;
  /** people active before the merge and inactive after it */
  peopleDeactivated: number;
  warnings: string[];
}

/** WeCom member status: 1 active, 2 disabled, 4 not yet activated, 5 left. */
const INACTIVE_STATUSES = new Set([2, 5]);

/**
 * Folds WeCom contacts into the org file's config. WeCom is the source of names, membership and
 * active status; roles, seals and approval chains always come from the file (spec 2.3), so a
 * member the file does not list gets only `staff`. Pure: the input config is not changed.
 */
export function mergeWecomContacts(
  config: OrgConfig,
  departments: WecomDepartment[],
  users: WecomUser[],
): { config: OrgConfig; report: MergeReport } {
  const report: MergeReport = {
    departmentsMatched: 0,
    departmentsAdded: 0,
    peopleUpdated: 0,
    peopleAdded: 0,
    peopleDeactivated: 0,
    warnings: [],
  };
  const { merged: mergedDepartments, idByWecomId } = mergeDepartments(config.departments, departments, report);

  const fileUsers = new Map(config.people.map((person) => [person.userId, person]));
  const wecomUsers = new Map<string, WecomUser>();
  // user/list is asked per department, so a member of two departments arrives twice.
  for (const user of users) {
    const seen = wecomUsers.get(user.userid);
    wecomUsers.set(
      user.userid,
      seen ? { ...seen, department: [...new Set([...seen.department, ...user.department])] } : user,
    );
  }

  const people: PersonInfo[] = [];
  for (const person of config.people) {
    const user = wecomUsers.get(person.userId);
    if (!user) {
      // Not in any list we could read: gone from WeCom, or outside the app's visible range.
      if (person.isActive)
        report.warnings.push(
          `${person.userId} (${person.name}) is in the org file but not in WeCom contacts; marked inactive`,
        );
      people.push({ ...person, isActive: false });
      continue;
    }
    const updated = personFromWecom(user, idByWecomId, person, report);
    if (!samePerson(person, updated)) report.peopleUpdated += 1;
    people.push(updated);
  }
  for (const user of wecomUsers.values()) {
    if (fileUsers.has(user.userid)) continue;
    people.push(personFromWecom(user, idByWecomId, undefined, report));
    report.peopleAdded += 1;
  }
  report.peopleDeactivated = people.filter(
    (person) => !person.isActive && fileUsers.get(person.userId)?.isActive,
  ).length;

  const activeIds = new Set(people.filter((person) => person.isActive).map((person) => person.userId));
  for (const [index, department] of mergedDepartments.entries()) {
    const wecomDepartment = departments.find((candidate) => candidate.id === department.wecomId);
    // Heads come from the file; WeCom's department_leader only fills a gap the file leaves.
    if (department.head === undefined && wecomDepartment?.department_leader) {
      const head = wecomDepartment.department_leader.find((userId) => activeIds.has(userId));
      if (head !== undefined) mergedDepartments[index] = { ...department, head };
    }
  }

  const merged: OrgConfig = { ...config, departments: mergedDepartments, people };
  report.warnings.push(...unresolvableSteps(merged, activeIds));
  return { config: merged, report };
}

function mergeDepartments(fileDepartments: DepartmentInfo[], wecomDepartments: WecomDepartment[], report: MergeReport) {
  const merged = fileDepartments.map((department) => ({ ...department }));
  const idByWecomId = new Map<number, string>();
  const claimed = new Set<string>();
  for (const wecomDepartment of wecomDepartments) {
    // A file department bound by wecom_id is matched only by that id, never by name.
    const boundIndex = merged.findIndex(
      (department) => department.wecomId === wecomDepartment.id && !claimed.has(department.id),
    );
    const index =
      boundIndex >= 0
        ? boundIndex
        : merged.findIndex(
            (department) =>
              department.wecomId === undefined &&
              department.name === wecomDepartment.name &&
              !claimed.has(department.id),
          );
    const existing = merged[index];
    if (existing) {
      claimed.add(existing.id);
      merged[index] = { ...existing, name: wecomDepartment.name, wecomId: wecomDepartment.id };
      idByWecomId.set(wecomDepartment.id, existing.id);
      report.departmentsMatched += 1;
      continue;
    }
    const id = `wecom-${wecomDepartment.id}`;
    merged.push({ id, name: wecomDepartment.name, wecomId: wecomDepartment.id });
    idByWecomId.set(wecomDepartment.id, id);
    report.departmentsAdded += 1;
  }
  for (const department of fileDepartments) {
    if (department.wecomId !== undefined && !claimed.has(department.id)) {
      report.warnings.push(
        `department ${department.id} (${department.name}) has wecom_id ${department.wecomId}, which WeCom did not list`,
      );
    }
  }
  return { merged, idByWecomId };
}

function personFromWecom(
  user: WecomUser,
  idByWecomId: Map<number, string>,
  filePerson: PersonInfo | undefined,
  report: MergeReport,
): PersonInfo {
  const departmentIds = [...new Set(user.department.flatMap((wecomId) => idByWecomId.get(wecomId) ?? []))];
  const unknown = user.department.filter((wecomId) => !idByWecomId.has(wecomId));
  if (unknown.length > 0)
    report.warnings.push(
      `${user.userid} (${user.name}) belongs to WeCom department(s) ${unknown.join(', ')}, which were not listed`,
    );
  const position = user.position?.trim() || filePerson?.position;
  return {
    userId: user.userid,
    name: user.name,
    departmentIds: departmentIds.length > 0 ? departmentIds : (filePerson?.departmentIds ?? []),
    roles: filePerson ? [...filePerson.roles] : ['staff'],
    ...(position ? { position } : {}),
    isActive: !INACTIVE_STATUSES.has(user.status ?? 1),
  };
}

function samePerson(before: PersonInfo, after: PersonInfo): boolean {
  return (
    before.name === after.name &&
    before.isActive === after.isActive &&
    (before.position ?? '') === (after.position ?? '') &&
    before.departmentIds.length === after.departmentIds.length &&
    before.departmentIds.every((id) => after.departmentIds.includes(id))
  );
}

/**
 * After the merge a department may have members but no head, or a role its only holder (WeCom
 * disabled the last office member of a `role:office` step): those seal requests would stall.
 */
function unresolvableSteps(config: OrgConfig, activeIds: Set<string>): string[] {
  const warnings: string[] = [];
  const staffed = config.departments.filter((department) =>
    config.people.some((person) => person.isActive && person.departmentIds.includes(department.id)),
  );
  for (const seal of config.seals) {
    for (const step of seal.approval) {
      if (step.startsWith('role:')) {
        const role = step.slice('role:'.length);
        if (!config.people.some((person) => person.isActive && person.roles.some((held) => held === role))) {
          warnings.push(
            `seal ${seal.id} (${seal.name}): step ${step} resolves to nobody: no active person has the role ${role}`,
          );
        }
        continue;
      }
      if (step !== 'dept_head' && step !== 'dept_leader') continue;
      const key = step === 'dept_head' ? 'head' : 'leader';
      for (const department of staffed) {
        const holder = department[key];
        if (holder === undefined || !activeIds.has(holder)) {
          warnings.push(
            `seal ${seal.id} (${seal.name}): step ${step} resolves to nobody for department ${department.id} (${department.name}); add its ${key} to the org file`,
          );
        }
      }
    }
  }
  return warnings;
}
