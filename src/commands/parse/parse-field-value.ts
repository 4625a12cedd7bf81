import type { FieldSpec, FieldValue } from '../../kit/command-spec.js';
import { MAX_TEXT_LENGTH } from './describe-field.js';
import type { ParseContext } from './parse-context.js';
import { parsePeopleValue } from './parse-people-value.js';
import { parsePositiveInt } from './parse-positive-int.js';
import { parseReference } from './parse-reference.js';
import { parseClockSetting, readDateTime } from './read-date-time.js';
import { readDuration } from './read-duration.js';

const DATE_TIME_TROUBLE = { invalid_date: '不是有效的日期', invalid_time: '不是有效的钟点', unreadable: '看不懂' };

/** A planned time a minute ago is "now" said slowly, not the past. */
const PAST_GRACE_MS = 60_000;

export type FieldValueResult = { value: FieldValue } | { problem: string };

/**
 * Turns the text given for one field into its value, or into the one Chinese line the sender sees:
 * it names the field and quotes what was wrong. The accepted forms are not repeated here: the
 * question for the field (questionFor), which always follows, shows them. Used for `名称:值` in a
 * command and for the answer to a guided question alike, so both accept exactly the same forms.
 */
export function parseFieldValue(field: FieldSpec, raw: string, ctx: ParseContext): FieldValueResult {
  const text = raw.trim();
  const rejected = (what: string): FieldValueResult => ({ problem: `${field.name}「${text}」${what}。` });
  if (text === '') return { problem: `${field.name}不能为空。` };

  switch (field.kind) {
    case 'text': {
      const length = [...text].length;
      return length <= MAX_TEXT_LENGTH
        ? { value: text }
        : { problem: `${field.name}太长了（${length}字），最多${MAX_TEXT_LENGTH}字，请精简后再发。` };
    }
    case 'int': {
      const count = parsePositiveInt(text);
      if (count === undefined) return rejected('不是正整数');
      return field.max !== undefined && count > field.max ? rejected(`超过了上限${field.max}`) : { value: count };
    }
    case 'datetime':
    case 'date': {
      const reading = readDateTime(text, ctx, parseClockSetting(field.defaultTime));
      if (reading.kind !== 'ok') return rejected(DATE_TIME_TROUBLE[reading.kind]);
      const at = (field.kind === 'date' ? reading.at.startOf('day') : reading.at).toJSDate();
      const endOfDay = field.kind === 'date' ? reading.at.endOf('day').toJSDate() : at;
      if (field.notPast && endOfDay.getTime() < ctx.now.getTime() - PAST_GRACE_MS) {
        return { problem: `${field.name}「${text}」已经过去了，请填写今后的时间，例如「明天上午9点」。` };
      }
      return { value: at };
    }
    case 'duration': {
      const reading = readDuration(text);
      if (reading.kind === 'not_positive') return rejected('必须大于0');
      return reading.kind === 'ok' ? { value: reading.minutes } : rejected('看不懂');
    }
    case 'enum': {
      const option = field.options?.find((candidate) => candidate === text);
      return option !== undefined ? { value: option } : rejected('不在可选范围内');
    }
    case 'reference': {
      const prefixes = field.refPrefixes ?? [];
      const ref = parseReference(text, prefixes);
      if (ref !== undefined) return { value: ref };
      const kinds = prefixes.map((prefix) => prefix.toUpperCase()).join('、');
      return { problem: `${field.name === '编号' ? '' : field.name}「${text}」不是 ${kinds} 开头的编号。` };
    }
    case 'seal': {
      const seal = ctx.directory.seal(text);
      return seal ? { value: seal.id } : { problem: `没有「${text}」这枚印章。` };
    }
    case 'person':
    case 'people':
    case 'department':
    case 'departments':
    case 'people_or_departments':
      return parsePeopleValue({ ...field, kind: field.kind }, text, ctx.directory);
  }
}
