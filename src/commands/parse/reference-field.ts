import type { CommandSpec, FieldSpec } from '../../kit/command-spec.js';

/** The name under which a command's item reference is asked for and reported, like a field. */
export const REFERENCE_FIELD = '编号';

/**
 * The reference after a keyword (`取消 Y3`) as a field, so a missing or wrong one is asked for like
 * any other missing field, keeping everything else that was typed (`取消 原因:不需要了`).
 */
export function referenceField(spec: CommandSpec): FieldSpec | undefined {
  if (!spec.ref) return undefined;
  return {
    name: REFERENCE_FIELD,
    kind: 'reference',
    refPrefixes: spec.ref.prefixes,
    required: spec.ref.required,
    question: spec.ref.question ?? `要「${spec.keyword}」哪一项？`,
  };
}

/** A field of the command by name, the reference included. */
export function fieldNamed(spec: CommandSpec, name: string): FieldSpec | undefined {
  return name === REFERENCE_FIELD ? referenceField(spec) : spec.fields.find((field) => field.name === name);
}
