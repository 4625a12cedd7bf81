import type { Role } from '../directory/types.js';

/** How a field's text becomes a value. */
export type FieldKind =
  | 'text'
  | 'int' // a positive integer (份数)
  | 'datetime' // 2026-11-25 14:00, 11月25日 14:00, 明天下午3点, 下周一, 周五, 3天后 -> Date
  | 'date' // as datetime, the day only (start of day in the org time zone) -> Date
  | 'duration' // 90分钟, 1.5小时 -> minutes
  | 'person' // @姓名, @userid or a unique bare name -> one userid
  | 'people' // several of those -> userids
  | 'department' // a department name or id -> department id
  | 'departments'
  | 'people_or_departments' // 参会: people and/or departments -> { userIds, departmentIds }
  | 'enum' // one of `options`
  | 'reference' // an item reference like Y12 or F3 -> normalised upper case
  | 'seal'; // a seal of the org file by name, id or alias (公章 for 校章) -> the seal's id

export interface FieldSpec {
  /** the Chinese field name people type, e.g. '事由' */
  name: string;
  aliases?: string[];
  kind: FieldKind;
  required?: boolean;
  /**
   * required only of people without one of these roles: 交办's 领导 names the assigning leader when
   * the office records a task, and is the sender themself when a leader assigns it
   */
  requiredUnlessRoles?: Role[];
  /**
   * The field does not apply while the field named `field` holds one of `values` (spec 2.6: a
   * 秘密/机密 document's 标题 is neither asked for nor kept): it is then not asked, and a value typed
   * for it is dropped before anything is stored, the sender told `droppedNote` (once, however many
   * fields share it). Otherwise it is required, unless `isOptional` (发文's 主题词: kept when given,
   * never asked for).
   */
  onlyUnless?: { field: string; values: string[]; droppedNote: string; isOptional?: boolean };
  /** for enum: the allowed values */
  options?: string[];
  /** the value used when the field is absent (as text, parsed like input) */
  defaultValue?: string;
  /** for reference: the accepted prefixes, e.g. ['F'] */
  refPrefixes?: string[];
  /** the question asked when a required field is missing (the accepted forms are appended) */
  question?: string;
  /** when absent, the command's free text fills this field (e.g. `取消 Y3 不需要了`: the reason) */
  fromFreeText?: boolean;
  /** datetime fields given as a day only get this time of day (HH:mm); default '09:00' */
  defaultTime?: string;
  /** int: the largest value taken (份数:300 for 3 is a typo); a larger one is asked again */
  max?: number;
  /** datetime/date: a time already past (a minute of grace, by the injected clock) is refused */
  notPast?: boolean;
}

export interface CommandSpec {
  /** the command keyword, e.g. '用印' */
  keyword: string;
  aliases?: string[];
  /** one line for 帮助 */
  summary: string;
  /** a complete example message */
  example: string;
  /** who may use it (anyone in the directory when absent); checked again by the handler */
  roles?: Role[];
  /**
   * the command takes an item reference right after the keyword (`查询 Y12`); a missing one is
   * asked for with `question` (e.g. '要查询哪一项？') like a missing field
   */
  ref?: { prefixes: string[]; required: boolean; question?: string };
  /** only reads: it runs even when typed one letter off (帮助, 我的待办, 查询, 更多) and leaves nothing half done */
  isReadOnly?: boolean;
  /** free text after the keyword (and reference), before the first field */
  freeText?: 'none' | 'optional' | 'required';
  fields: FieldSpec[];
}

export type FieldValue = string | number | Date | string[] | { userIds: string[]; departmentIds: string[] };

/**
 * Something typed that could not be used, as one Chinese line the sender sees (`message`):
 * - `field`: the value of `field` (or of the reference, field '编号') could not be read; it is asked again
 * - `unknown_field`: `field` is a `名称:` this command does not have (备注:急); its value is not kept
 * - `stray_text`: text the command does not take (`field` is '内容')
 * - `missing_text`: the command needs free text and got none
 */
export interface FieldProblem {
  kind: 'field' | 'unknown_field' | 'stray_text' | 'missing_text';
  field: string;
  message: string;
}

export interface ParsedCommand {
  spec: CommandSpec;
  ref?: string;
  freeText: string;
  /** values keyed by the field's canonical name */
  values: Record<string, FieldValue>;
  /** required fields not given, in the spec's order (a missing required reference first, as '编号') */
  missing: FieldSpec[];
  problems: FieldProblem[];
}

/**
 * The spec as it applies to one sender and what they typed so far: a field required unless the
 * sender has one of its roles ({@link FieldSpec.requiredUnlessRoles}) is required, or not, for them;
 * a field that applies only unless another field holds some value ({@link FieldSpec.onlyUnless}) is
 * required while that value is not given. Pure.
 */
export function specForRoles(
  spec: CommandSpec,
  roles: readonly Role[],
  values: Readonly<Record<string, FieldValue>> = {},
): CommandSpec {
  if (!spec.fields.some((field) => field.requiredUnlessRoles || field.onlyUnless)) return spec;
  return {
    ...spec,
    fields: spec.fields.map((field) => {
      if (field.requiredUnlessRoles)
        return { ...field, required: !field.requiredUnlessRoles.some((role) => roles.includes(role)) };
      if (field.onlyUnless)
        return { ...field, required: !field.onlyUnless.isOptional && !isInapplicable(field, values) };
      return field;
    }),
  };
}

/**
 * What was typed without the values of fields that do not apply ({@link FieldSpec.onlyUnless}: a
 * title typed for a 秘密 document, and the free text it came from), and the note for each one
 * dropped: called before a draft is stored or run, so such a value is kept nowhere. Pure.
 */
export function dropInapplicable<D extends { freeText: string; values: Record<string, FieldValue> }>(
  spec: CommandSpec,
  typed: D,
): { draft: D; notes: string[] } {
  const values = { ...typed.values };
  let freeText = typed.freeText;
  const notes: string[] = [];
  for (const field of spec.fields) {
    if (!field.onlyUnless || values[field.name] === undefined || !isInapplicable(field, typed.values)) continue;
    delete values[field.name];
    if (field.fromFreeText) freeText = '';
    if (!notes.includes(field.onlyUnless.droppedNote)) notes.push(field.onlyUnless.droppedNote);
  }
  return { draft: { ...typed, freeText, values }, notes };
}

function isInapplicable(field: FieldSpec, values: Readonly<Record<string, FieldValue>>): boolean {
  const other = field.onlyUnless && values[field.onlyUnless.field];
  return typeof other === 'string' && field.onlyUnless!.values.includes(other);
}
