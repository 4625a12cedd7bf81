import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, offsetClock } from '../../../src/shared/clock.js';
import { startSimulatorService } from '../../browser/start-simulator-service.js';
import { textOf, type TestService } from '../../support/test-service.js';
import { moveClock } from '../../support/demo-clock.js';
import { waitForText } from '../../support/seal-helpers.js';

const at = (local: string): Date => new Date(`${local}+08:00`);

/**
 * Spec 2.2 and issue 11: a school evaluating the demo moves the clock and sees what the schedules
 * do, through the real service, queues and fake WeCom — the brief once past Friday 16:05, and a
 * task's reminder and escalation once it is two working days past its deadline.
 */
describe('the demo clock drives the real schedule jobs', () => {
  let t: TestService;
  const clock = offsetClock(fixedClock(at('2026-11-30T09:00:00')));
  const move = (to: string): Promise<void> => moveClock(t, `${to}+08:00`);
  const textsTo = (user: string): string[] => t.fake.messages({ toUser: user }).map(textOf);

  beforeAll(async () => {
    t = await startSimulatorService({ clock });
    await t.sendText('zhoumin', '交办 内容:整理期末考试考务材料 负责:陈浩 截止:12月2日');
    await waitForText(t, 'zhoumin', '已交办 R1');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('past Friday 16:05 the brief goes once to each leader; the task a working day late reminds only its owner', async () => {
    await move('2026-12-04T16:10:00');
    for (const leader of ['zhaoli', 'zhoumin', 'wangfang'])
      expect(
        textsTo(leader).filter((text) => text.includes('每周工作简报')),
        leader,
      ).toHaveLength(1);
    expect(textsTo('zhaoli').find((text) => text.includes('每周工作简报'))).toContain('（迟发）');
    expect(textsTo('chenhao').join('\n')).toContain('超时提醒：R1 督办事项（整理期末考试考务材料）已逾期1个工作日');
    expect(textsTo('lihua').join('\n')).not.toContain('逾期督促');

    await move('2026-12-04T17:30:00');
    expect(textsTo('zhaoli').filter((text) => text.includes('每周工作简报'))).toHaveLength(1);
  });

  it("two working days late (Monday after 09:05) the head of the owner's department is told too", async () => {
    await move('2026-12-07T09:10:00');
    expect(textsTo('lihua').join('\n')).toContain('逾期督促：R1 督办事项（整理期末考试考务材料）已逾期2个工作日');
    expect(textsTo('chenhao').filter((text) => text.includes('已逾期2个工作日'))).toHaveLength(1);
    // Monday is a new week: its brief is not due before Friday
    expect(textsTo('zhaoli').filter((text) => text.includes('每周工作简报'))).toHaveLength(1);
  });
});
