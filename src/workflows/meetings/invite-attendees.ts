import type { DepartmentInfo, PersonInfo } from '../../directory/types.js';
import type { BaseContext } from '../../kit/context.js';
import { refusal } from '../../shared/errors.js';

export interface Invitee {
  userId: string;
  /** the department named in 参会 that brought them in, if any */
  departmentId: string | null;
}

/**
 * Who is invited (spec 2.5 参会): the people named, everyone active in each department named (its
 * id recorded on their row), and the 主持 and 记录人, who are at the meeting too. Each once, in that
 * order. A department with nobody in it is refused: a notice to nobody would look sent.
 */
export function inviteesOf(
  ctx: BaseContext,
  named: { people: readonly PersonInfo[]; departments: readonly DepartmentInfo[] },
  roles: { host: PersonInfo; recorder?: PersonInfo | undefined },
): Invitee[] {
  const invitees: Invitee[] = [];
  const add = (userId: string, departmentId: string | null) => {
    if (!invitees.some((invitee) => invitee.userId === userId)) invitees.push({ userId, departmentId });
  };
  for (const person of named.people) add(person.userId, null);
  for (const department of named.departments) {
    const members = ctx.directory.activePeople().filter((person) => person.departmentIds.includes(department.id));
    if (members.length === 0)
      throw refusal('INVALID_INPUT', `「${department.name}」在通讯录中没有人员，请在「参会」中改写具体的人。`);
    for (const member of members) add(member.userId, department.id);
  }
  add(roles.host.userId, null);
  if (roles.recorder) add(roles.recorder.userId, null);
  const left = invitees.map((invitee) => ctx.directory.person(invitee.userId)).find((person) => !person?.isActive);
  if (left) throw refusal('INVALID_INPUT', `${left.name}已不在通讯录中，不能邀请参会。`);
  return invitees;
}
