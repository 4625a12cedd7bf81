import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWecom, type FakeWecom } from '../../src/fake-wecom/server.js';
import { WecomApiError } from '../../src/wecom/errors.js';
import { createWecomClient, type WecomClientOptions } from '../../src/wecom/client.js';
import type { ButtonInteractionCard, WecomApi } from '../../src/wecom/types.js';
import { TEST_REDIS_URL } from '../support/services.js';

const CORP_ID = 'ww_client_test';
const SECRET = 'client-test-secret';
const AGENT_ID = 1000003;

let fake: FakeWecom;
const connections: Redis[] = [];
let keyPrefix: string;

function connect(): Redis {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
  connections.push(redis);
  return redis;
}

/** A client as a process would build it; each call opens its own Redis connection unless one is given. */
function buildClient(overrides: Partial<WecomClientOptions> = {}): WecomApi {
  return createWecomClient({
    apiBase: fake.url,
    corpId: CORP_ID,
    secret: SECRET,
    agentId: AGENT_ID,
    redis: overrides.redis ?? connect(),
    keyPrefix,
    retryBaseDelayMs: 5,
    ...overrides,
  });
}

function buildCard(taskId: string): ButtonInteractionCard {
  return {
    card_type: 'button_interaction',
    task_id: taskId,
    main_title: { title: '请假申请：张老师 3月5日' },
    button_list: [
      { text: '批准', key: 'approve' },
      { text: '不批准', key: 'reject' },
    ],
  };
}

async function expectWecomError(promise: Promise<unknown>): Promise<WecomApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a WecomApiError, but the call succeeded');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WecomApiError);
  return error as WecomApiError;
}

