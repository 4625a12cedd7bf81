import { clip } from '../../shared/text.js';
import type { CommandSpec, FieldProblem, FieldValue, ParsedCommand } from '../../kit/command-spec.js';
import type { ParseContext } from './parse-context.js';
import { parseFieldValue } from './parse-field-value.js';
import { readLeadingReference } from './parse-reference.js';
import { REFERENCE_FIELD, referenceField } from './reference-field.js';
import { splitFields, trimSeparators } from './split-fields.js';

export type { ParseContext } from './parse-context.js';

/**
 * Reads what follows a command keyword (spec 2.5): an optional reference, optional free text, then
 * `名称:值` fields. It never throws on what a person typed: everything not understood ends up in
 * `problems` (one Chinese line each) or `missing`, and every value understood is kept, so the router
 * can ask only for what is wrong or absent.
 */
export function parseCommand(rest: string, spec: CommandSpec, ctx: ParseContext): ParsedCommand {
  const problems: FieldProblem[] = [];
  const missing: ParsedCommand['missing'] = [];
  let text = trimSeparators(rest.trim());

  let ref: string | undefined;
  const refField = referenceField(spec);
  if (spec.ref && refField) {
    const leading = readLeadingReference(text, spec.ref.prefixes);
    if (leading?.kind === 'ref') {
      ref = leading.ref;
      text = trimSeparators(text.slice(leading.length));
    } else if (leading) {
      const kinds = spec.ref.prefixes.map((prefix) => prefix.toUpperCase()).join('、');
      problems.push({
        kind: 'field',
        field: REFERENCE_FIELD,
        message: `「${leading.token}」不是「${spec.keyword}」能用的编号（要 ${kinds} 开头）。`,
      });
      // the wrong reference is reported here, so it is not reported again as stray free text
      text = trimSeparators(text.slice(leading.length));
    } else if (spec.ref.required) {
      missing.push(refField);
    }
  }

  const freeTextRule = spec.freeText ?? 'optional';
  // a command without fields has no labels to confuse: whatever follows it is stray text
  const { head, segments, unknown } = splitFields(text, spec.fields, {
    unknownInHead: freeTextRule === 'none' && spec.fields.length > 0,
  });
  if (freeTextRule === 'none' && head !== '')
    problems.push({ kind: 'stray_text', field: '内容', message: strayText(spec, head) });
  if (freeTextRule === 'required' && head === '') {
    problems.push({
      kind: 'missing_text',
      field: '内容',
      message: `「${spec.keyword}」后面要写内容，例如 ${spec.example}`,
    });
  }
  if (unknown.length > 0) {
    const names = [...new Set(unknown.map((segment) => `「${segment.label}」`))].join('');
    problems.push({
      kind: 'unknown_field',
      field: unknown[0]!.label,
      message: `${names}不是「${spec.keyword}」能写的内容。可以写：${spec.fields.map((field) => field.name).join('、')}。`,
    });
  }

  // a field given twice keeps the last value: people correct themselves by typing it again
  const given = new Map<string, string>();
  for (const { field, raw } of segments) if (raw !== '') given.set(field.name, raw);

  const values: Record<string, FieldValue> = {};
  for (const field of spec.fields) {
    const raw = given.get(field.name) ?? (field.fromFreeText && head !== '' ? head : undefined) ?? field.defaultValue;
    if (raw === undefined) {
      if (field.required) missing.push(field);
      continue;
    }
    const result = parseFieldValue(field, raw, ctx);
    if ('value' in result) values[field.name] = result.value;
    else problems.push({ kind: 'field', field: field.name, message: result.problem });
  }
  return { spec, ...(ref !== undefined ? { ref } : {}), freeText: head, values, missing, problems };
}

function strayText(spec: CommandSpec, head: string): string {
  const shown = clip(head, 20);
  if (spec.fields.length === 0) {
    return spec.ref
      ? `「${spec.keyword}」后面写编号就可以，「${shown}」没有用上。`
      : `「${spec.keyword}」后面不用写别的，「${shown}」没有用上。`;
  }
  return `没看懂「${shown}」：「${spec.keyword}」的内容要写成「名称:值」，如「${spec.fields[0]!.name}:…」。`;
}
