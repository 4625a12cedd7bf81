import type { FieldSpec, FieldValue } from '../types.js';
import { describeAcceptedForms, MAX_TEXT_LENGTH } from './describe-field.js';
import type { ParseContext } from './parse-context.js';
import { parsePeopleValue } from './parse-people-value.js';
import { parsePositiveInt } from './parse-positive-int.js';
import { parseReference } from './parse-reference.js';
import { parseClockSetting, readDateTime } from './read-date-time.js';
import { readDuration } from './read-duration.js';

const DATE_TIME_TROUBLE = { invalid_date: '不是有效的日期', invalid_time: '不是有效的钟点', unreadable: '看不懂' };

export type FieldValueResult = { value: FieldValue } | { problem: string };

/**
 * Turns the text given for one field into its value, or into the Chinese sentence the sender sees:
 * it names the field, quotes what was wrong and lists the accepted forms. Used for `名称:值` in a
 * command and for the answer to a guided question alike, so both accept exactly the same forms.
 */
export function parseFieldValue(field: FieldSpec, raw: string, ctx: ParseContext): FieldValueResult {
  const text = raw.trim();
  const rejected = (what: string): FieldValueResult => ({
    problem: `${field.name}「${text}」${what}。${describeAcceptedForms(field)}`,
  });
  if (text === '') return { problem: `${field.name}不能为空。${describeAcceptedForms(field)}` };

  switch (field.kind) {
    case 'text': {
      const length = [...text].length;
      return length <= MAX_TEXT_LENGTH ? { value: text }
        : { problem: `${field.name}太长了（${length} 字），最多 ${MAX_TEXT_LENGTH} 字，请精简后再发` };
    }
    case 'int': {
      const count = parsePositiveInt(text);
      return count !== undefined ? { value: count } : rejected('不是正整数');
    }
    case 'datetime':
    case 'date': {
      const reading = readDateTime(text, ctx, parseClockSetting(field.defaultTime));
      if (reading.kind !== 'ok') return rejected(DATE_TIME_TROUBLE[reading.kind]);
      return { value: (field.kind === 'date' ? reading.at.startOf('day') : reading.at).toJSDate() };
    }
    case 'duration': {
      const reading = readDuration(text);
      if (reading.kind === 'not_positive') return rejected('必须大于 0');
      return reading.kind === 'ok' ? { value: reading.minutes } : rejected('看不懂');
    }
    case 'enum': {
      const option = field.options?.find((candidate) => candidate === text);
      return option !== undefined ? { value: option } : rejected('不在可选范围内');
    }
    case 'reference': {
      const ref = parseReference(text, field.refPrefixes ?? []);
      return ref !== undefined ? { value: ref } : rejected('不是有效的编号');
    }
    case 'person':
    case 'people':
    case 'department':
    case 'departments':
    case 'people_or_departments':
      return parsePeopleValue({ ...field, kind: field.kind }, text, ctx.directory);
  }
}
