import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/clock.js';
import { startFakeWecom, type FakeWecom } from '../../src/fake-wecom/server.js';
import type { ButtonInteractionCard } from '../../src/wecom/types.js';

const CORP_ID = 'ww_test_corp';
const SECRET = 'test-secret';
const AGENT_ID = 1000002;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- WeCom answers are loosely shaped JSON; tests read fields by name
type Json = Record<string, any>;

let fake: FakeWecom;
const clock = fixedClock('2026-03-02T08:00:00+08:00');

beforeAll(async () => {
  fake = await startFakeWecom({ corpId: CORP_ID, secret: SECRET, agentId: AGENT_ID, clock });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  clock.set('2026-03-02T08:00:00+08:00');
});

async function getJson(path: string): Promise<Json> {
  const response = await fetch(`${fake.url}${path}`);
  return (await response.json()) as Json;
}

async function postJson(path: string, body: unknown): Promise<Json> {
  const response = await fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Json;
}

async function token(): Promise<string> {
  const answer = await getJson(`/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${SECRET}`);
  expect(answer.errcode).toBe(0);
  return answer.access_token as string;
}

function buildCard(overrides: Partial<ButtonInteractionCard> = {}): ButtonInteractionCard {
  return {
    card_type: 'button_interaction',
    task_id: `task-${Math.random().toString(36).slice(2)}`,
    main_title: { title: '用印申请：教务处' },
    button_list: [
      { text: '同意', key: 'approve', style: 1 },
      { text: '驳回', key: 'reject', style: 3 },
    ],
    ...overrides,
  };
}

async function send(body: Json): Promise<Json> {
  return postJson(`/cgi-bin/message/send?access_token=${await token()}`, { agentid: AGENT_ID, ...body });
}

describe('gettoken and token checks', () => {
  it('issues a token, and the same one again while it is valid', async () => {
    const first = await getJson(`/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${SECRET}`);
    expect(first).toMatchObject({ errcode: 0, expires_in: 7200 });
    expect(first.access_token).toMatch(/^[\w-]{32,512}$/);
    clock.advance(600_000);
    const second = await getJson(`/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${SECRET}`);
    expect(second).toMatchObject({ access_token: first.access_token, expires_in: 6600 });
  });

  it('refuses a wrong secret with 40001 and a wrong corp id with 40013', async () => {
    expect((await getJson(`/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=wrong`)).errcode).toBe(40001);
    expect((await getJson(`/cgi-bin/gettoken?corpid=wrong&corpsecret=${SECRET}`)).errcode).toBe(40013);
  });

  it('answers 41001 without a token, 40014 for an unknown one, 42001 once expired', async () => {
    expect((await getJson('/cgi-bin/department/list')).errcode).toBe(41001);
    expect((await getJson('/cgi-bin/department/list?access_token=made-up')).errcode).toBe(40014);
    const accessToken = await token();
    expect((await getJson(`/cgi-bin/department/list?access_token=${accessToken}`)).errcode).toBe(0);
    fake.expireTokens();
    expect((await getJson(`/cgi-bin/department/list?access_token=${accessToken}`)).errcode).toBe(42001);
    const renewed = await token();
    expect(renewed).not.toBe(accessToken);
    expect((await getJson(`/cgi-bin/department/list?access_token=${renewed}`)).errcode).toBe(0);
  });

  it('expires a token when the clock passes expires_in', async () => {
    const accessToken = await token();
    clock.advance(7199_000);
    expect((await getJson(`/cgi-bin/department/list?access_token=${accessToken}`)).errcode).toBe(0);
    clock.advance(1000);
    expect((await getJson(`/cgi-bin/department/list?access_token=${accessToken}`)).errcode).toBe(42001);
  });
});

