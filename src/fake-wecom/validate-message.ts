/**
 * message/send validation as WeCom does it (DOC 90236). Where WeCom's errcode for a broken rule is
 * documented it is used; where it is not (title, button and row limits) the fake answers 40058
 * "不合法的参数", WeCom's general invalid-parameter code — a guess, marked as such in errmsg.
 */

export interface Refusal {
  errcode: number;
  errmsg: string;
}

const MAX_CONTENT_BYTES = 2048;
const TASK_ID = /^[0-9A-Za-z_\-@]{1,128}$/;
const CARD_TYPES = new Set([
  'text_notice',
  'news_notice',
  'button_interaction',
  'vote_interaction',
  'multiple_interaction',
]);
/** Card types a member can click, which therefore get a response_code. */
export const INTERACTIVE_CARD_TYPES = new Set(['button_interaction', 'vote_interaction', 'multiple_interaction']);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const charCount = (text: string): number => [...text].length;
const refuse = (errcode: number, errmsg: string): Refusal => ({ errcode, errmsg });

export function validateSendBody(
  body: Json,
  agentId: number,
  isTaskIdTaken: (taskId: string) => boolean,
  isMediaValid: (mediaId: string) => boolean = () => false,
): Refusal | undefined {
  if (body.agentid !== agentId) return refuse(40056, `invalid agentid: expected the integer ${agentId}`);
  if (typeof body.touser !== 'string' || body.touser.trim() === '') return refuse(82001, 'touser is empty');
  if (body.touser.split('|').length > 1000) return refuse(40032, 'touser lists more than 1000 members');
  switch (body.msgtype) {
    case 'text':
    case 'markdown':
      return validateContent(body[body.msgtype], body.msgtype);
    case 'template_card':
      return validateCard(body.template_card, isTaskIdTaken);
    case 'file':
      return validateFile(body.file, isMediaValid);
    default:
      return refuse(40008, `invalid msgtype: ${String(body.msgtype)}`);
  }
}

function validateContent(payload: unknown, msgtype: string): Refusal | undefined {
  if (!isObject(payload) || typeof payload.content !== 'string' || payload.content === '') {
    return refuse(44004, `${msgtype}.content is empty`);
  }
  // The limit is in bytes of UTF-8: a Chinese character counts 3.
  const bytes = Buffer.byteLength(payload.content, 'utf8');
  if (bytes > MAX_CONTENT_BYTES)
    return refuse(45002, `content size out of limit: ${bytes} bytes > ${MAX_CONTENT_BYTES}`);
  return undefined;
}

/** A file message names temporary media that is still valid (3 days after its upload). */
function validateFile(payload: unknown, isMediaValid: (mediaId: string) => boolean): Refusal | undefined {
  if (!isObject(payload) || typeof payload.media_id !== 'string' || payload.media_id === '')
    return refuse(41006, 'media_id missing');
  if (!isMediaValid(payload.media_id)) return refuse(40007, `invalid media_id: ${payload.media_id}`);
  return undefined;
}

function validateCard(card: unknown, isTaskIdTaken: (taskId: string) => boolean): Refusal | undefined {
  if (!isObject(card)) return refuse(40058, 'template_card is missing');
  if (typeof card.card_type !== 'string' || !CARD_TYPES.has(card.card_type)) {
    return refuse(40058, `invalid card_type: ${String(card.card_type)}`);
  }
  const needsTaskId = INTERACTIVE_CARD_TYPES.has(card.card_type) || card.task_id !== undefined;
  if (needsTaskId) {
    // 42014 is WeCom's answer for a missing, malformed or reused task_id ("taskid has existed or
    // empty or exceed max len").
    if (typeof card.task_id !== 'string' || !TASK_ID.test(card.task_id)) {
      return refuse(42014, 'invalid task_id: empty, exceeds 128 bytes or has characters outside [0-9A-Za-z_-@]');
    }
    if (isTaskIdTaken(card.task_id)) return refuse(42014, `taskid has existed: ${card.task_id}`);
  }
  // Only button_interaction is checked field by field; Xiaoban sends no other type.
  return card.card_type === 'button_interaction' ? validateButtonCard(card) : undefined;
}

function validateButtonCard(card: Json): Refusal | undefined {
  const mainTitle = card.main_title;
  if (!isObject(mainTitle) || typeof mainTitle.title !== 'string' || mainTitle.title === '') {
    return refuse(40058, 'main_title.title is required (errcode guessed by the fake)');
  }
  if (charCount(mainTitle.title) > 36)
    return refuse(40058, 'main_title.title exceeds 36 characters (errcode guessed by the fake)');
  const rows = card.horizontal_content_list;
  if (rows !== undefined && (!Array.isArray(rows) || rows.length > 6)) {
    return refuse(40058, 'horizontal_content_list must have at most 6 rows (errcode guessed by the fake)');
  }
  const buttons = card.button_list;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 6) {
    return refuse(40058, 'button_list must have 1 to 6 buttons (errcode guessed by the fake)');
  }
  const keys = new Set<string>();
  for (const button of buttons) {
    if (!isObject(button) || typeof button.key !== 'string' || button.key === '')
      return refuse(42019, 'button key is missing');
    if (typeof button.text !== 'string' || button.text === '') return refuse(42020, 'button text is missing');
    if (charCount(button.text) > 10)
      return refuse(40058, `button text exceeds 10 characters: ${button.text} (errcode guessed by the fake)`);
    if (Buffer.byteLength(button.key, 'utf8') > 1024 || keys.has(button.key)) {
      return refuse(42018, `invalid button key (too long or repeated): ${button.key}`);
    }
    keys.add(button.key);
  }
  return undefined;
}
