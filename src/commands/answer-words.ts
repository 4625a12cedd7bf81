/** Words that answer a question rather than start a command; compared after trimming, case-insensitively. */
const CANCEL_WORDS = new Set(['取消', '放弃', '算了', 'cancel']);
const SKIP_WORDS = new Set(['跳过', '不填', 'skip']);
const YES_WORDS = new Set(['是', '是的', '对', '对的', '好', '好的', '确认', '确定', '提交', '继续', 'yes', 'y', 'ok']);
const NO_WORDS = new Set(['否', '不', '不是', '不用', '不要', 'no', 'n']);

const normalized = (text: string): string =>
  text
    .trim()
    .replace(/[。.！!]+$/, '')
    .toLowerCase();

export const isCancelWord = (text: string): boolean => CANCEL_WORDS.has(normalized(text));
export const isSkipWord = (text: string): boolean => SKIP_WORDS.has(normalized(text));
export const isYesWord = (text: string): boolean => YES_WORDS.has(normalized(text));
export const isNoWord = (text: string): boolean => NO_WORDS.has(normalized(text));
