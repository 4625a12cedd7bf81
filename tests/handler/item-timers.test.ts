import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BaseContext } from '../../src/kit/context.js';
import { cancelItemTimers, setItemTimer, type ItemTimer } from '../../src/kit/item-timers.js';
import { tell } from '../../src/kit/notify.js';
import { workflowScheduleJobs } from '../../src/schedules/workflow-schedule-jobs.js';
import type { WorkflowModule } from '../../src/kit/workflow-module.js';
import { asSystem } from '../support/as-system.js';
import { createHandlerHarness, type HandlerHarness } from '../support/handler-harness.js';

const at = (local: string): Date => new Date(`${local}+08:00`);

/** A meeting-like workflow whose only behaviour is its timers: each tells the organiser. */
const meetingLike: WorkflowModule = {
  id: 'meeting_like',
  title: '测试会议',
  refPrefixes: ['H'],
  commands: [],
  statusView: () => Promise.resolve(undefined),
  async onTimer(ctx: BaseContext, timer: ItemTimer) {
    await tell(ctx, 'wangfang', `${timer.itemRef} ${timer.kind} 到时`);
  },
};

/**
 * Item timers (spec 4, issue 11 item 4): rows with a due time, set, moved and cancelled in the
 * item's transaction and fired by the tick against the service's clock — the tick here is the real
 * timer_tick job, with the clock moved as the demo moves it.
 */
describe('item timers', () => {
  let h: HandlerHarness;
  const tick = () =>
    asSystem(h, (ctx) =>
      workflowScheduleJobs([meetingLike]).timer_tick(ctx, {
        periodKey: 'tick',
        scheduledAt: ctx.clock.now(),
        isLate: false,
      }),
    );
  const item = (itemId: string, kind: string) => ({ workflow: 'meeting_like', itemId, itemRef: itemId, kind });

  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-12-01T09:00:00').toISOString() });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('fires a timer once when the clock passes its due time, not before', async () => {
    await asSystem(h, (ctx) => setItemTimer(ctx, { ...item('H1', 'reminder'), dueAt: at('2026-12-01T13:30:00') }));
    expect((await tick()).sent).toEqual([]);
    h.clock.set(at('2026-12-01T13:31:00'));
    expect((await tick()).sent.map((message) => message.text)).toEqual(['H1 reminder 到时']);
    expect((await tick()).sent).toEqual([]);
  });

  it('moves a timer set again (a rescheduled meeting) and drops a cancelled one', async () => {
    await asSystem(h, async (ctx) => {
      await setItemTimer(ctx, { ...item('H2', 'reminder'), dueAt: at('2026-12-01T14:00:00') });
      await setItemTimer(ctx, { ...item('H2', 'reminder'), dueAt: at('2026-12-02T14:00:00') });
      await setItemTimer(ctx, { ...item('H3', 'reminder'), dueAt: at('2026-12-01T14:00:00') });
      await cancelItemTimers(ctx, { workflow: 'meeting_like', itemId: 'H3' });
    });
    h.clock.set(at('2026-12-01T15:00:00'));
    expect((await tick()).sent).toEqual([]);
    h.clock.set(at('2026-12-02T14:00:00'));
    expect((await tick()).sent.map((message) => message.text)).toEqual(['H2 reminder 到时']);
  });

  it("fires a timer due at night at once: a reminder tied to the item's own time is not held", async () => {
    await asSystem(h, (ctx) =>
      setItemTimer(ctx, { ...item('H4', 'reminder_30min'), dueAt: at('2026-12-03T06:50:00') }),
    );
    h.clock.set(at('2026-12-03T06:51:00'));
    expect((await tick()).sent.map((message) => message.text)).toEqual(['H4 reminder_30min 到时']);
  });

  it('fires a due timer in only one of two ticks running at once', async () => {
    await asSystem(h, (ctx) => setItemTimer(ctx, { ...item('H5', 'notice'), dueAt: at('2026-12-03T08:00:00') }));
    h.clock.set(at('2026-12-03T08:01:00'));
    await Promise.all([tick(), tick()]);
    // counted in the outbox: each tick's own list may also show the other's committed message
    const sent = await h.db.prisma.outboxMessage.findMany({ where: { toUserId: 'wangfang' } });
    expect(sent.filter((row) => JSON.stringify(row.body).includes('H5 notice'))).toHaveLength(1);
  });
});
