import { AppError } from '../shared/errors.js';
import { parseCallbackXml, textField } from './parse-callback-xml.js';

/** A decrypted WeCom message or event (DOC 90239, 90240), every value kept as text. */
export interface CallbackMessage {
  toUserName: string;
  fromUserName: string;
  /** seconds since the epoch, as WeCom sent it */
  createTime: string;
  msgType: string;
  agentId?: string;
  /** text messages */
  content?: string;
  /** messages: a 64-bit integer, kept as a string */
  msgId?: string;
  /** events */
  event?: string;
  eventKey?: string;
  taskId?: string;
  cardType?: string;
  /** template_card_event: a fresh single-use code for update_template_card (72 h) */
  responseCode?: string;
  /** every field as received, for the record */
  fields: Record<string, unknown>;
}

export function parseCallbackMessage(plaintext: string): CallbackMessage {
  const fields = parseCallbackXml(plaintext);
  const required = (name: string): string => {
    const value = textField(fields, name);
    if (!value) throw new AppError('MALFORMED_CALLBACK', `decrypted message lacks <${name}>`);
    return value;
  };
  const message: CallbackMessage = {
    toUserName: required('ToUserName'),
    fromUserName: required('FromUserName'),
    createTime: required('CreateTime'),
    msgType: required('MsgType'),
    agentId: textField(fields, 'AgentID'),
    content: textField(fields, 'Content'),
    msgId: textField(fields, 'MsgId'),
    event: textField(fields, 'Event'),
    eventKey: textField(fields, 'EventKey'),
    taskId: textField(fields, 'TaskId'),
    cardType: textField(fields, 'CardType'),
    responseCode: textField(fields, 'ResponseCode'),
    fields,
  };
  // These go into text columns and the dedupe key; only Content is free text (stored losslessly).
  for (const [name, value] of [
    ['FromUserName', message.fromUserName],
    ['MsgType', message.msgType],
    ['Event', message.event],
    ['TaskId', message.taskId],
    ['EventKey', message.eventKey],
  ] as const) {
    if (value !== undefined && /[\u0000-\u001f]/.test(value))
      throw new AppError('MALFORMED_CALLBACK', `<${name}> holds a control character`);
  }
  if (!/^\d{1,12}$/.test(message.createTime)) throw new AppError('MALFORMED_CALLBACK', 'CreateTime is not a number');
  if (message.msgType !== 'event' && !message.msgId) throw new AppError('MALFORMED_CALLBACK', 'message lacks <MsgId>');
  if (message.msgId && !/^\d{1,20}$/.test(message.msgId))
    throw new AppError('MALFORMED_CALLBACK', 'MsgId is not an integer');
  return message;
}

/**
 * WeCom's retries of one callback share this key (NOTES §3): MsgId for messages; for events
 * FromUserName + CreateTime, plus TaskId + EventKey because two taps by one person within the same
 * second share a CreateTime.
 */
export function dedupeKeyOf(message: CallbackMessage): string {
  if (message.msgType !== 'event') return `msg:${message.msgId}`;
  return [
    'event',
    message.fromUserName,
    message.createTime,
    message.event ?? '',
    message.taskId ?? '',
    message.eventKey ?? '',
  ].join(':');
}
