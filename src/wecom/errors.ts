import { AppError } from '../shared/errors.js';

/** What to do about a WeCom answer (DOC 90313). */
export type WecomErrorKind = 'ok' | 'retry' | 'refresh_token' | 'rate_limited' | 'permanent';

export interface WecomErrorClass {
  kind: WecomErrorKind;
  /** rate_limited only: how long the caller should wait before trying again */
  retryAfterMs?: number;
}

/** How a call failed: a WeCom errcode, no answer at all, or a non-200 HTTP answer. */
export type WecomFailure = number | 'network' | 'http';

/** 45009 blocks for the window that was exceeded: a minute, or an hour for hourly limits. */
export const FREQUENCY_LIMIT_RETRY_MS = 60_000;
/** 45033 means too many calls in flight; a short pause lets them drain. */
export const CONCURRENCY_LIMIT_RETRY_MS = 5_000;

/**
 * The one place WeCom errcodes get a meaning. -1 (busy) and 6000 (version conflict) are transient;
 * 40014/42001 mean the token died early; 45009/45033 are limits to wait out, never to spin on;
 * everything else — 40001 bad secret above all, whose repetition gets the IP blocked — is permanent.
 */
export function classifyWecomError(errcode: number): WecomErrorClass {
  switch (errcode) {
    case 0:
      return { kind: 'ok' };
    case -1:
    case 6000:
      return { kind: 'retry' };
    case 40014:
    case 42001:
      return { kind: 'refresh_token' };
    case 45009:
      return { kind: 'rate_limited', retryAfterMs: FREQUENCY_LIMIT_RETRY_MS };
    case 45033:
      return { kind: 'rate_limited', retryAfterMs: CONCURRENCY_LIMIT_RETRY_MS };
    default:
      return { kind: 'permanent' };
  }
}

/**
 * Errcodes after which a note to the recipient could not arrive either: they are outside the app's
 * reach (81013, 60011, 60111, 40031), or nothing can be sent at all (wrong secret, corp or agent,
 * an untrusted server IP, a missing permission, another app's token).
 */
const UNDELIVERABLE = new Set([81013, 60011, 60111, 40031, 40001, 40013, 40056, 60020, 48002, 301002]);

export function canNoteReachRecipient(errcode: WecomFailure): boolean {
  return typeof errcode !== 'number' || !UNDELIVERABLE.has(errcode);
}

/** What the operator should do, for the errcodes someone will meet in production. */
const HINTS: Record<number, string> = {
  40001: 'wrong secret: check WECOM_SECRET (not retried: repeated failures get the server IP blocked)',
  40013: 'wrong corp id: check WECOM_CORP_ID',
  40056: 'wrong agentid: check WECOM_AGENT_ID',
  42014: 'task_id reused or malformed: every card needs a new one',
  43012: 'the app has no callback URL configured, so it cannot send interactive cards',
  45002: 'content longer than 2048 bytes',
  48002: 'the app lacks permission for this API',
  60020: "this server's IP is not in the app's trusted IPs: an admin must add it",
  60140: 'response_code unknown, already used or older than 72 h: each code updates a card once',
  81013: "recipient not in the app's visibility range, or no longer exists",
  301002: 'the token belongs to another app',
};

export interface WecomApiErrorDetails {
  /** short API name, e.g. 'message/send' */
  api: string;
  failure: WecomFailure;
  /** WeCom's errmsg, or the network error code, or the HTTP status text */
  detail: string;
  isRetryable: boolean;
  retryAfterMs?: number;
  /** for 'http' failures */
  upstreamStatus?: number;
}

/**
 * A failed WeCom call. The message names the API, the errcode and WeCom's errmsg, never the access
 * token; `isRetryable` and `retryAfterMs` tell the queue whether and when to try the job again.
 */
export class WecomApiError extends AppError {
  readonly api: string;
  readonly errcode: WecomFailure;
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly upstreamStatus: number | undefined;

  constructor(details: WecomApiErrorDetails) {
    const hint = typeof details.failure === 'number' ? HINTS[details.failure] : undefined;
    const what =
      typeof details.failure === 'number'
        ? `errcode ${details.failure}`
        : details.failure === 'http'
          ? `HTTP ${details.upstreamStatus ?? '?'}`
          : 'network error';
    const userMessage = details.isRetryable
      ? '企业微信暂时没有响应，请稍后再试。'
      : '企业微信拒绝了这次操作，请联系管理员。';
    super(
      'WECOM_API',
      `WeCom ${details.api} failed: ${what}: ${details.detail}${hint ? ` (${hint})` : ''}`,
      userMessage,
      502,
    );
    this.name = 'WecomApiError';
    this.api = details.api;
    this.errcode = details.failure;
    this.isRetryable = details.isRetryable;
    this.retryAfterMs = details.retryAfterMs;
    this.upstreamStatus = details.upstreamStatus;
  }
}
