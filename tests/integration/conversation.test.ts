import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/clock.js';
import { startTestService, textOf, type TestService } from '../support/test-service.js';

/** Guided questions (spec 2.5) with a clock the test moves: no waiting for the 10-minute expiry. */
describe('asking for missing fields one at a time', () => {
  const clock = fixedClock(new Date());
  let t: TestService;
  beforeAll(async () => { t = await startTestService({ clock }); });
  afterAll(async () => { await t.stop(); });

  async function say(user: string, text: string): Promise<string> {
    const before = t.fake.messages({ toUser: user }).length;
    expect(await t.sendText(user, text)).toBe(200);
    const [reply] = await t.waitForMessages(user, 1, { since: before });
    return textOf(reply!);
  }

  it('asks for each missing field in turn, re-asks after a bad answer, and then runs the command', async () => {
    expect(await say('chenhao', '用印 事由:报送区教育局年度总结')).toMatch(/^请写要盖章的文件名称/);
    expect(await say('chenhao', '2026年度工作总结')).toMatch(/^要盖几份/);
    const bad = await say('chenhao', '很多');
    expect(bad).toContain('份数「很多」不是正整数');
    expect(bad).toContain('要盖几份');
    expect(await say('chenhao', '3')).toMatch(/^要用哪枚印章/);
    const done = await say('chenhao', '校章');
    expect(done).toContain('已提交用印申请 Y1（校章 3份：2026年度工作总结）');
    const request = await t.db.prisma.sealRequest.findFirstOrThrow({ where: { ref: 'Y1' } });
    expect(request).toMatchObject({ purpose: '报送区教育局年度总结', document: '2026年度工作总结', copies: 3, sealName: '校章' });
    expect(await t.db.prisma.conversation.count({ where: { userId: 'chenhao' } })).toBe(0);
  });

  it('取消 abandons the request and nothing is created', async () => {
    expect(await say('zhangyan', '用印 事由:学籍证明')).toMatch(/^请写要盖章的文件名称/);
    expect(await say('zhangyan', '取消')).toBe('已取消「用印」，没有做任何更改。');
    expect(await t.db.prisma.sealRequest.count({ where: { applicantId: 'zhangyan' } })).toBe(0);
  });

  it('an unanswered question expires after 10 minutes and the late answer is not taken for it', async () => {
    expect(await say('liuyang', '用印 事由:考务通知 文件:期末考试安排 印章:校章')).toMatch(/^要盖几份/);
    clock.advance(10 * 60_000 + 1_000);
    expect(await say('liuyang', '2')).toBe('您上次的「用印」超过 10 分钟没有回答，已自动放弃，没有做任何更改。请重新发送完整的命令。');
    expect(await t.db.prisma.sealRequest.count({ where: { applicantId: 'liuyang' } })).toBe(0);
  });

  it('an answer within the 10 minutes is still taken', async () => {
    expect(await say('liuyang', '用印 事由:考务通知 文件:期末考试安排 印章:校章')).toMatch(/^要盖几份/);
    clock.advance(9 * 60_000);
    expect(await say('liuyang', '2')).toContain('已提交用印申请');
  });

  it('a new command in the middle of a question replaces the unfinished one', async () => {
    expect(await say('fengtao', '用印 事由:家长会通知')).toMatch(/^请写要盖章的文件名称/);
    const before = t.fake.messages({ toUser: 'fengtao' }).length;
    await t.sendText('fengtao', '我的待办');
    const replies = await t.waitForMessages('fengtao', 2, { since: before });
    expect(replies.map(textOf)).toEqual(['（未完成的「用印」已放弃）', '您目前没有待办事项。']);
  });

  it('a field value that cannot be understood is explained in Chinese with the accepted forms', async () => {
    const reply = await say('chenhao', '用印 事由:报送 文件:总结 份数:3 印章:校章 时间:下下个月');
    expect(reply).toContain('「用印」没有完成');
    expect(reply).toContain('时间');
    expect(reply).toContain('明天下午3点');
  });

  it('a command someone may not use is refused with who may', async () => {
    expect(await say('chenhao', '印章恢复 印章:校章')).toBe('「印章恢复」只有系统管理员、办公室主任可以使用。发送「帮助」查看您可以使用的命令。');
  });
});
