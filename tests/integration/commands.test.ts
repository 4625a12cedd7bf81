import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, textOf, type TestService } from '../support/test-service.js';

describe('talking to the bot through signed WeCom callbacks', () => {
  let t: TestService;
  beforeAll(async () => { t = await startTestService(); });
  afterAll(async () => { await t.stop(); });

  it('帮助 lists every command with an example', async () => {
    expect(await t.sendText('chenhao', '帮助')).toBe(200);
    const [reply] = await t.waitForMessages('chenhao', 1);
    const text = textOf(reply!);
    for (const keyword of ['帮助', '我的待办', '查询', '取消', '用印', '已用印', '印章异常', '印章恢复']) expect(text).toContain(`· ${keyword}`);
    expect(text).toContain('例：查询 Y12');
    // WeCom refuses text over 2048 bytes; the list must fit whole, not be cut.
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(2048);
    expect(text).not.toContain('内容过长');
  });

  it('我的待办 says there is nothing waiting when no workflow has anything', async () => {
    const before = t.fake.messages({ toUser: 'lihua' }).length;
    await t.sendText('lihua', '我的待办');
    const [reply] = await t.waitForMessages('lihua', 1, { since: before });
    expect(textOf(reply!)).toBe('您目前没有待办事项。');
  });

  it('an unknown command gets the closest commands and 帮助', async () => {
    const before = t.fake.messages({ toUser: 'zhoumin' }).length;
    await t.sendText('zhoumin', '我的代办');
    const [reply] = await t.waitForMessages('zhoumin', 1, { since: before });
    expect(textOf(reply!)).toMatch(/没有看懂「我的代办」/);
    expect(textOf(reply!)).toContain('「我的待办」');
    expect(textOf(reply!)).toContain('发送「帮助」');
  });

  it('a sender who is not in the directory gets a polite reply and nothing else', async () => {
    await t.sendText('stranger01', '帮助');
    const [reply] = await t.waitForMessages('stranger01', 1);
    expect(textOf(reply!)).toContain('还不在示范中学校办助手的通讯录中');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.fake.messages({ toUser: 'stranger01' })).toHaveLength(1);
  });

  it('three concurrent deliveries of one callback give one reply', async () => {
    const before = t.fake.messages({ toUser: 'wangfang' }).length;
    const msgId = '9223372036854775807';
    const statuses = await Promise.all([1, 2, 3].map(() => t.sendText('wangfang', '我的待办', { msgId, createTime: 1_800_000_000 })));
    expect(statuses).toEqual([200, 200, 200]);
    await t.waitForMessages('wangfang', 1, { since: before });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(t.fake.messages({ toUser: 'wangfang' }).slice(before)).toHaveLength(1);
    const events = await t.db.prisma.inboundEvent.findMany({ where: { fromUserId: 'wangfang', dedupeKey: `msg:${msgId}` } });
    expect(events).toHaveLength(1);
  });

  it('a missing required field is asked for, and 取消 abandons the request', async () => {
    const before = t.fake.messages({ toUser: 'chenhao' }).length;
    await t.sendText('chenhao', '取消 Y1');
    const [question] = await t.waitForMessages('chenhao', 1, { since: before });
    expect(textOf(question!)).toContain('撤回的原因');
    await t.sendText('chenhao', '取消');
    const [cancelled] = await t.waitForMessages('chenhao', 1, { since: before + 1 });
    expect(textOf(cancelled!)).toBe('已取消「取消」，没有做任何更改。');
    expect(await t.db.prisma.conversation.count({ where: { userId: 'chenhao' } })).toBe(0);
  });
});
