import type { Directory } from '../../directory/types.js';
import { refusal } from '../../shared/errors.js';
import { clip } from '../../shared/text.js';

export type CopyKind = 'main' | 'copy';

/** One person who confirms receipt: a department's head, or a person named. */
export interface InternalRecipient {
  userId: string;
  departmentId?: string;
  copyKind: CopyKind;
  /** 教务处（李华）, 王芳 */
  label: string;
}

export interface Recipients {
  internal: InternalRecipient[];
  /** names that are not in the directory (区教育局): sent on paper, no confirmation asked */
  external: string[];
}

/**
 * Who gets an issued document (spec 3.3, 分发): each name in 主送 and 抄送 is a department of the org
 * file (its head confirms), a person in the directory, or an outside body, which gets the paper and
 * is asked nothing. Someone named in both is a 主送 recipient once. Pure.
 */
export function resolveRecipients(
  directory: Directory,
  lists: { main?: string | null; copy?: string | null },
): Recipients {
  const recipients: Recipients = { internal: [], external: [] };
  for (const [copyKind, typed] of [
    ['main', lists.main],
    ['copy', lists.copy],
  ] as const) {
    for (const name of splitNames(typed ?? '')) {
      const recipient = internalRecipient(directory, name, copyKind);
      if (!recipient) {
        if (!recipients.external.includes(name)) recipients.external.push(name);
      } else if (!recipients.internal.some((each) => each.userId === recipient.userId)) {
        recipients.internal.push(recipient);
      }
    }
  }
  return recipients;
}

function splitNames(typed: string): string[] {
  return typed
    .split(/[\s、,，;；]+/)
    .map((part) => part.replace(/^@+/, '').trim())
    .filter((part) => part !== '');
}

function internalRecipient(directory: Directory, name: string, copyKind: CopyKind): InternalRecipient | undefined {
  const department = directory.departmentNamed(name) ?? directory.department(name);
  if (department) {
    const head = department.head ? directory.person(department.head) : undefined;
    if (!head?.isActive)
      throw refusal(
        'CONFLICT',
        `${department.name}现在没有部门负责人，无法确认收文。请综合办公室先在组织文件中补上，或改为分发给具体的人。`,
      );
    return { userId: head.userId, departmentId: department.id, copyKind, label: `${department.name}（${head.name}）` };
  }
  const named = directory.peopleNamed(name);
  if (named.length > 1)
    throw refusal(
      'INVALID_INPUT',
      `通讯录中有${named.length}位「${clip(name, 10)}」，请写 @企业微信账号 指明是哪一位。`,
    );
  const person = named[0] ?? directory.person(name);
  if (!person?.isActive) return undefined;
  return { userId: person.userId, copyKind, label: person.name };
}