beforeAll(async () => {
  fake = await startFakeWecom({ corpId: CORP_ID, secret: SECRET, agentId: AGENT_ID });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  keyPrefix = `test:wecom-client:${randomUUID()}:`;
});
afterEach(async () => {
  const [redis] = connections;
  if (redis) {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await Promise.all(connections.splice(0).map((connection) => connection.quit()));
});

describe('sending', () => {
  it('sends a text, a markdown and a card, and the fake records them', async () => {
    const client = buildClient();
    const text = await client.sendMessage('zhangsan', { msgtype: 'text', text: { content: '明天上午九点校务会' } });
    await client.sendMessage(
      'zhangsan',
      { msgtype: 'markdown', markdown: { content: '**会议通知** 明天九点' } },
      { duplicateCheckSeconds: 600 },
    );
    const card = await client.sendMessage('lisi', { msgtype: 'template_card', template_card: buildCard('leave-1') });

    expect(text.msgid).toEqual(expect.any(String));
    expect(text.response_code).toBeUndefined();
    expect(card.response_code).toEqual(expect.any(String));
    const recorded = fake.messages();
    expect(recorded.map((message) => [message.toUser, message.msgtype, message.isDelivered])).toEqual([
      ['zhangsan', 'text', true],
      ['zhangsan', 'markdown', true],
      ['lisi', 'template_card', true],
    ]);
    expect(recorded[0]!.body).toMatchObject({ touser: 'zhangsan', agentid: AGENT_ID, enable_duplicate_check: 0 });
    expect(recorded[1]!.body).toMatchObject({ enable_duplicate_check: 1, duplicate_check_interval: 600 });
    expect(recorded[2]).toMatchObject({ msgid: card.msgid, taskId: 'leave-1', responseCode: card.response_code });
    expect(fake.calls().tokenFetches).toBe(1);
  });

  it('refuses content over 2048 bytes with a permanent 45002', async () => {
    const error = await expectWecomError(
      buildClient().sendMessage('u', { msgtype: 'text', text: { content: '校'.repeat(683) } }),
    );
    expect(error).toMatchObject({ errcode: 45002, api: 'message/send', isRetryable: false });
    expect(fake.calls().byPath['/cgi-bin/message/send']).toBe(1);
  });

  it('refuses a reused task_id with a permanent 42014', async () => {
    const client = buildClient();
    await client.sendMessage('u', { msgtype: 'template_card', template_card: buildCard('seal-7') });
    const error = await expectWecomError(
      client.sendMessage('v', { msgtype: 'template_card', template_card: buildCard('seal-7') }),
    );
    expect(error).toMatchObject({ errcode: 42014, isRetryable: false });
  });

  it('throws a permanent error when the recipient is invalid', async () => {
    fake.setContacts({
      departments: [{ id: 1, name: '学校', parentid: 0 }],
      users: [{ userid: 'zhangsan', name: '张三', department: [1] }],
    });
    const error = await expectWecomError(
      buildClient().sendMessage('ghost', { msgtype: 'text', text: { content: 'x' } }),
    );
    expect(error).toMatchObject({ errcode: 81013, isRetryable: false });
  });

  it('refuses a duplicate-check interval WeCom would refuse, before calling it', async () => {
    await expect(
      buildClient().sendMessage('u', { msgtype: 'text', text: { content: 'x' } }, { duplicateCheckSeconds: 5 * 3600 }),
    ).rejects.toThrow(/duplicateCheckSeconds/);
    expect(fake.calls().total).toBe(0);
  });

  it('cannot see the per-member rate limit in the answer; only the fake shows the drop', async () => {
    const client = buildClient();
    for (let index = 1; index <= 31; index++)
      await client.sendMessage('busy', { msgtype: 'text', text: { content: `第${index}条提醒` } });
    const busy = fake.messages({ toUser: 'busy' });
    expect(busy.filter((message) => message.isDelivered)).toHaveLength(30);
    expect(busy[30]).toMatchObject({ isDelivered: false, dropped: 'rate_limit' });
  });
});

describe('updating a card', () => {
  it('uses the send response_code once; the second use is a clear permanent 60140', async () => {
    const client = buildClient();
    const { response_code: responseCode } = await client.sendMessage('lisi', {
      msgtype: 'template_card',
      template_card: buildCard('leave-2'),
    });
    await client.updateTemplateCard(['lisi'], responseCode!, { button: { replace_name: '已批准' } });
    expect(fake.cardUpdates()).toEqual([
      expect.objectContaining({ taskId: 'leave-2', userIds: ['lisi'], button: { replace_name: '已批准' } }),
    ]);

    const error = await expectWecomError(
      client.updateTemplateCard(['lisi'], responseCode!, { button: { replace_name: '再次' } }),
    );
    expect(error).toMatchObject({ errcode: 60140, api: 'message/update_template_card', isRetryable: false });
    expect(error.message).toMatch(/response_code .*once/);
    expect(fake.cardUpdates()).toHaveLength(1);
  });

  it('replaces the whole card with a click code', async () => {
    const client = buildClient();
    await client.sendMessage('lisi', { msgtype: 'template_card', template_card: buildCard('leave-3') });
    const clickCode = fake.issueClickResponseCode('leave-3', 'lisi');
    await client.updateTemplateCard(['lisi'], clickCode, {
      template_card: { ...buildCard('leave-3'), replace_text: '已驳回' },
    });
    expect(fake.cardUpdates()[0]).toMatchObject({ taskId: 'leave-3', templateCard: { replace_text: '已驳回' } });
  });
});

describe('contacts', () => {
  it('lists departments and the users of a department', async () => {
    fake.setContacts({
      departments: [
        { id: 1, name: '学校', parentid: 0 },
        { id: 2, name: '教务处', parentid: 1, department_leader: ['wang'] },
      ],
      users: [{ userid: 'wang', name: '王主任', department: [2], position: '主任', status: 1 }],
    });
    const client = buildClient();
    expect((await client.listDepartments()).map((department) => department.name)).toEqual(['学校', '教务处']);
    expect(await client.listUsers(2)).toEqual([
      { userid: 'wang', name: '王主任', department: [2], position: '主任', status: 1 },
    ]);
    await expect(client.listUsers(99)).rejects.toMatchObject({ errcode: 60003, isRetryable: false });
  });
});

describe('the access token', () => {
  it('after WeCom expires it, 50 concurrent sends fetch exactly one new token and all succeed', async () => {
    const client = buildClient();
    await client.sendMessage('warmup', { msgtype: 'text', text: { content: 'x' } });
    fake.expireTokens();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        client.sendMessage(`user${index}`, { msgtype: 'text', text: { content: `通知${index}` } }),
      ),
    );
    expect(results.every((result) => typeof result.msgid === 'string')).toBe(true);
    expect(fake.calls().tokenFetches).toBe(2);
    expect(fake.messages().filter((message) => message.isDelivered)).toHaveLength(51);
  });

  it('is shared by two processes through Redis: one gettoken in all', async () => {
    const processA = buildClient();
    const processB = buildClient();
    await Promise.all([
      processA.sendMessage('u1', { msgtype: 'text', text: { content: 'a' } }),
      processB.sendMessage('u2', { msgtype: 'text', text: { content: 'b' } }),
      processA.listDepartments(),
      processB.listDepartments(),
    ]);
    await buildClient().sendMessage('u3', { msgtype: 'text', text: { content: 'c' } });
    expect(fake.calls().tokenFetches).toBe(1);
  });

  it('is dropped and fetched again once when WeCom calls it unknown (40014)', async () => {
    const redis = connect();
    const client = buildClient({ redis });
    await redis.set(`${keyPrefix}wecom:token:${CORP_ID}:${AGENT_ID}`, 'revoked-token');
    await client.sendMessage('u', { msgtype: 'text', text: { content: 'x' } });
    expect(fake.calls().log.map((call) => [call.path, call.errcode])).toEqual([
      ['/cgi-bin/message/send', 40014],
      ['/cgi-bin/gettoken', 0],
      ['/cgi-bin/message/send', 0],
    ]);
  });

  it('is not cached when gettoken fails, and a bad secret (40001) is asked for once, never retried', async () => {
    const client = buildClient({ secret: 'wrong-secret' });
    const error = await expectWecomError(client.sendMessage('u', { msgtype: 'text', text: { content: 'x' } }));
    expect(error).toMatchObject({ errcode: 40001, api: 'gettoken', isRetryable: false });
    expect(fake.calls()).toMatchObject({ total: 1, tokenFetches: 1 });
    expect(await connect().keys(`${keyPrefix}*`)).toEqual([]);
  });

  it('never appears in an error message or a log line', async () => {
    const lines: string[] = [];
    const { pino } = await import('pino');
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const redis = connect();
    const client = buildClient({ logger, redis });
    await client.sendMessage('u', { msgtype: 'text', text: { content: 'x' } });
    const accessToken = (await redis.get(`${keyPrefix}wecom:token:${CORP_ID}:${AGENT_ID}`))!;
    expect(accessToken.length).toBeGreaterThan(30);
    fake.injectFault({ path: '/cgi-bin/message/send', dropConnection: true });
    const error = await expectWecomError(client.sendMessage('u', { msgtype: 'text', text: { content: 'y' } }));
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [error.message, JSON.stringify(error), String(error.stack), ...lines]) {
      expect(text).not.toContain(accessToken);
      expect(text).not.toContain(SECRET);
    }
  });
});

