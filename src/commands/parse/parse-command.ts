import type { CommandSpec, FieldProblem, FieldValue, ParsedCommand } from '../types.js';
import type { ParseContext } from './parse-context.js';
import { parseFieldValue } from './parse-field-value.js';
import { readLeadingReference } from './parse-reference.js';
import { splitFields, trimSeparators } from './split-fields.js';

export type { ParseContext } from './parse-context.js';

/**
 * Reads what follows a command keyword (spec 2.5): an optional reference, optional free text, then
 * `名称:值` fields. It never throws on what a person typed: everything not understood ends up in
 * `problems` (a Chinese sentence each) or `missing`, so nothing is silently dropped.
 */
export function parseCommand(rest: string, spec: CommandSpec, ctx: ParseContext): ParsedCommand {
  const problems: FieldProblem[] = [];
  let text = trimSeparators(rest.trim());

  let ref: string | undefined;
  if (spec.ref) {
    const leading = readLeadingReference(text, spec.ref.prefixes);
    if (leading?.kind === 'ref') {
      ref = leading.ref;
      text = trimSeparators(text.slice(leading.length));
    } else if (spec.ref.required) {
      const kinds = spec.ref.prefixes.map((prefix) => prefix.toUpperCase()).join('、');
      const given = leading ? `「${leading.token}」不是「${spec.keyword}」能用的编号，` : '';
      problems.push({ field: '编号', message: `${given}「${spec.keyword}」后面要写 ${kinds} 开头的编号，例如 ${spec.example}` });
      // the wrong reference is reported here, so it is not reported again as stray free text
      if (leading) text = trimSeparators(text.slice(leading.length));
    }
  }

  const { head, segments } = splitFields(text, spec.fields);
  const freeTextRule = spec.freeText ?? 'optional';
  if (freeTextRule === 'none' && head !== '') {
    problems.push({ field: '内容', message: `没看懂「${head}」：「${spec.keyword}」的内容请写成 名称:值，例如 ${spec.example}` });
  }
  if (freeTextRule === 'required' && head === '') {
    problems.push({ field: '内容', message: `「${spec.keyword}」后面要写内容，例如 ${spec.example}` });
  }

  // a field given twice keeps the last value: people correct themselves by typing it again
  const given = new Map<string, string>();
  for (const { field, raw } of segments) if (raw !== '') given.set(field.name, raw);

  const values: Record<string, FieldValue> = {};
  const missing: ParsedCommand['missing'] = [];
  for (const field of spec.fields) {
    const raw = given.get(field.name) ?? field.defaultValue;
    if (raw === undefined) {
      if (field.required) missing.push(field);
      continue;
    }
    const result = parseFieldValue(field, raw, ctx);
    if ('value' in result) values[field.name] = result.value;
    else problems.push({ field: field.name, message: result.problem });
  }
  return { spec, ...(ref !== undefined ? { ref } : {}), freeText: head, values, missing, problems };
}
