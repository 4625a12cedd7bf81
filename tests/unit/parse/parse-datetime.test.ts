import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { parseFieldValue } from '../../../src/commands/parse/parse-field-value.js';
import type { FieldSpec } from '../../../src/kit/command-spec.js';
import { SUNDAY_10AM, buildContext } from './fixtures.js';

const timeField: FieldSpec = { name: '时间', kind: 'datetime' };
const dayField: FieldSpec = { name: '生效', kind: 'date' };
const WEDNESDAY_10AM = '2026-11-25T02:00:00Z';

/** The instant a datetime text means, read on Sunday 2026-11-22 10:00 in Shanghai unless told. */
const at = (raw: string, now: Date | string = SUNDAY_10AM) => parseFieldValue(timeField, raw, buildContext(now));
const instant = (iso: string) => ({ value: new Date(iso) });

describe('datetime fields (read in Asia/Shanghai, UTC+8)', () => {
  it('runs its tests on a Sunday morning', () => {
    expect(DateTime.fromJSDate(SUNDAY_10AM, { zone: 'Asia/Shanghai' }).toFormat('cccc yyyy-MM-dd HH:mm')).toBe(
      'Sunday 2026-11-22 10:00',
    );
    expect(DateTime.fromISO(WEDNESDAY_10AM, { zone: 'Asia/Shanghai' }).toFormat('cccc HH:mm')).toBe('Wednesday 10:00');
  });

  it('reads full dates with and without a time', () => {
    expect(at('2026-11-25 14:00')).toEqual(instant('2026-11-25T06:00:00Z'));
    expect(at('2026/11/25 14:00')).toEqual(instant('2026-11-25T06:00:00Z'));
    expect(at('2026年11月25日 14:00')).toEqual(instant('2026-11-25T06:00:00Z'));
    expect(at('2026-11-25')).toEqual(instant('2026-11-25T01:00:00Z'));
    expect(at('２０２６－１１－２５　１４：００')).toEqual(instant('2026-11-25T06:00:00Z'));
  });

  it('reads month and day in this year, or next year once the day has gone', () => {
    expect(at('11月25日 14:00')).toEqual(instant('2026-11-25T06:00:00Z'));
    expect(at('11月25日')).toEqual(instant('2026-11-25T01:00:00Z'));
    expect(at('11月25号下午3点')).toEqual(instant('2026-11-25T07:00:00Z'));
    expect(at('十一月二十五日')).toEqual(instant('2026-11-25T01:00:00Z'));
    expect(at('11月22日 8:00')).toEqual(instant('2026-11-22T00:00:00Z'));
    expect(at('11月1日')).toEqual(instant('2027-11-01T01:00:00Z'));
    expect(at('28号')).toEqual(instant('2026-11-28T01:00:00Z'));
    expect(at('11-25 14:00')).toEqual(instant('2026-11-25T06:00:00Z'));
    expect(at('1/5')).toEqual(instant('2027-01-05T01:00:00Z'));
  });

  it('reads 今天, 明天, 后天 with the default time of 09:00', () => {
    expect(at('今天')).toEqual(instant('2026-11-22T01:00:00Z'));
    expect(at('明天')).toEqual(instant('2026-11-23T01:00:00Z'));
    expect(at('后天')).toEqual(instant('2026-11-24T01:00:00Z'));
  });

  it('uses the field’s own default time for a day given alone', () => {
    const deadline: FieldSpec = { name: '期限', kind: 'datetime', defaultTime: '17:30' };
    expect(parseFieldValue(deadline, '明天', buildContext())).toEqual(instant('2026-11-23T09:30:00Z'));
  });

  it('reads times of day with 上午, 下午, 晚上, 中午, 点半 and 一刻', () => {
    expect(at('明天下午3点')).toEqual(instant('2026-11-23T07:00:00Z'));
    expect(at('明天上午9点半')).toEqual(instant('2026-11-23T01:30:00Z'));
    expect(at('明天15:30')).toEqual(instant('2026-11-23T07:30:00Z'));
    expect(at('明天 下午 3点')).toEqual(instant('2026-11-23T07:00:00Z'));
    expect(at('明天3点一刻')).toEqual(instant('2026-11-23T07:15:00Z'));
    expect(at('晚上8点')).toEqual(instant('2026-11-22T12:00:00Z'));
    expect(at('今晚8点')).toEqual(instant('2026-11-22T12:00:00Z'));
    expect(at('明早8点')).toEqual(instant('2026-11-23T00:00:00Z'));
    expect(at('明天中午12点')).toEqual(instant('2026-11-23T04:00:00Z'));
    expect(at('明天早上8点')).toEqual(instant('2026-11-23T00:00:00Z'));
    expect(at('明天下午')).toEqual(instant('2026-11-23T06:00:00Z'));
  });

  it('reads a time alone as today, even when it has passed (workflows decide about the past)', () => {
    expect(at('下午3点')).toEqual(instant('2026-11-22T07:00:00Z'));
    expect(at('上午8点')).toEqual(instant('2026-11-22T00:00:00Z'));
  });

  it('reads a bare 3点 as the afternoon, since nothing is booked for 3 a.m.', () => {
    expect(at('明天3点')).toEqual(instant('2026-11-23T07:00:00Z'));
    expect(at('明天9点')).toEqual(instant('2026-11-23T01:00:00Z'));
  });

  it('reads weekdays: a bare weekday is the next one on or after today', () => {
    expect(at('周五')).toEqual(instant('2026-11-27T01:00:00Z'));
    expect(at('星期五')).toEqual(instant('2026-11-27T01:00:00Z'));
    expect(at('礼拜五')).toEqual(instant('2026-11-27T01:00:00Z'));
    expect(at('周日')).toEqual(instant('2026-11-22T01:00:00Z'));
    expect(at('周五下午3点')).toEqual(instant('2026-11-27T07:00:00Z'));
  });

  it('reads 下周 as the Monday-to-Sunday week after this one', () => {
    // on Sunday, next week starts tomorrow
    expect(at('下周一')).toEqual(instant('2026-11-23T01:00:00Z'));
    expect(at('下周五')).toEqual(instant('2026-11-27T01:00:00Z'));
    // on Wednesday the 25th, 周五 is this Friday and 下周五 the one after
    expect(at('周五', WEDNESDAY_10AM)).toEqual(instant('2026-11-27T01:00:00Z'));
    expect(at('下周五', WEDNESDAY_10AM)).toEqual(instant('2026-12-04T01:00:00Z'));
    expect(at('下周一', WEDNESDAY_10AM)).toEqual(instant('2026-11-30T01:00:00Z'));
    expect(at('周三', WEDNESDAY_10AM)).toEqual(instant('2026-11-25T01:00:00Z'));
  });

  it('reads counted offsets from now', () => {
    expect(at('3天后')).toEqual(instant('2026-11-25T01:00:00Z'));
    expect(at('三天后')).toEqual(instant('2026-11-25T01:00:00Z'));
    expect(at('3天后下午2点')).toEqual(instant('2026-11-25T06:00:00Z'));
    expect(at('2小时后')).toEqual(instant('2026-11-22T04:00:00Z'));
    expect(at('两个小时后')).toEqual(instant('2026-11-22T04:00:00Z'));
    expect(at('30分钟后')).toEqual(instant('2026-11-22T02:30:00Z'));
  });

  it('refuses days and times that do not exist, saying which (the question that follows shows how to write it)', () => {
    expect(at('2月30日')).toEqual({ problem: '时间「2月30日」不是有效的日期。' });
    expect(at('2026-02-30 10:00')).toEqual({ problem: '时间「2026-02-30 10:00」不是有效的日期。' });
    expect(at('25:00')).toEqual({ problem: '时间「25:00」不是有效的钟点。' });
    expect(at('明天14:75')).toEqual({ problem: '时间「明天14:75」不是有效的钟点。' });
  });

  it('refuses text it cannot read, including a time followed by other words', () => {
    expect(at('改天吧')).toEqual({ problem: '时间「改天吧」看不懂。' });
    expect(at('明天下午3点开会')).toEqual({ problem: '时间「明天下午3点开会」看不懂。' });
  });

  it('reads 昨天, 前天, 昨晚 and 上周五 as the days they are', () => {
    expect(at('昨天下午3点')).toEqual(instant('2026-11-21T07:00:00Z'));
    expect(at('前天')).toEqual(instant('2026-11-20T01:00:00Z'));
    expect(at('大前天')).toEqual(instant('2026-11-19T01:00:00Z'));
    expect(at('昨晚8点')).toEqual(instant('2026-11-21T12:00:00Z'));
    expect(at('上周五')).toEqual(instant('2026-11-13T01:00:00Z'));
  });
});

