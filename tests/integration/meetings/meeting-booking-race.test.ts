import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../../src/db/prisma.js';
import { fixedClock } from '../../../src/shared/clock.js';
import { mark, raceBehindLock, textsSince, waitForText } from '../../support/seal-helpers.js';
import { startTestService, type TestService } from '../../support/test-service.js';

/**
 * Two bookings racing for one room through the real gateway (signed callbacks, the inbound queue,
 * two events worked on at once, real PostgreSQL): both pass the check that the room is free before
 * either commits, and the database's exclusion constraint (room_booking_no_overlap) lets exactly
 * one hold it. The loser is told what a booking arriving second is told. The race is made to
 * happen: both contenders queue, their checks done, behind the lock on the H counter the test holds.
 */
describe('two bookings racing for one room', () => {
  let t: TestService;
  const loggedErrors: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        loggedErrors.push(chunk.toString());
        done();
      },
    });
    t = await startTestService({
      clock: fixedClock('2026-11-30T01:00:00Z'),
      overrides: { logger: pino({ level: 'error' }, sink) },
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const book = (from: string, topic: string) =>
    t.sendText(from, `会议 ${topic} 时间:12月3日下午3点 地点:第一会议室 参会:@刘洋`);

  it('exactly one is held; the other is refused naming the winner, the free rooms and the next free starts', async () => {
    // a first meeting, off-site, so the H counter exists to be locked
    const since = mark(t, 'liuyang');
    await t.sendText('liuyang', '会议 区教研 时间:12月2日上午9点 地点:区教育局 参会:@陈浩');
    await waitForText(t, 'liuyang', '已提交会议预约 H1', { since });

    const chenhao = mark(t, 'chenhao');
    const zhangyan = mark(t, 'zhangyan');
    const lockCounter = async (tx: Tx) => {
      await tx.$queryRaw`SELECT value FROM counter WHERE scope = 'H' FOR UPDATE`;
    };
    const events = await raceBehindLock(t, lockCounter, [
      { send: () => book('chenhao', '教研组长会'), waitingAfter: 1 },
      { send: () => book('zhangyan', '学籍工作会'), waitingAfter: 2 },
    ]);
    expect(events).toHaveLength(2);

    expect(await waitForText(t, 'chenhao', '已提交会议预约', { since: chenhao })).toMatch(
      /^已提交会议预约 H2（教研组长会），等待综合办公室/,
    );
    expect(await waitForText(t, 'zhangyan', '占用', { since: zhangyan })).toBe(
      [
        '第一会议室 12-03 15:00–16:00（周四）已被 H2（15:00–16:00）占用（会议室自提交预约起即为其保留，含待审批的预约）。',
        '该时段空闲的会议室：第二会议室、学术报告厅。',
        '第一会议室接下来可订（60分钟）：12-03（周四）16:00、16:30、17:00。',
        '请换「时间」或「地点」后重新发送。',
      ].join('\n'),
    );
    await t.quiesce();

    const held = await t.db.prisma.$queryRaw<{ ref: string; organizer: string }[]>`
      SELECT m.ref, m.organizer_userid AS organizer
        FROM room_booking b JOIN meeting m ON m.id = b.meeting_id
       WHERE b.room_id = 'room1' AND b.state = 'held'`;
    expect(held).toEqual([{ ref: 'H2', organizer: 'chenhao' }]);
    // the loser left nothing: no meeting, no reference used (the next one is H3), no stray texts
    expect(await t.db.prisma.meeting.count()).toBe(2);
    expect((await t.db.prisma.counter.findFirstOrThrow({ where: { scope: 'H' } })).value).toBe(2);
    expect(textsSince(t, 'zhangyan', zhangyan)).toHaveLength(1);
    const statuses = await t.db.prisma.inboundEvent.findMany({
      where: { id: { in: events.map((event) => event.id) } },
      select: { status: true, attempts: true },
    });
    // both handled at the first attempt: the loser's refusal is an answer, not a retried crash
    expect(statuses).toEqual([
      { status: 'processed', attempts: 1 },
      { status: 'processed', attempts: 1 },
    ]);
    expect(loggedErrors).toEqual([]);
  });
});
