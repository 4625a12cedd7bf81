import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, textOf, type TestService } from '../support/test-service.js';

describe('talking to the bot through signed WeCom callbacks', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('帮助 lists every command with an example, promises only what ships, and names no reference that does not exist', async () => {
    expect(await t.sendText('chenhao', '帮助')).toBe(200);
    const [reply] = await t.waitForMessages('chenhao', 1);
    const text = textOf(reply!);
    for (const keyword of [
      '帮助',
      '我的待办',
      '查询',
      '取消',
      '转交',
      '简报',
      '用印',
      '已用印',
      '印章异常',
      '印章恢复',
      '交办',
      '进展',
      '完成',
      '延期',
      '收文',
      '拟办',
      '批示',
      '传阅',
      '反馈',
      '办结',
      '归档',
      '发文',
      '重新提交',
      '分发',
      '更多',
      '会议',
      '改期',
      '签到',
    ])
      expect(text).toMatch(new RegExp(`(^· |】|、)${keyword}(、|：|（|$)`, 'm'));
    expect(text.split('\n')[0]).toBe('校办助手目前可以办理：用印、督办、收文、发文、会议。');
    expect(text).not.toMatch(/收发文/);
    // WeCom refuses text over 2048 bytes; the list must fit whole, not be cut (so, with several
    // workflows, it names each workflow's commands on one line: each command's own 帮助 has an example).
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(2048);
    expect(text).not.toContain('内容过长');
    // 陈浩 has no request yet: the examples show where a reference goes, not a made-up Y12
    expect(await t.sendText('chenhao', '帮助 取消')).toBe(200);
    const [topic] = await t.waitForMessages('chenhao', 1, { since: 1 });
    expect(textOf(topic!)).toContain('例：取消 编号 原因:活动延期，暂不需要盖章');
    expect(textOf(topic!)).toContain('编号如 Y3，见提交时的回复。');
    expect(textOf(topic!)).not.toMatch(/Y12/);
  });

  it("帮助 uses the asker's own newest reference in its examples once there is one", async () => {
    const since = t.fake.messages({ toUser: 'liuyang' }).length;
    await t.sendText('liuyang', '用印 事由:考务 文件:考场安排 份数:1 印章:校章');
    const [submitted] = await t.waitForMessages('liuyang', 1, { since });
    const ref = /已提交用印申请 (Y\d+)/.exec(textOf(submitted!))![1]!;
    await t.sendText('liuyang', '帮助 已用印');
    const [help] = await t.waitForMessages('liuyang', 1, { since: since + 1 });
    expect(textOf(help!)).toContain(`例：已用印 ${ref} 份数:2`);
    expect(textOf(help!)).not.toContain('编号如');

    await t.sendText('liuyang', '帮助 查询');
    const [topic] = await t.waitForMessages('liuyang', 1, { since: since + 2 });
    expect(textOf(topic!)).toBe(
      `【查询】查看一个事项的状态、当前处理人、期限和全部经过\n也可以写：status\n后面写编号（S、F、Y、H、R 开头，见提交时的回复）\n例：查询 ${ref}`,
    );
  });

  it('我的待办 says there is nothing waiting when no workflow has anything', async () => {
    const before = t.fake.messages({ toUser: 'zhaoyang' }).length;
    await t.sendText('zhaoyang', '我的待办');
    const [reply] = await t.waitForMessages('zhaoyang', 1, { since: before });
    expect(textOf(reply!)).toBe('您目前没有待办事项。');
  });

  it('an unknown command gets the closest commands and 帮助', async () => {
    const before = t.fake.messages({ toUser: 'zhoumin' }).length;
    await t.sendText('zhoumin', '我的代办事项');
    const [reply] = await t.waitForMessages('zhoumin', 1, { since: before });
    expect(textOf(reply!)).toMatch(/^没有看懂「我的代办事项」。\n您是不是想用：「我的待办」/);
    expect(textOf(reply!)).toContain('发送「帮助」');
  });

  it('更多 with no long list before it says there is nothing more', async () => {
    const before = t.fake.messages({ toUser: 'zhoumin' }).length;
    await t.sendText('zhoumin', '更多');
    const [reply] = await t.waitForMessages('zhoumin', 1, { since: before });
    expect(textOf(reply!)).toBe('没有更多了。');
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
    const statuses = await Promise.all(
      [1, 2, 3].map(() => t.sendText('wangfang', '我的待办', { msgId, createTime: 1_800_000_000 })),
    );
    expect(statuses).toEqual([200, 200, 200]);
    await t.waitForMessages('wangfang', 1, { since: before });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(t.fake.messages({ toUser: 'wangfang' }).slice(before)).toHaveLength(1);
    const events = await t.db.prisma.inboundEvent.findMany({
      where: { fromUserId: 'wangfang', dedupeKey: `msg:${msgId}` },
    });
    expect(events).toHaveLength(1);
  });

  it('取消 of a reference that does not exist is refused at once, before any reason is asked for', async () => {
    const before = t.fake.messages({ toUser: 'chenhao' }).length;
    await t.sendText('chenhao', '取消 Y99');
    const [reply] = await t.waitForMessages('chenhao', 1, { since: before });
    expect(textOf(reply!)).toBe('没有找到 Y99，请核对编号。');
    expect(await t.db.prisma.conversation.count({ where: { userId: 'chenhao' } })).toBe(0);
  });
});
