import type { Directory } from '../../directory/types.js';
import { sealLabel } from '../../directory/seal-label.js';
import type { FieldKind, FieldSpec } from '../../kit/command-spec.js';

/** The longest text a text field takes; longer belongs in an attachment, not a chat message. */
export const MAX_TEXT_LENGTH = 500;

const FORMS: Record<Exclude<FieldKind, 'enum' | 'reference' | 'seal'>, string> = {
  text: `可写任意文字（最多${MAX_TEXT_LENGTH}字）`,
  int: '可写 3、3份、三',
  datetime: '可写 2026-11-25 14:00、11月25日 14:00、明天下午3点、下周一、周五、3天后',
  date: '可写 2026-11-25、11月25日、明天、下周一、周五、3天后',
  duration: '可写 90分钟、1.5小时、1小时30分钟、半小时',
  person: '可写 @姓名、@企业微信账号，或通讯录里唯一的姓名',
  people: '可写 @姓名、@企业微信账号或姓名，多人用空格或顿号分开，如 @王芳 @李华',
  department: '可写部门全称或部门编号，如 教务处',
  departments: '可写部门全称或部门编号，多个用顿号或空格分开，如 教务处、总务处',
  people_or_departments: '可写人（@姓名）和/或部门全称，用空格或顿号分开，如 @王芳 教务处',
};

/**
 * The Chinese hint listing what a field accepts, shown under every question. Seals are listed from
 * the directory with the other names staff use (校章（公章、学校公章）), and so is the department a
 * field asks for one of.
 */
export function describeAcceptedForms(field: FieldSpec, directory?: Directory): string {
  if (field.kind === 'enum') return `可选 ${(field.options ?? []).join('、')}`;
  if (field.kind === 'seal') {
    const seals = directory?.config.seals ?? [];
    return seals.length > 0 ? `可选 ${seals.map(sealLabel).join('、')}` : '可写印章名称';
  }
  // one department (承办): the list, so a name that was not found is answered with the right one
  const departments = directory?.config.departments ?? [];
  if (field.kind === 'department' && departments.length > 0)
    return `可选 ${departments.map((department) => department.name).join('、')}`;
  if (field.kind === 'reference') {
    const prefix = (field.refPrefixes?.[0] ?? 'Y').toUpperCase();
    return `可写编号，如 ${prefix}3（提交时回复的编号）`;
  }
  return FORMS[field.kind];
}

/**
 * The one question the bot sends for a field (spec 2.5: one question per message, showing the
 * accepted forms): the question ending in ？, the forms, and how to skip (optional fields) or give up.
 */
export function questionFor(field: FieldSpec, directory?: Directory): string {
  return `${questionLine(field)}\n${describeAcceptedForms(field, directory)}\n${field.required ? '（回复「取消」放弃）' : '（回复「跳过」不填，回复「取消」放弃）'}`;
}

/** The question alone, e.g. 「要盖几份？」, for reminders. */
export function questionLine(field: FieldSpec): string {
  const question = (field.question ?? `「${field.name}」填什么`).replace(/[。.：:？?]+$/, '');
  return `${question}？`;
}
