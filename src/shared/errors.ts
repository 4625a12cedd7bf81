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

/**
 * An expected "no" with a Chinese answer: the person asked for something the rules do not allow
 * (not theirs to approve, no such seal, the item moved on). It is its own kind, never inferred from
 * an HTTP status: a refusal is answered and committed, while any other error is a crash that rolls
 * back and is retried (STYLE.md, Errors).
 */
export class Refusal extends AppError {
  /** the card that was tapped is about a state that has passed: it is greyed out saying why */
  readonly isCardStale: boolean;

  constructor(code: AppErrorCode, userMessage: string, options: RefusalOptions = {}) {
    super(code, userMessage, userMessage);
    this.name = 'Refusal';
    this.isCardStale = options.isCardStale ?? false;
  }
}

export interface RefusalOptions {
  /** refusing a card tap because the item moved on: the card is closed as stale, with this reason */
  isCardStale?: boolean;
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

/** A refusal a person should read: `throw refusal('NOT_ALLOWED', 'Y3 只能由申请人撤回。')`. */
export function refusal(code: AppErrorCode, userMessage: string, options?: RefusalOptions): Refusal {
  return new Refusal(code, userMessage, options);
}

export function isRefusal(error: unknown): error is Refusal {
  return error instanceof Refusal;
}