describe('date fields', () => {
  it('return the start of the day in the organisation’s zone', () => {
    expect(parseFieldValue(dayField, '明天下午3点', buildContext())).toEqual(instant('2026-11-22T16:00:00Z'));
    expect(parseFieldValue(dayField, '2026-11-25', buildContext())).toEqual(instant('2026-11-24T16:00:00Z'));
    expect(parseFieldValue(dayField, '下周一', buildContext())).toEqual(instant('2026-11-22T16:00:00Z'));
  });

  it('say a date cannot be read', () => {
    expect(parseFieldValue(dayField, '下个月吧', buildContext())).toEqual({ problem: '生效「下个月吧」看不懂。' });
  });
});

describe('fields that take no past time (notPast)', () => {
  const planned: FieldSpec = { name: '时间', kind: 'datetime', notPast: true };
  const day: FieldSpec = { name: '生效', kind: 'date', notPast: true };
  const read = (field: FieldSpec, raw: string) => parseFieldValue(field, raw, buildContext());

  it('say a past time is in the past, not that it cannot be read', () => {
    expect(read(planned, '昨天下午3点')).toEqual({
      problem: '时间「昨天下午3点」已经过去了，请填写今后的时间，例如「明天上午9点」。',
    });
    expect(read(planned, '上周五')).toEqual({
      problem: '时间「上周五」已经过去了，请填写今后的时间，例如「明天上午9点」。',
    });
    expect(read(planned, '今天上午8点')).toEqual({
      problem: '时间「今天上午8点」已经过去了，请填写今后的时间，例如「明天上午9点」。',
    });
  });

  it('take a time within the minute of grace, and today as a day', () => {
    // the clock reads 10:00:00; 9:59 is "now" said slowly
    expect(read(planned, '今天9:59')).toEqual(instant('2026-11-22T01:59:00Z'));
    expect(read(planned, '明天')).toEqual(instant('2026-11-23T01:00:00Z'));
    expect(read(day, '今天')).toEqual(instant('2026-11-21T16:00:00Z'));
    expect(read(day, '昨天')).toEqual({ problem: '生效「昨天」已经过去了，请填写今后的时间，例如「明天上午9点」。' });
  });
});
