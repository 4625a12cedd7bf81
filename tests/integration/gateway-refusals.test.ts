import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMsgId, signCallback, textMessageXml } from '../../src/gateway/build-callback.js';
import { sealCiphertext } from '../../src/gateway/callback-crypto.js';
import { startTestService, TEST_AGENT_ID, TEST_KEYS, type TestService } from '../support/test-service.js';

const vectors = JSON.parse(readFileSync(new URL('../fixtures/wecom/vectors.json', import.meta.url), 'utf8'));

function helloFrom(from: string): string {
  return textMessageXml({
    corpId: TEST_KEYS.corpId,
    from,
    content: '帮助',
    msgId: newMsgId(),
    createTime: Math.floor(Date.now() / 1000),
    agentId: TEST_AGENT_ID,
  });
}

describe('the callback gateway refuses what WeCom did not send', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

  async function post(path: string, body: string, contentType = 'text/xml'): Promise<number> {
    const response = await fetch(t.url + path, { method: 'POST', body, headers: { 'content-type': contentType } });
    await response.arrayBuffer();
    return response.status;
  }

  async function expectNothingProcessed(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await t.db.prisma.inboundEvent.count()).toBe(0);
    expect(t.fake.messages()).toHaveLength(0);
  }

  async function refusalCount(outcome: string): Promise<number> {
    const metric = await t.service.metrics.callbacks.get();
    return metric.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
  }

  it('a forged signature -> 401', async () => {
    const signed = signCallback(TEST_KEYS, helloFrom('chenhao'));
    const forged = signed.path.replace(
      /msg_signature=([0-9a-f])/,
      (_m, c: string) => `msg_signature=${c === 'a' ? 'b' : 'a'}`,
    );
    expect(await post(forged, signed.body)).toBe(401);
    expect(await post(signed.path.replace(/msg_signature=[^&]+&/, ''), signed.body)).toBe(401);
    expect(await refusalCount('bad_signature')).toBe(2);
    await expectNothingProcessed();
  });

  it('a message signed with another token -> 401', async () => {
    const signed = signCallback({ ...TEST_KEYS, token: 'someOtherToken' }, helloFrom('chenhao'));
    expect(await post(signed.path, signed.body)).toBe(401);
    await expectNothingProcessed();
  });

  it('a stale timestamp (a replay) -> 401', async () => {
    const signed = signCallback(TEST_KEYS, helloFrom('chenhao'), { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(await post(signed.path, signed.body)).toBe(401);
    expect(await refusalCount('stale_timestamp')).toBe(1);
    await expectNothingProcessed();
  });

  it('a message encrypted for another corp -> 401', async () => {
    const signed = signCallback({ ...TEST_KEYS, corpId: 'wwanothercorp' }, helloFrom('chenhao'));
    expect(await post(signed.path, signed.body)).toBe(401);
    expect(await refusalCount('wrong_receiver')).toBe(1);
    await expectNothingProcessed();
  });

  it('a body over 64 KiB -> 413', async () => {
    const signed = signCallback(TEST_KEYS, helloFrom('chenhao'));
    const padded = signed.body.replace('</xml>', `<Pad>${'x'.repeat(64 * 1024)}</Pad></xml>`);
    expect(await post(signed.path, padded)).toBe(413);
    expect(await refusalCount('too_large')).toBe(1);
    await expectNothingProcessed();
  });

  it('malformed XML, an envelope without <Encrypt>, and a decrypted message without fields -> 400', async () => {
    const signed = signCallback(TEST_KEYS, helloFrom('chenhao'));
    expect(await post(signed.path, signed.body.replace('</xml>', ''))).toBe(400);
    expect(await post(signed.path, '<xml><ToUserName>x</ToUserName></xml>')).toBe(400);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const hollow = sealCiphertext(TEST_KEYS, '<xml><MsgType>text</MsgType></xml>', timestamp, '42');
    expect(
      await post(
        `/wecom/callback?msg_signature=${hollow.msgSignature}&timestamp=${timestamp}&nonce=42`,
        `<xml><Encrypt><![CDATA[${hollow.ciphertext}]]></Encrypt></xml>`,
      ),
    ).toBe(400);
    expect(await refusalCount('malformed')).toBe(3);
    await expectNothingProcessed();
  });

  it('XML with a DTD or entities, outside or inside the encryption -> 400', async () => {
    const signed = signCallback(TEST_KEYS, helloFrom('chenhao'));
    const withDtd = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>${signed.body.replace('<ToUserName>', '<ToUserName>&x;')}`;
    expect(await post(signed.path, withDtd)).toBe(400);
    const laughs =
      '<!DOCTYPE xml [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + helloFrom('chenhao').replace('帮助', '&b;');
    const inner = signCallback(TEST_KEYS, laughs);
    expect(await post(inner.path, inner.body)).toBe(400);
    await expectNothingProcessed();
  });

  it('an unknown organisation path -> 404', async () => {
    const signed = signCallback(TEST_KEYS, helloFrom('chenhao'), { orgPath: 'nosuchschool' });
    expect(await post(signed.path, signed.body)).toBe(404);
    await expectNothingProcessed();
  });

  it('the same callback on the organisation path is accepted', async () => {
    const signed = signCallback(TEST_KEYS, helloFrom('chenhao'), { orgPath: 'demo' });
    expect(await post(signed.path, signed.body)).toBe(200);
    await t.waitForMessages('chenhao', 1);
  });

  it('/healthz, /readyz and /metrics answer', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toContain('xiaoban_callbacks_total{outcome="bad_signature"} 3');
    expect(metrics).toMatch(/xiaoban_queue_depth\{queue="inbound",state="waiting"\} \d+/);
    expect(metrics).toMatch(/xiaoban_wecom_api_calls_total\{api="message\/send",errcode="0"\} \d+/);
    expect(metrics).toContain('xiaoban_callback_duration_seconds_bucket');
  });
});

describe('URL verification with WeCom published vectors, against the running service', () => {
  let t: TestService;
  const set = vectors.set_a;
  beforeAll(async () => {
    t = await startTestService({
      envOverrides: {
        WECOM_TOKEN: set.token,
        WECOM_ENCODING_AES_KEY: set.encoding_aes_key,
        WECOM_CORP_ID: set.corp_id,
        WECOM_REPLAY_WINDOW_SECONDS: 0,
      },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers the echostr plaintext and nothing else', async () => {
    const v = set.url_verification;
    const query = `msg_signature=${v.msg_signature}&timestamp=${v.timestamp}&nonce=${v.nonce}&echostr=${encodeURIComponent(v.echostr)}`;
    const response = await fetch(`${t.url}/wecom/callback?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(v.plaintext);
  });

  it('accepts the published POST message (signed 2014: the replay window is off here)', async () => {
    const p = set.post_message;
    const response = await fetch(
      `${t.url}/wecom/callback?msg_signature=${p.msg_signature}&timestamp=${p.timestamp}&nonce=${p.nonce}`,
      { method: 'POST', body: p.body },
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    const event = await t.db.prisma.inboundEvent.findFirst({ where: { dedupeKey: 'msg:4561255354251345929' } });
    expect(event?.fromUserId).toBe('mycreate');
  });

  it('refuses an echostr whose + became a space (a careless query parser)', async () => {
    const v = set.url_verification;
    const query = `msg_signature=${v.msg_signature}&timestamp=${v.timestamp}&nonce=${v.nonce}&echostr=${v.echostr.replaceAll('+', '%20')}`;
    expect((await fetch(`${t.url}/wecom/callback?${query}`)).status).toBe(401);
  });
});
