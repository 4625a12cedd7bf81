/**
 * The one error type of Xiaoban. `code` is stable (tests and metrics use it), `message` is for the
 * log, `userMessage` is the Chinese sentence a person sees, `httpStatus` where it reaches HTTP.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly userMessage: string = '操作没有完成，请稍后再试。',
    readonly httpStatus: number = HTTP_STATUS[code] ?? 500,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export type AppErrorCode =
  | 'BAD_SIGNATURE'
  | 'WRONG_RECEIVER'
  | 'STALE_TIMESTAMP'
  | 'MALFORMED_CALLBACK'
  | 'BODY_TOO_LARGE'
  | 'UNKNOWN_ORG'
  | 'INVALID_INPUT'
  | 'NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'ORG_FILE_INVALID'
  | 'WECOM_API'
  | 'INTERNAL';

const HTTP_STATUS: Partial<Record<AppErrorCode, number>> = {
  BAD_SIGNATURE: 401,
  WRONG_RECEIVER: 401,
  STALE_TIMESTAMP: 401,
  MALFORMED_CALLBACK: 400,
  BODY_TOO_LARGE: 413,
  UNKNOWN_ORG: 404,
  INVALID_INPUT: 400,
  NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** A refusal a person should read: the message is already the Chinese sentence. */
export function userError(code: AppErrorCode, userMessage: string): AppError {
  return new AppError(code, userMessage, userMessage);
}