describe('message/send', () => {
  it('accepts text, markdown and a card, and records each with its msgid', async () => {
    const text = await send({ touser: 'zhangsan', msgtype: 'text', text: { content: '明天上午九点校务会' } });
    const markdown = await send({ touser: 'zhangsan', msgtype: 'markdown', markdown: { content: '**会议通知**' } });
    const card = await send({
      touser: 'lisi',
      msgtype: 'template_card',
      template_card: buildCard({ task_id: 'seal-42' }),
    });
    expect(text).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(text.response_code).toBeUndefined();
    expect(card.response_code).toEqual(expect.any(String));

    const recorded = fake.messages();
    expect(recorded.map((message) => [message.toUser, message.msgtype, message.msgid])).toEqual([
      ['zhangsan', 'text', text.msgid],
      ['zhangsan', 'markdown', markdown.msgid],
      ['lisi', 'template_card', card.msgid],
    ]);
    expect(recorded[2]).toMatchObject({ taskId: 'seal-42', responseCode: card.response_code, isDelivered: true });
    expect(fake.messages({ toUser: 'lisi' })).toHaveLength(1);
  });

  it('records a "|"-joined send once per member', async () => {
    const answer = await send({ touser: 'a|b', msgtype: 'text', text: { content: 'hi' } });
    expect(fake.messages().map((message) => [message.toUser, message.msgid])).toEqual([
      ['a', answer.msgid],
      ['b', answer.msgid],
    ]);
  });

  it('counts the 2048-byte limit in UTF-8 bytes', async () => {
    const fits = '校'.repeat(682) + 'ab'; // 2048 bytes
    expect((await send({ touser: 'u', msgtype: 'text', text: { content: fits } })).errcode).toBe(0);
    const tooLong = '校'.repeat(683); // 2049 bytes, 683 characters
    expect((await send({ touser: 'u', msgtype: 'markdown', markdown: { content: tooLong } })).errcode).toBe(45002);
    expect(fake.messages()).toHaveLength(1);
  });

  it('refuses a wrong or string agentid, an empty touser and an unknown msgtype', async () => {
    expect((await send({ agentid: 1, touser: 'u', msgtype: 'text', text: { content: 'x' } })).errcode).toBe(40056);
    expect(
      (await send({ agentid: String(AGENT_ID), touser: 'u', msgtype: 'text', text: { content: 'x' } })).errcode,
    ).toBe(40056);
    expect((await send({ touser: '', msgtype: 'text', text: { content: 'x' } })).errcode).toBe(82001);
    expect((await send({ touser: 'u', msgtype: 'video', video: {} })).errcode).toBe(40008);
    expect(fake.messages()).toEqual([]);
  });

  it('refuses a reused or malformed task_id with 42014', async () => {
    expect(
      (await send({ touser: 'u', msgtype: 'template_card', template_card: buildCard({ task_id: 'once' }) })).errcode,
    ).toBe(0);
    expect(
      (await send({ touser: 'v', msgtype: 'template_card', template_card: buildCard({ task_id: 'once' }) })).errcode,
    ).toBe(42014);
    expect(
      (await send({ touser: 'u', msgtype: 'template_card', template_card: buildCard({ task_id: 'has space' }) }))
        .errcode,
    ).toBe(42014);
    expect(
      (await send({ touser: 'u', msgtype: 'template_card', template_card: buildCard({ task_id: 'x'.repeat(129) }) }))
        .errcode,
    ).toBe(42014);
  });

  it('enforces the button card limits', async () => {
    const buttons = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ text: `按钮${index}`, key: `k${index}` }));
    const rows = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ keyname: '事项', value: `第${index}行` }));
    const cases: [Partial<ButtonInteractionCard>, number][] = [
      [{ main_title: { title: '题'.repeat(37) } }, 40058],
      [{ button_list: [] }, 40058],
      [{ button_list: buttons(7) }, 40058],
      [{ button_list: [{ text: '一二三四五六七八九十十', key: 'k' }] }, 40058],
      [
        {
          button_list: [
            { text: '同意', key: 'same' },
            { text: '驳回', key: 'same' },
          ],
        },
        42018,
      ],
      [{ horizontal_content_list: rows(7) }, 40058],
    ];
    for (const [override, errcode] of cases) {
      expect((await send({ touser: 'u', msgtype: 'template_card', template_card: buildCard(override) })).errcode).toBe(
        errcode,
      );
    }
    const atTheLimits = buildCard({
      main_title: { title: '题'.repeat(36) },
      button_list: buttons(6),
      horizontal_content_list: rows(6),
    });
    expect((await send({ touser: 'u', msgtype: 'template_card', template_card: atTheLimits })).errcode).toBe(0);
  });

  it('drops an identical message inside the duplicate-check interval, but answers errcode 0', async () => {
    const message = {
      touser: 'u',
      msgtype: 'text',
      text: { content: '提醒：交材料' },
      enable_duplicate_check: 1,
      duplicate_check_interval: 600,
    };
    expect((await send(message)).errcode).toBe(0);
    expect((await send(message)).errcode).toBe(0);
    expect((await send({ ...message, touser: 'v' })).errcode).toBe(0);
    clock.advance(600_000);
    expect((await send(message)).errcode).toBe(0);
    expect(fake.messages().map((entry) => [entry.toUser, entry.isDelivered, entry.dropped])).toEqual([
      ['u', true, undefined],
      ['u', false, 'duplicate'],
      ['v', true, undefined],
      ['u', true, undefined],
    ]);
  });

  it('silently drops the 31st message to one member within a minute, and the 1001st within an hour', async () => {
    let accessToken = await token();
    const sendText = (touser: string, index: number) =>
      postJson(`/cgi-bin/message/send?access_token=${accessToken}`, {
        agentid: AGENT_ID,
        touser,
        msgtype: 'text',
        text: { content: `第${index}条` },
      });
    for (let index = 1; index <= 31; index++) expect((await sendText('busy', index)).errcode).toBe(0);
    expect((await sendText('other', 1)).errcode).toBe(0);
    const busy = fake.messages({ toUser: 'busy' });
    expect(busy.slice(0, 30).every((message) => message.isDelivered)).toBe(true);
    expect(busy[30]).toMatchObject({ isDelivered: false, dropped: 'rate_limit' });
    expect(fake.messages({ toUser: 'other' })[0]!.isDelivered).toBe(true);

    // 30 a minute stays under the per-minute limit; the hourly one is reached after 1000.
    fake.reset();
    clock.set('2026-03-02T09:00:00+08:00');
    accessToken = await token();
    for (let index = 1; index <= 1000; index++) {
      if (index > 1 && (index - 1) % 30 === 0) clock.advance(60_000);
      await sendText('hourly', index);
    }
    clock.advance(60_000);
    await sendText('hourly', 1001);
    const hourly = fake.messages({ toUser: 'hourly' });
    expect(hourly.filter((message) => message.isDelivered)).toHaveLength(1000);
    expect(hourly[1000]).toMatchObject({ isDelivered: false, dropped: 'rate_limit' });
  });

  it('lists members outside a loaded directory as invaliduser, and answers 81013 when none is valid', async () => {
    fake.setContacts({
      departments: [{ id: 1, name: '学校', parentid: 0 }],
      users: [{ userid: 'ZhangSan', name: '张三', department: [1] }],
    });
    const partly = await send({ touser: 'zhangsan|Ghost', msgtype: 'text', text: { content: 'x' } });
    expect(partly).toMatchObject({ errcode: 0, invaliduser: 'ghost' });
    expect((await send({ touser: 'ghost', msgtype: 'text', text: { content: 'x' } })).errcode).toBe(81013);
    expect(fake.messages().map((message) => message.toUser)).toEqual(['zhangsan']);
  });

  it('answers a body that is not JSON with 47001', async () => {
    const response = await fetch(`${fake.url}/cgi-bin/message/send?access_token=${await token()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Json).errcode).toBe(47001);
  });
});

describe('message/update_template_card', () => {
  async function sendCard(taskId: string): Promise<string> {
    const answer = await send({
      touser: 'u1|u2',
      msgtype: 'template_card',
      template_card: buildCard({ task_id: taskId }),
    });
    return answer.response_code as string;
  }
  const update = async (body: Json) =>
    postJson(`/cgi-bin/message/update_template_card?access_token=${await token()}`, { agentid: AGENT_ID, ...body });

  it('lets the send response_code update the card once, then answers 60140', async () => {
    const responseCode = await sendCard('card-1');
    expect(
      (await update({ userids: ['u1', 'u2'], response_code: responseCode, button: { replace_name: '已同意' } }))
        .errcode,
    ).toBe(0);
    expect(
      (await update({ userids: ['u1'], response_code: responseCode, button: { replace_name: '再改' } })).errcode,
    ).toBe(60140);
    expect(fake.cardUpdates()).toEqual([
      expect.objectContaining({
        taskId: 'card-1',
        userIds: ['u1', 'u2'],
        responseCode,
        button: { replace_name: '已同意' },
      }),
    ]);
  });

  it('accepts a click code for a whole new card, once', async () => {
    await sendCard('card-2');
    const clickCode = fake.issueClickResponseCode('card-2', 'u2');
    const replacement = buildCard({ task_id: 'card-2', replace_text: '已驳回' });
    expect((await update({ userids: ['u2'], response_code: clickCode, template_card: replacement })).errcode).toBe(0);
    expect((await update({ userids: ['u2'], response_code: clickCode, template_card: replacement })).errcode).toBe(
      60140,
    );
    expect(fake.cardUpdates()[0]).toMatchObject({
      taskId: 'card-2',
      userIds: ['u2'],
      templateCard: { replace_text: '已驳回' },
    });
  });

  it('refuses unknown codes and codes older than 72 hours', async () => {
    expect((await update({ userids: ['u1'], response_code: 'made-up', button: { replace_name: 'x' } })).errcode).toBe(
      60140,
    );
    const responseCode = await sendCard('card-3');
    clock.advance(72 * 3600_000);
    expect(
      (await update({ userids: ['u1'], response_code: responseCode, button: { replace_name: 'x' } })).errcode,
    ).toBe(60140);
    expect(fake.cardUpdates()).toEqual([]);
  });

  it('refuses a click code for a card that was never sent', () => {
    expect(() => fake.issueClickResponseCode('never-sent', 'u1')).toThrow(/never-sent/);
  });
});

describe('contacts', () => {
  it('lists departments and the users of one department, children on request', async () => {
    fake.setContacts({
      departments: [
        { id: 1, name: '学校', parentid: 0 },
        { id: 2, name: '教务处', parentid: 1, department_leader: ['wang'] },
      ],
      users: [
        { userid: 'wang', name: '王主任', department: [2], is_leader_in_dept: [1], status: 1 },
        { userid: 'li', name: '李校长', department: [1] },
      ],
    });
    const accessToken = await token();
    expect(
      (await getJson(`/cgi-bin/department/list?access_token=${accessToken}`)).department.map(
        (department: Json) => department.id,
      ),
    ).toEqual([1, 2]);
    expect((await getJson(`/cgi-bin/user/list?access_token=${accessToken}&department_id=2`)).userlist).toEqual([
      { userid: 'wang', name: '王主任', department: [2], is_leader_in_dept: [1], status: 1 },
    ]);
    expect(
      (await getJson(`/cgi-bin/user/list?access_token=${accessToken}&department_id=1&fetch_child=1`)).userlist,
    ).toHaveLength(2);
    expect((await getJson(`/cgi-bin/user/list?access_token=${accessToken}&department_id=9`)).errcode).toBe(60003);
  });
});

describe('faults and call records', () => {
  it('answers an injected errcode for the given number of calls, on that path only', async () => {
    const accessToken = await token();
    fake.injectFault({ path: '/cgi-bin/department/list', errcode: -1, times: 2 });
    const list = () => getJson(`/cgi-bin/department/list?access_token=${accessToken}`);
    expect((await getJson(`/cgi-bin/user/list?access_token=${accessToken}&department_id=1`)).errcode).toBe(60003);
    expect([(await list()).errcode, (await list()).errcode, (await list()).errcode]).toEqual([-1, -1, 0]);
  });

  it('answers an injected HTTP status, drops connections, delays, until cleared', async () => {
    fake.injectFault({ path: '/cgi-bin/gettoken', httpStatus: 502, times: 1 });
    const response = await fetch(`${fake.url}/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${SECRET}`);
    expect(response.status).toBe(502);

    fake.injectFault({ dropConnection: true });
    await expect(fetch(`${fake.url}/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${SECRET}`)).rejects.toThrow();
    await expect(fetch(`${fake.url}/cgi-bin/department/list`)).rejects.toThrow();
    fake.clearFaults();

    fake.injectFault({ latencyMs: 150, times: 1 });
    const startedAt = performance.now();
    expect((await getJson(`/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${SECRET}`)).errcode).toBe(0);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(140);
  });

  it('counts calls per path with their errcodes, and answers an unknown path 404', async () => {
    await token();
    await getJson('/cgi-bin/department/list');
    const unknown = await fetch(`${fake.url}/cgi-bin/message/recall`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    const calls = fake.calls();
    expect(calls).toMatchObject({
      total: 3,
      tokenFetches: 1,
      byPath: { '/cgi-bin/gettoken': 1, '/cgi-bin/department/list': 1, '/cgi-bin/message/recall': 1 },
    });
    expect(calls.log.map((call) => [call.path, call.errcode, call.httpStatus])).toEqual([
      ['/cgi-bin/gettoken', 0, 200],
      ['/cgi-bin/department/list', 41001, 200],
      ['/cgi-bin/message/recall', undefined, 404],
    ]);
  });
});

describe('inspection over HTTP', () => {
  it('mirrors the in-process controls under /__fake', async () => {
    await send({ touser: 'u', msgtype: 'template_card', template_card: buildCard({ task_id: 'http-card' }) });
    await send({ touser: 'v', msgtype: 'text', text: { content: 'x' } });
    expect((await getJson('/__fake/messages?touser=u')).map((message: Json) => message.taskId)).toEqual(['http-card']);
    expect(await getJson('/__fake/messages')).toHaveLength(2);

    const { responseCode } = await postJson('/__fake/click-code', { taskId: 'http-card', userId: 'u' });
    expect(
      (
        await postJson(`/cgi-bin/message/update_template_card?access_token=${await token()}`, {
          agentid: AGENT_ID,
          userids: ['u'],
          response_code: responseCode,
          button: { replace_name: '已处理' },
        })
      ).errcode,
    ).toBe(0);
    expect(await getJson('/__fake/card-updates')).toEqual([
      expect.objectContaining({ taskId: 'http-card', userIds: ['u'] }),
    ]);
    expect(
      (
        await fetch(`${fake.url}/__fake/click-code`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ taskId: 'nope', userId: 'u' }),
        })
      ).status,
    ).toBe(404);

    const faultResponse = await fetch(`${fake.url}/__fake/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/cgi-bin/gettoken', errcode: 45009 }),
    });
    expect(faultResponse.status).toBe(204);
    expect((await getJson(`/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${SECRET}`)).errcode).toBe(45009);
    expect(
      (
        await fetch(`${fake.url}/__fake/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ errcode: 'x' }),
        })
      ).status,
    ).toBe(400);
    await fetch(`${fake.url}/__fake/faults`, { method: 'DELETE' });
    const accessToken = await token();

    await fetch(`${fake.url}/__fake/expire-tokens`, { method: 'POST' });
    expect((await getJson(`/cgi-bin/department/list?access_token=${accessToken}`)).errcode).toBe(42001);

    const contacts = { departments: [{ id: 7, name: '总务处', parentid: 1 }], users: [] };
    expect(
      (
        await fetch(`${fake.url}/__fake/contacts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(contacts),
        })
      ).status,
    ).toBe(204);
    expect((await getJson(`/cgi-bin/department/list?access_token=${await token()}`)).department).toEqual(
      contacts.departments,
    );

    const calls = await getJson('/__fake/calls');
    expect(calls.byPath['/cgi-bin/gettoken']).toBeGreaterThan(0);
    expect(Object.keys(calls.byPath).some((path) => path.startsWith('/__fake'))).toBe(false);

    await fetch(`${fake.url}/__fake/reset`, { method: 'POST' });
    expect(await getJson('/__fake/messages')).toEqual([]);
    expect((await getJson('/__fake/calls')).total).toBe(0);
  });
});