describe('transient failures', () => {
  it('retries a spell of HTTP 502 and then succeeds', async () => {
    const client = buildClient();
    fake.injectFault({ path: '/cgi-bin/message/send', httpStatus: 502, times: 2 });
    const result = await client.sendMessage('u', { msgtype: 'text', text: { content: 'x' } });
    expect(result.msgid).toEqual(expect.any(String));
    expect(fake.calls().byPath['/cgi-bin/message/send']).toBe(3);
    expect(fake.messages()).toHaveLength(1);
  });

  it('retries -1 (system busy)', async () => {
    const client = buildClient();
    fake.injectFault({ path: '/cgi-bin/message/send', errcode: -1, times: 1 });
    await client.sendMessage('u', { msgtype: 'text', text: { content: 'x' } });
    expect(
      fake
        .calls()
        .log.filter((call) => call.path === '/cgi-bin/message/send')
        .map((call) => call.errcode),
    ).toEqual([-1, 0]);
  });

  it('retries a dropped connection', async () => {
    const client = buildClient();
    fake.injectFault({ path: '/cgi-bin/message/send', dropConnection: true, times: 1 });
    await client.sendMessage('u', { msgtype: 'text', text: { content: 'x' } });
    expect(fake.calls().byPath['/cgi-bin/message/send']).toBe(2);
    expect(fake.messages()).toHaveLength(1);
  });

  it('retries a slow answer that times out', async () => {
    const client = buildClient({ timeoutMs: 100 });
    fake.injectFault({ path: '/cgi-bin/department/list', latencyMs: 300, times: 1 });
    expect(await client.listDepartments()).toEqual([]);
    expect(fake.calls().byPath['/cgi-bin/department/list']).toBe(2);
  });

  it('gives up after maxAttempts with a retryable error, reporting every attempt', async () => {
    const reported: [string, number | string][] = [];
    const client = buildClient({ maxAttempts: 4, onApiCall: (api, errcode) => void reported.push([api, errcode]) });
    fake.injectFault({ path: '/cgi-bin/message/send', httpStatus: 503 });
    const error = await expectWecomError(client.sendMessage('u', { msgtype: 'text', text: { content: 'x' } }));
    expect(error).toMatchObject({ errcode: 'http', upstreamStatus: 503, isRetryable: true });
    expect(reported).toEqual([
      ['gettoken', 0],
      ['message/send', 'http'],
      ['message/send', 'http'],
      ['message/send', 'http'],
      ['message/send', 'http'],
    ]);
  });

  it('does not spin on 45009: one call, a retryable error with retryAfterMs 60 s', async () => {
    const client = buildClient();
    fake.injectFault({ path: '/cgi-bin/message/send', errcode: 45009 });
    const error = await expectWecomError(client.sendMessage('u', { msgtype: 'text', text: { content: 'x' } }));
    expect(error).toMatchObject({ errcode: 45009, isRetryable: true, retryAfterMs: 60_000 });
    expect(fake.calls().byPath['/cgi-bin/message/send']).toBe(1);
  });
});
