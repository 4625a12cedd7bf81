import type { FieldSpec } from '../types.js';

export interface FieldSegment {
  field: FieldSpec;
  /** the value as typed, separators at its ends removed; may be empty (`份数:`) */
  raw: string;
}

export interface SplitFields {
  /** everything before the first known field, separators at its ends removed */
  head: string;
  segments: FieldSegment[];
}

/** What may stand between fields (spec 2.5), plus 。 which people end a clause with. */
const SEPARATOR_CLASS = '\\s，,；;。';
const EDGE_SEPARATORS = new RegExp(`^[${SEPARATOR_CLASS}]+|[${SEPARATOR_CLASS}]+$`, 'g');

/**
 * Matches `名称:` or `名称：` for the given fields' names and aliases, only where a field can
 * start: at the beginning or after a separator, so 文件 inside `相关文件:` is not the 文件 field.
 */
export function fieldLabelPattern(fields: FieldSpec[], flags = 'g'): RegExp {
  const labels = fields.flatMap((field) => [field.name, ...(field.aliases ?? [])])
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  if (labels.length === 0) return new RegExp('(?!)', flags); // a command without fields matches no label
  return new RegExp(`(?<=^|[${SEPARATOR_CLASS}])(${labels.join('|')})\\s*[:：]`, flags);
}

/**
 * Cuts `free text 事由:值 份数:值` into the head and each field's raw value. A value runs until
 * the next known field label, so it may hold spaces, commas and `备注:…` pairs of unknown names.
 */
export function splitFields(text: string, fields: FieldSpec[]): SplitFields {
  const byLabel = new Map<string, FieldSpec>();
  for (const field of fields) {
    for (const label of [field.name, ...(field.aliases ?? [])]) byLabel.set(label.toLowerCase(), field);
  }
  const labels = [...text.matchAll(fieldLabelPattern(fields, 'gi'))];
  const segments: FieldSegment[] = labels.map((label, i) => {
    const start = (label.index ?? 0) + label[0].length;
    const end = labels[i + 1]?.index ?? text.length;
    return { field: byLabel.get((label[1] ?? '').toLowerCase()) as FieldSpec, raw: trimSeparators(text.slice(start, end)) };
  });
  return { head: trimSeparators(text.slice(0, labels[0]?.index ?? text.length)), segments };
}

export function trimSeparators(text: string): string {
  return text.replace(EDGE_SEPARATORS, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
