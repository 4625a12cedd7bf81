import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planApprovalReminders } from '../../src/schedules/jobs/approval-reminders.js';
import type { PlannedMessage } from '../../src/kit/system-messages.js';
import { actAs } from '../support/act-as.js';
import { createHandlerHarness, type HandlerHarness } from '../support/handler-harness.js';

/**
 * 催办 (spec 4): seal requests submitted through the command on Monday 11-30 at 15:00 (Beijing),
 * waiting on 李华, head of 教务处; `approval_reminder_hours` is 4 in the demo org file, counted in
 * working time (08:00–18:00 of working days).
 */
const at = (local: string): string => new Date(`${local}+08:00`).toISOString();

describe('催办: an approval step pending past the working hours of the SLA', () => {
  let h: HandlerHarness;
  let first = '';
  let second = '';
  async function remindAt(local: string): Promise<PlannedMessage[]> {
    h.clock.set(at(local));
    const { result, sent } = await actAs(h, 'wangfang', (ctx) => planApprovalReminders(ctx));
    expect(sent).toEqual([]);
    return result;
  }
  const refOf = (texts: string[]): string => /已提交用印申请 (Y\d+)/.exec(texts.join('\n'))?.[1] ?? '';

  beforeAll(async () => {
    h = await createHandlerHarness({ now: at('2026-11-30T15:00:00') });
    first = refOf((await h.say('chenhao', '用印 事由:报送区教育局 文件:年度总结 份数:3 印章:校章')).map((m) => m.text));
    h.clock.set(at('2026-11-30T15:30:00'));
    second = refOf((await h.say('zhangyan', '用印 事由:签合同 文件:采购合同 份数:2 印章:法人章')).map((m) => m.text));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('does not count the night: six hours later, at 21:00, only three working hours have passed', async () => {
    expect(await remindAt('2026-11-30T21:00:00')).toEqual([]);
    expect(await remindAt('2026-12-01T08:30:00')).toEqual([]);
  });

  it('reminds the holder after 4 working hours, both requests in one message', async () => {
    expect(await remindAt('2026-12-01T09:00:00')).toEqual([
      {
        toUserId: 'lihua',
        topic: 'approval_reminder',
        text: `催办：${first} 用印审批（校章 3份《年度总结》）已等待您审批4个工作小时（11-30 15:00 起），请尽快处理。`,
      },
    ]);
    // 30 minutes later the second request reaches its 4 working hours: it alone is planned
    expect(await remindAt('2026-12-01T09:30:00')).toEqual([
      {
        toUserId: 'lihua',
        topic: 'approval_reminder',
        text: `催办：${second} 用印审批（法人章 2份《采购合同》）已等待您审批4个工作小时（11-30 15:30 起），请尽快处理。`,
      },
    ]);
  });

  it('reminds once per period: nothing more within the same 4 working hours, then again after 8', async () => {
    expect(await remindAt('2026-12-01T10:00:00')).toEqual([]);
    expect(await remindAt('2026-12-01T12:59:00')).toEqual([]);
    const planned = await remindAt('2026-12-01T13:30:00');
    expect(planned).toEqual([
      {
        toUserId: 'lihua',
        topic: 'approval_reminder',
        text:
          '催办：您有2项审批等待处理：\n' +
          `1. ${first} 用印审批（校章 3份《年度总结》）已等待您审批8个工作小时（11-30 15:00 起）。\n` +
          `2. ${second} 用印审批（法人章 2份《采购合同》）已等待您审批8个工作小时（11-30 15:30 起）。\n` +
          '请尽快处理。',
      },
    ]);
    expect(await remindAt('2026-12-01T14:00:00')).toEqual([]);
  });

  it('reminds no one about a step already decided; the next holder’s time starts when their step opens', async () => {
    h.clock.set(at('2026-12-01T14:00:00'));
    await h.tap('lihua', (await h.lastCardTo('lihua')).taskId!, 'approve');
    // 李华 decided the second request, which now waits on 周敏 (since 14:00); the first still waits on her
    const evening = await remindAt('2026-12-01T17:00:00');
    expect(evening).toEqual([
      {
        toUserId: 'lihua',
        topic: 'approval_reminder',
        text: `催办：${first} 用印审批（校章 3份《年度总结》）已等待您审批12个工作小时（11-30 15:00 起），请尽快处理。`,
      },
    ]);
    // next morning: 周敏 has waited 4 + 2 working hours; the first request is still in its third period
    expect(await remindAt('2026-12-02T10:00:00')).toEqual([
      {
        toUserId: 'zhoumin',
        topic: 'approval_reminder',
        text: `催办：${second} 用印审批（法人章 2份《采购合同》）已等待您审批6个工作小时（12-01 14:00 起），请尽快处理。`,
      },
    ]);
  });
});
