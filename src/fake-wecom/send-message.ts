import { randomBytes } from 'node:crypto';
import type { FakeWecomState } from './state.js';
import { INTERACTIVE_CARD_TYPES, validateSendBody } from './validate-message.js';

type Json = Record<string, unknown>;

/** DOC 90236: duplicate_check_interval defaults to 1800 s and may not exceed 4 h. */
const DEFAULT_DUPLICATE_CHECK_SECONDS = 1800;
const MAX_DUPLICATE_CHECK_SECONDS = 4 * 3600;

/** POST /cgi-bin/message/send: validates, records one entry per member, answers like WeCom. */
export function handleSendMessage(state: FakeWecomState, body: Json): Json {
  const refusal = validateSendBody(
    body,
    state.identity.agentId,
    (taskId) => state.usedTaskIds.has(taskId),
    (mediaId) => state.mediaStore.get(mediaId) !== undefined,
  );
  if (refusal) return { ...refusal };
  const duplicateCheckSeconds = readDuplicateCheck(body);
  if (typeof duplicateCheckSeconds === 'object') return duplicateCheckSeconds;

  const { valid, invalid } = splitRecipients(state, String(body.touser));
  if (valid.length === 0)
    return { errcode: 81013, errmsg: 'user & party & tag all invalid', invaliduser: invalid.join('|') };

  const msgtype = String(body.msgtype);
  const card = msgtype === 'template_card' ? (body.template_card as Json) : undefined;
  const taskId = typeof card?.task_id === 'string' ? card.task_id : undefined;
  if (taskId) state.usedTaskIds.add(taskId);
  const responseCode =
    card && INTERACTIVE_CARD_TYPES.has(String(card.card_type))
      ? state.responseCodes.issue({ taskId: taskId!, userIds: valid })
      : undefined;

  const media = msgtype === 'file' ? state.mediaStore.get(String((body.file as Json).media_id)) : undefined;
  const file = media && {
    mediaId: media.mediaId,
    fileName: media.fileName,
    sha256: media.sha256,
    sizeBytes: media.bytes.byteLength,
  };

  const msgid = randomBytes(24).toString('base64url');
  const contentKey = `${msgtype}:${JSON.stringify(body[msgtype])}`;
  for (const member of valid) {
    const dropped = state.deliveryLimits.deliver(member, contentKey, duplicateCheckSeconds);
    state.recordedMessages.push({
      msgid,
      toUser: member,
      msgtype,
      body: structuredClone(body),
      taskId,
      responseCode,
      ...(file ? { file } : {}),
      at: state.nowIso(),
      isDelivered: dropped === undefined,
      dropped,
    });
  }
  return {
    errcode: 0,
    errmsg: 'ok',
    msgid,
    ...(invalid.length > 0 ? { invaliduser: invalid.join('|') } : {}),
    ...(responseCode ? { response_code: responseCode } : {}),
  };
}

function readDuplicateCheck(body: Json): number | undefined | Json {
  if (body.enable_duplicate_check !== 1) return undefined;
  const interval = body.duplicate_check_interval ?? DEFAULT_DUPLICATE_CHECK_SECONDS;
  if (
    typeof interval !== 'number' ||
    !Number.isInteger(interval) ||
    interval < 1 ||
    interval > MAX_DUPLICATE_CHECK_SECONDS
  ) {
    return { errcode: 40058, errmsg: 'duplicate_check_interval must be 1..14400 seconds' };
  }
  return interval;
}

/**
 * With a directory loaded, members not in it are invalid (WeCom lists them in invaliduser, or answers
 * 81013 when none is valid). With an empty directory every userid is accepted, so tests need none.
 */
function splitRecipients(state: FakeWecomState, touser: string): { valid: string[]; invalid: string[] } {
  const members = [...new Set(touser.split('|').filter((member) => member !== ''))];
  if (state.contacts.users.length === 0) return { valid: members, invalid: [] };
  const known = new Set(state.contacts.users.map((user) => user.userid.toLowerCase()));
  return {
    valid: members.filter((member) => known.has(member.toLowerCase())),
    // WeCom lower-cases the userids it reports as invalid.
    invalid: members.filter((member) => !known.has(member.toLowerCase())).map((member) => member.toLowerCase()),
  };
}
