import type { Directory } from '../../directory/types.js';

export type PersonResolution = { userId: string } | { problem: string; reason: 'not_found' | 'ambiguous' };

/**
 * Finds one active person by WeCom userid (case-insensitive: WeCom treats them so) or by a name
 * that is unique among active people. Two people with one name are never guessed between: the
 * sender is shown both, with departments, and asked for the userid.
 */
export function resolvePerson(name: string, directory: Directory): PersonResolution {
  const byId =
    directory.person(name) ??
    directory.activePeople().find((person) => person.userId.toLowerCase() === name.toLowerCase());
  if (byId?.isActive) return { userId: byId.userId };

  const named = directory.peopleNamed(name);
  if (named.length === 1 && named[0]) return { userId: named[0].userId };
  if (named.length > 1) {
    const candidates = named.map((person) => {
      const departments = person.departmentIds.map((id) => directory.department(id)?.name ?? id).join('、');
      return `${person.name}（${departments || '未分部门'}，@${person.userId}）`;
    });
    return {
      reason: 'ambiguous',
      problem: `「${name}」有${named.length}位：${candidates.join('、')}，请用 @企业微信账号 指明是哪一位`,
    };
  }
  return { reason: 'not_found', problem: `没有找到「${name}」` };
}
