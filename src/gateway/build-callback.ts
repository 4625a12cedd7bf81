import { randomBytes, randomInt } from 'node:crypto';
import { sealCiphertext, type CallbackKeys } from './callback-crypto.js';

/**
 * Builds callbacks exactly as WeCom sends them (encrypted, signed, CDATA-wrapped). The local
 * simulator, the bench and the tests use this; the service itself only ever parses.
 */
export interface SignedCallback {
  /** path + query to POST to, e.g. `/wecom/callback?msg_signature=…&timestamp=…&nonce=…` */
  path: string;
  body: string;
}

function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function xmlOf(fields: Record<string, string | number>): string {
  const inner = Object.entries(fields)
    .map(([name, value]) =>
      typeof value === 'number' ? `<${name}>${value}</${name}>` : `<${name}>${cdata(value)}</${name}>`,
    )
    .join('');
  return `<xml>${inner}</xml>`;
}

/** What every message a member sends carries (DOC 90239), whatever its type. */
interface MemberMessage {
  corpId: string;
  from: string;
  msgId: string;
  createTime: number;
  agentId: number;
}

function memberMessageXml(message: MemberMessage, msgType: string, fields: Record<string, string>): string {
  return xmlOf({
    ToUserName: message.corpId,
    FromUserName: message.from,
    CreateTime: message.createTime,
    MsgType: msgType,
    ...fields,
    MsgId: message.msgId,
    AgentID: message.agentId,
  });
}

export function textMessageXml(message: MemberMessage & { content: string }): string {
  return memberMessageXml(message, 'text', { Content: message.content });
}

/**
 * A member sends the app a file (MsgType `file`): WeCom keeps the file as temporary media and
 * names it by MediaId; FileName is the name the member's file had. (WeCom's public page on received
 * messages lists text, image, voice, video, location and link; file messages arrive in this shape,
 * as clients of the API report: MediaId and FileName beside the usual fields.)
 */
export function fileMessageXml(message: MemberMessage & { mediaId: string; fileName: string }): string {
  return memberMessageXml(message, 'file', { MediaId: message.mediaId, FileName: message.fileName });
}

export function cardTapXml(tap: {
  corpId: string;
  from: string;
  taskId: string;
  eventKey: string;
  responseCode: string;
  createTime: number;
  agentId: number;
}): string {
  return xmlOf({
    ToUserName: tap.corpId,
    FromUserName: tap.from,
    CreateTime: tap.createTime,
    MsgType: 'event',
    Event: 'template_card_event',
    EventKey: tap.eventKey,
    TaskId: tap.taskId,
    CardType: 'button_interaction',
    ResponseCode: tap.responseCode,
    AgentID: tap.agentId,
  });
}

/** Encrypts `plaintext` into the POST envelope and signs it; `timestamp` defaults to now. */
export function signCallback(
  keys: CallbackKeys,
  plaintext: string,
  options: { timestamp?: number; nonce?: string; orgPath?: string; agentId?: number } = {},
): SignedCallback {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? String(randomInt(1e9));
  const { ciphertext, msgSignature } = sealCiphertext(keys, plaintext, timestamp, nonce);
  const body = `<xml><ToUserName>${cdata(keys.corpId)}</ToUserName><Encrypt>${cdata(ciphertext)}</Encrypt><AgentID>${cdata(String(options.agentId ?? 1000002))}</AgentID></xml>`;
  const base = options.orgPath ? `/wecom/${options.orgPath}/callback` : '/wecom/callback';
  return { path: `${base}?msg_signature=${msgSignature}&timestamp=${timestamp}&nonce=${nonce}`, body };
}

/** A 64-bit MsgId like WeCom's, as a decimal string (never a JS number). */
export function newMsgId(): string {
  return (BigInt(`0x${randomBytes(8).toString('hex')}`) & 0x7fffffffffffffffn).toString();
}
