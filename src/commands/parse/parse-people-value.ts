import type { Directory } from '../../directory/types.js';
import type { FieldSpec, FieldValue } from '../../kit/command-spec.js';
import { resolveDepartment } from './resolve-department.js';
import { resolvePerson } from './resolve-person.js';
import { splitNameTokens } from './split-name-tokens.js';

type PeopleKind = 'person' | 'people' | 'department' | 'departments' | 'people_or_departments';
export type PeopleValueResult = { value: FieldValue } | { problem: string };

/**
 * Reads the fields that name people and departments. Every name that cannot be resolved is
 * reported (not only the first), so the sender can fix them all in one reply.
 */
export function parsePeopleValue(
  field: FieldSpec & { kind: PeopleKind },
  raw: string,
  directory: Directory,
): PeopleValueResult {
  const tokens = splitNameTokens(raw);
  if (tokens.length === 0) return { problem: `${field.name}不能为空。` };
  const isSingle = field.kind === 'person' || field.kind === 'department';
  if (isSingle && tokens.length > 1) {
    return {
      problem: `${field.name}只能写一个${field.kind === 'person' ? '人' : '部门'}，收到了${tokens.length}个：${tokens.map((t) => t.text).join('、')}。`,
    };
  }

  const userIds: string[] = [];
  const departmentIds: string[] = [];
  const problems: string[] = [];
  const isDepartmentField = field.kind === 'department' || field.kind === 'departments';
  for (const token of tokens) {
    // an @mention is always a person; otherwise in 参会 a department's exact name wins (spec 2.5)
    const department = isDepartmentField || !token.isMention ? resolveDepartment(token.text, directory) : undefined;
    if (isDepartmentField || (field.kind === 'people_or_departments' && department)) {
      if (department) pushOnce(departmentIds, department.id);
      else problems.push(`没有找到部门「${token.text}」`);
      continue;
    }
    const person = resolvePerson(token.text, directory);
    if ('userId' in person) pushOnce(userIds, person.userId);
    else if (person.reason === 'not_found' && field.kind === 'people_or_departments') {
      problems.push(`没有找到「${token.text}」`);
    } else problems.push(person.problem);
  }
  if (problems.length > 0) return { problem: `${field.name}：${problems.join('；')}。` };

  switch (field.kind) {
    case 'person':
      return { value: userIds[0] as string };
    case 'people':
      return { value: userIds };
    case 'department':
      return { value: departmentIds[0] as string };
    case 'departments':
      return { value: departmentIds };
    case 'people_or_departments':
      return { value: { userIds, departmentIds } };
  }
}

function pushOnce(list: string[], id: string): void {
  if (!list.includes(id)) list.push(id);
}
