import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSignatureValid, openCiphertext } from '../../../src/gateway/callback-crypto.js';
import { dedupeKeyOf, parseCallbackMessage } from '../../../src/gateway/callback-message.js';
import { parseCallbackXml } from '../../../src/gateway/parse-callback-xml.js';

interface VectorSet {
  token: string;
  encoding_aes_key: string;
  corp_id: string;
  url_verification: { msg_signature: string; timestamp: string; nonce: string; echostr: string; plaintext: string };
  post_message: {
    msg_signature: string;
    timestamp: string;
    nonce: string;
    body?: string;
    encrypt?: string;
    plaintext: string;
  };
}

const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/wecom/vectors.json', import.meta.url), 'utf8'),
) as Record<'set_a' | 'set_b', VectorSet>;

describe.each(['set_a', 'set_b'] as const)("WeCom's published vectors (%s)", (name) => {
  const set = vectors[name];
  const keys = { token: set.token, encodingAesKey: set.encoding_aes_key, corpId: set.corp_id };

  it('verify and decrypt the URL-verification echostr', () => {
    const { msg_signature: msgSignature, timestamp, nonce, echostr, plaintext } = set.url_verification;
    expect(openCiphertext(keys, { msgSignature, timestamp, nonce }, echostr)).toBe(plaintext);
  });

  it('verify and decrypt the POST message, keeping its 64-bit MsgId exact', () => {
    const { msg_signature: msgSignature, timestamp, nonce, plaintext } = set.post_message;
    const ciphertext = set.post_message.encrypt ?? String(parseCallbackXml(set.post_message.body!).Encrypt);
    const opened = openCiphertext(keys, { msgSignature, timestamp, nonce }, ciphertext);
    expect(opened).toBe(plaintext);
    const message = parseCallbackMessage(opened);
    const expectedMsgId = /<MsgId>(\d+)<\/MsgId>/.exec(plaintext)![1]!;
    expect(message.msgId).toBe(expectedMsgId);
    expect(dedupeKeyOf(message)).toBe(`msg:${expectedMsgId}`);
  });

  it('refuse the same ciphertext under a signature changed by one character', () => {
    const { msg_signature: msgSignature, timestamp, nonce, echostr } = set.url_verification;
    const forged = (msgSignature[0] === '0' ? '1' : '0') + msgSignature.slice(1);
    expect(isSignatureValid(keys, { msgSignature: forged, timestamp, nonce }, echostr)).toBe(false);
    expect(() => openCiphertext(keys, { msgSignature: forged, timestamp, nonce }, echostr)).toThrow(/signature/);
  });

  it('refuse a correctly signed message addressed to another corp', () => {
    const { msg_signature: msgSignature, timestamp, nonce, echostr } = set.url_verification;
    expect(() =>
      openCiphertext({ ...keys, corpId: 'wwsomeoneelse' }, { msgSignature, timestamp, nonce }, echostr),
    ).toThrow(/receiveid/);
  });
});

describe('callback XML', () => {
  it('keeps MsgId beyond 2^53 as its exact digits', () => {
    const message = parseCallbackMessage(
      '<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>9007199254740993</MsgId></xml>',
    );
    expect(message.msgId).toBe('9007199254740993');
  });

  it('refuses a document type declaration and entities', () => {
    const billionLaughs =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><xml><Encrypt>&b;</Encrypt></xml>';
    expect(() => parseCallbackXml(billionLaughs)).toThrow(/DTD or entity/);
  });

  it('refuses XML that is not well-formed', () => {
    expect(() => parseCallbackXml('<xml><Encrypt>abc</xml>')).toThrow(/not well-formed/);
  });

  it('gives two taps in one second by one person different dedupe keys', () => {
    const tap = (key: string) =>
      parseCallbackMessage(
        `<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1700000000</CreateTime><MsgType>event</MsgType><Event>template_card_event</Event><EventKey>${key}</EventKey><TaskId>Y1-abc</TaskId></xml>`,
      );
    expect(dedupeKeyOf(tap('approve'))).not.toBe(dedupeKeyOf(tap('reject')));
    expect(dedupeKeyOf(tap('approve'))).toBe(dedupeKeyOf(tap('approve')));
  });
});
