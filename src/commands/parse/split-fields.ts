import type { FieldSpec } from '../../kit/command-spec.js';

export interface FieldSegment {
  field: FieldSpec;
  /** the value as typed, separators at its ends removed; may be empty (`份数:`) */
  raw: string;
}

/** A `名称:值` whose name is not a field of the command (`备注:急`). */
export interface UnknownSegment {
  label: string;
  raw: string;
}

export interface SplitFields {
  /** everything before the first field label, separators at its ends removed */
  head: string;
  segments: FieldSegment[];
  unknown: UnknownSegment[];
}

/** What may stand between fields (spec 2.5), plus 。 which people end a clause with. */
const SEPARATOR_CLASS = '\\s，,；;。';
const EDGE_SEPARATORS = new RegExp(`^[${SEPARATOR_CLASS}]+|[${SEPARATOR_CLASS}]+$`, 'g');

/**
 * What looks like a field label people made up: 1–8 Han characters or letters then a colon, where a
 * field can start. Digits are never a name (14:00), and `http://` is an address, not a label.
 */
const ANY_LABEL = new RegExp(`(?<=^|[${SEPARATOR_CLASS}])([\\p{Script=Han}A-Za-z]{1,8})\\s*[:：](?!//)`, 'gu');

/**
 * Matches `名称:` or `名称：` for the given fields' names and aliases, only where a field can
 * start: at the beginning or after a separator, so 文件 inside `相关文件:` is not the 文件 field.
 */
export function fieldLabelPattern(fields: FieldSpec[], flags = 'g'): RegExp {
  const labels = fields
    .flatMap((field) => [field.name, ...(field.aliases ?? [])])
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  if (labels.length === 0) return new RegExp('(?!)', flags); // a command without fields matches no label
  return new RegExp(`(?<=^|[${SEPARATOR_CLASS}])(${labels.join('|')})\\s*[:：]`, flags);
}

interface Label {
  index: number;
  end: number;
  field?: FieldSpec;
  name: string;
}

/**
 * Cuts `free text 事由:值 份数:值` into the head and each field's raw value. A value runs until the
 * next label, known or not: `印章:校章 备注:急` is the seal 校章 and an unknown 备注, never a seal
 * named 「校章 备注:急」. An unknown label right at the start of a value (`事由: 注意:…`) belongs to
 * the value. Unknown labels in the head are looked for only when `unknownInHead` (commands that take
 * no free text); otherwise the head is the command's free text, written as the person pleases.
 */
export function splitFields(text: string, fields: FieldSpec[], options: { unknownInHead?: boolean } = {}): SplitFields {
  const byLabel = new Map<string, FieldSpec>();
  for (const field of fields) {
    for (const label of [field.name, ...(field.aliases ?? [])]) byLabel.set(label.toLowerCase(), field);
  }
  const known: Label[] = [...text.matchAll(fieldLabelPattern(fields, 'gi'))].map((match) => ({
    index: match.index ?? 0,
    end: (match.index ?? 0) + match[0].length,
    field: byLabel.get((match[1] ?? '').toLowerCase()),
    name: match[1] ?? '',
  }));
  const firstKnown = known[0]?.index ?? text.length;
  const candidates: Label[] = [...text.matchAll(ANY_LABEL)]
    .map((match) => ({ index: match.index ?? 0, end: (match.index ?? 0) + match[0].length, name: match[1] ?? '' }))
    .filter((label) => !byLabel.has(label.name.toLowerCase()) && !known.some((k) => k.index === label.index))
    .filter((label) => options.unknownInHead || label.index > firstKnown);

  const labels: Label[] = [];
  for (const label of [...known, ...candidates].sort((a, b) => a.index - b.index)) {
    const previous = labels.at(-1);
    const isValueStart = previous !== undefined && trimSeparators(text.slice(previous.end, label.index)) === '';
    if (label.field === undefined && isValueStart) continue;
    labels.push(label);
  }

  const segments: FieldSegment[] = [];
  const unknown: UnknownSegment[] = [];
  labels.forEach((label, i) => {
    const raw = trimSeparators(text.slice(label.end, labels[i + 1]?.index ?? text.length));
    if (label.field) segments.push({ field: label.field, raw });
    else unknown.push({ label: label.name, raw });
  });
  return { head: trimSeparators(text.slice(0, labels[0]?.index ?? text.length)), segments, unknown };
}

export function trimSeparators(text: string): string {
  return text.replace(EDGE_SEPARATORS, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
