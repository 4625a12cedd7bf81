import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMsgId, signCallback, textMessageXml } from '../../src/gateway/build-callback.js';
import { readStoredPayload } from '../../src/gateway/stored-payload.js';
import { errorForLog } from '../../src/shared/error-for-log.js';
import { startTestService, TEST_AGENT_ID, TEST_KEYS, textOf, type TestService } from '../support/test-service.js';

/** Whatever a person sends reaches the database whole, and a bad one never takes others down with it (issue 7). */
describe('what people send, as the gateway stores it', () => {
  let t: TestService;
  const logLines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    t = await startTestService({ overrides: { logger: pino({ level: 'debug' }, sink) } });
  });
  afterAll(async () => {
    await t.stop();
  });

  function signedText(from: string, content: string): { path: string; body: string } {
    const xml = textMessageXml({
      corpId: TEST_KEYS.corpId,
      from,
      content,
      msgId: newMsgId(),
      createTime: Math.floor(Date.now() / 1000),
      agentId: TEST_AGENT_ID,
    });
    return signCallback(TEST_KEYS, xml);
  }

  async function post(signed: { path: string; body: string }): Promise<number> {
    const response = await fetch(t.url + signed.path, { method: 'POST', body: signed.body });
    await response.arrayBuffer();
    return response.status;
  }

  it('a message holding U+0000 is accepted, stored losslessly and answered', async () => {
    const content = '我的待办\u0000';
    expect(await post(signedText('lvxiao', content))).toBe(200);
    const row = await t.db.prisma.inboundEvent.findFirstOrThrow({ where: { fromUserId: 'lvxiao' } });
    expect(readStoredPayload<{ Content: string }>(row.payload).Content).toBe(content);
    const [reply] = await t.waitForMessages('lvxiao', 1);
    expect(JSON.stringify(reply!.body)).not.toContain('\\u0000');
    expect(textOf(reply!)).not.toContain('出错'); // answered, not failed after its retries
  });

  it('one such message among 40 sent at once fails none of them, round after round', async () => {
    const senders = ['zhaoli', 'zhoumin', 'sunwei', 'qianjun', 'wujing', 'wangfang', 'liuqiang', 'yangxue'];
    for (let round = 0; round < 3; round++) {
      const before = await t.db.prisma.inboundEvent.count();
      const statuses = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          post(
            signedText(
              senders[index % senders.length]!,
              index === 17 ? `第${round}轮\u0000` : `第${round}轮 第${index}条`,
            ),
          ),
        ),
      );
      expect(statuses).toEqual(Array.from({ length: 40 }, () => 200));
      expect(await t.db.prisma.inboundEvent.count()).toBe(before + 40);
    }
  });

  it('XML nested thousands deep is a malformed callback (400), inside or outside the encryption', async () => {
    const deep = `<xml>${'<a>'.repeat(5000)}x${'</a>'.repeat(5000)}</xml>`;
    expect(await post(signCallback(TEST_KEYS, deep))).toBe(400);
    expect(await post({ path: signedText('chenhao', 'x').path, body: deep })).toBe(400);
    const metric = await t.service.metrics.callbacks.get();
    expect(metric.values.find((value) => value.labels.outcome === 'malformed')?.value).toBe(2);
    expect(metric.values.find((value) => value.labels.outcome === 'error')).toBeUndefined();
  });

  it('logs none of the text people sent', () => {
    const logs = logLines.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const fragment of ['第0轮', '第1轮', '第2轮']) expect(logs).not.toContain(fragment);
  });

  it('a database error is logged without the value it could not store', async () => {
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      const failure = await client
        .query('SELECT $1::jsonb', ['{"Content": "请把工资条发给我\\u0000"}'])
        .catch((error: unknown) => error);
      expect(JSON.stringify(failure)).toContain('工资条'); // pg's own error carries it (in `where`)
      const logged = errorForLog(failure);
      expect(logged).toMatchObject({ type: 'error', code: '22P05' });
      expect(JSON.stringify(logged)).not.toContain('工资条');
    } finally {
      await client.end();
    }
  });
});
