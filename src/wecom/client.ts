import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import axios, { type AxiosInstance } from 'axios';
import type { Redis } from 'ioredis';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { classifyWecomError, WecomApiError, type WecomFailure } from './errors.js';
import { fileNameFromContentDisposition, multipartFileBody, type MediaDownload } from './media.js';
import { createTokenCache, type TokenCache } from './token-cache.js';
import type { CardUpdate, OutgoingMessage, SendResult, WecomApi, WecomDepartment, WecomUser } from './types.js';

export interface WecomClientOptions {
  /** e.g. https://qyapi.weixin.qq.com, or the fake's URL */
  apiBase: string;
  corpId: string;
  secret: string;
  agentId: number;
  /** Holds the shared access token and its refresh lock. */
  redis: Redis;
  /** Prefix of the Redis keys. Default 'xiaoban:'. */
  keyPrefix?: string;
  /** Accepted for symmetry with the rest of Xiaoban; WeCom's answers carry the times that matter. */
  clock?: Clock;
  logger?: Logger;
  /** Called once per HTTP attempt, for metrics. `api` is short, e.g. 'message/send'. */
  onApiCall?: (api: string, errcode: WecomFailure, durationMs: number) => void;
  /** Attempts for transient failures (-1, network, HTTP 5xx) within one call. Default 3. */
  maxAttempts?: number;
  /** First backoff; doubles each attempt, plus up to as much again of jitter. Default 200. */
  retryBaseDelayMs?: number;
  /** Per HTTP attempt. Default 10 000. */
  timeoutMs?: number;
  /** Per attempt of a file's download or upload (up to 20 MB), the whole body included. Default 60 000. */
  mediaTimeoutMs?: number;
}

type WecomBody = Record<string, unknown> & { errcode: number; errmsg?: string };

/** A call that succeeded; a download's success carries the file. */
type Success = { failure: 0; body: WecomBody; media?: MediaDownload };

/** What one HTTP attempt came to. */
type Attempt =
  | Success
  | { failure: number; body: WecomBody }
  | { failure: 'network'; detail: string }
  | { failure: 'http'; status: number };

/** A reused task_id (see src/fake-wecom/validate-message.ts for where this code comes from). */
const TASK_ID_EXISTS = 42014;

/** What one HTTP request is: a JSON call, an upload (`headers`), or a download (`download`). */
interface HttpRequest {
  method: 'GET' | 'POST';
  params: Record<string, unknown>;
  data?: unknown;
  headers?: Record<string, string>;
  download?: { maxBytes: number };
  timeoutMs?: number;
}

/** A JSON error of media/get is small; a body without Content-Disposition larger than this is a file. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** DOC 90236: duplicate_check_interval may not exceed 4 hours. */
const MAX_DUPLICATE_CHECK_SECONDS = 4 * 3600;

/** The one WeCom client: WecomApi over HTTP, with the shared token, retries and error classification. */
export function createWecomClient(options: WecomClientOptions): WecomApi {
  const { agentId, logger, onApiCall } = options;
  const maxAttempts = options.maxAttempts ?? 3;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
  const mediaTimeoutMs = options.mediaTimeoutMs ?? 60_000;
  const http = axios.create({
    baseURL: options.apiBase,
    timeout: options.timeoutMs ?? 10_000,
    // WeCom answers errors with HTTP 200 and an errcode; other statuses come from proxies and are judged below.
    validateStatus: () => true,
  });

  async function attempt(api: string, request: HttpRequest): Promise<Attempt> {
    const startedAt = performance.now();
    const outcome = await (request.download ? downloadOnce : sendOnce)(http, `/cgi-bin/${api}`, request);
    onApiCall?.(api, outcome.failure, performance.now() - startedAt);
    return outcome;
  }

  /**
   * One API call: transient failures are retried with backoff up to maxAttempts; a dead token is
   * dropped and replaced once; everything else throws a classified WecomApiError.
   */
  async function call(
    api: string,
    request: Omit<HttpRequest, 'params'> & {
      params?: Record<string, unknown>;
      dataAfterLostAnswer?: unknown;
      /** an errcode that, after a lost answer, means the earlier attempt got through */
      isDoneAfterLostAnswer?: (errcode: number) => boolean;
    },
    tokens?: TokenCache,
  ): Promise<Success> {
    let hasRefreshedToken = false;
    let data = request.data;
    let hasLostAnswer = false;
    for (let attemptNumber = 1; ; attemptNumber++) {
      const accessToken = tokens ? await tokens.get() : undefined;
      const params = { ...request.params, ...(accessToken ? { access_token: accessToken } : {}) };
      const outcome = await attempt(api, { ...request, params, data });
      if (outcome.failure === 0) return outcome as Success;
      if (hasLostAnswer && typeof outcome.failure === 'number' && request.isDoneAfterLostAnswer?.(outcome.failure))
        return { failure: 0, body: { errcode: 0 } };
      if (typeof outcome.failure !== 'number') hasLostAnswer = true;

      const verdict = classifyOutcome(outcome);
      if (verdict.kind === 'refresh_token' && tokens && accessToken && !hasRefreshedToken) {
        hasRefreshedToken = true;
        logger?.info({ api, errcode: outcome.failure }, 'WeCom access token rejected; fetching a new one');
        await tokens.invalidate(accessToken);
        attemptNumber--; // the token refresh is not one of the transient-failure attempts
        continue;
      }
      if (verdict.kind === 'retry' && attemptNumber < maxAttempts) {
        // No WeCom answer (a dropped connection, a 5xx from a proxy): the request may have gone
        // through, so the retry carries what makes a repeat harmless (the duplicate check).
        if (typeof outcome.failure !== 'number' && request.dataAfterLostAnswer !== undefined)
          data = request.dataAfterLostAnswer;
        const delayMs = retryBaseDelayMs * 2 ** (attemptNumber - 1) * (1 + Math.random());
        logger?.warn(
          { api, failure: outcome.failure, attempt: attemptNumber, delayMs: Math.round(delayMs) },
          'WeCom call failed; retrying',
        );
        await sleep(delayMs);
        continue;
      }
      const error = toError(api, outcome, verdict);
      logger?.warn({ api, failure: error.errcode, isRetryable: error.isRetryable }, error.message);
      throw error;
    }
  }

  const tokenCache = createTokenCache({
    redis: options.redis,
    corpId: options.corpId,
    agentId,
    keyPrefix: options.keyPrefix,
    fetchToken: async () => {
      const { body } = await call('gettoken', {
        method: 'GET',
        params: { corpid: options.corpId, corpsecret: options.secret },
      });
      if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
        throw new WecomApiError({
          api: 'gettoken',
          failure: 'http',
          detail: 'answer without access_token or expires_in',
          isRetryable: true,
        });
      }
      return { accessToken: body.access_token, expiresInSeconds: body.expires_in };
    },
  });

  return {
    async sendMessage(
      toUserId: string,
      message: OutgoingMessage,
      sendOptions: { duplicateCheckSeconds?: number } = {},
    ): Promise<SendResult> {
      const { duplicateCheckSeconds } = sendOptions;
      if (
        duplicateCheckSeconds !== undefined &&
        !(
          Number.isInteger(duplicateCheckSeconds) &&
          duplicateCheckSeconds > 0 &&
          duplicateCheckSeconds <= MAX_DUPLICATE_CHECK_SECONDS
        )
      ) {
        throw new AppError(
          'INVALID_INPUT',
          `duplicateCheckSeconds must be an integer in 1..${MAX_DUPLICATE_CHECK_SECONDS}, got ${duplicateCheckSeconds}`,
        );
      }
      // With the duplicate check on, a retry after a lost answer cannot deliver the message twice.
      const data = {
        touser: toUserId,
        agentid: agentId,
        ...message,
        enable_duplicate_check: duplicateCheckSeconds === undefined ? 0 : 1,
        ...(duplicateCheckSeconds === undefined ? {} : { duplicate_check_interval: duplicateCheckSeconds }),
      };
      const isTemplateCard = message.msgtype === 'template_card'; // its unique task_id already stops a repeat
      const dataAfterLostAnswer =
        duplicateCheckSeconds === undefined && !isTemplateCard
          ? { ...data, enable_duplicate_check: 1, duplicate_check_interval: MAX_DUPLICATE_CHECK_SECONDS }
          : undefined;
      const { body } = await call(
        'message/send',
        {
          method: 'POST',
          data,
          dataAfterLostAnswer,
          isDoneAfterLostAnswer: (errcode) => isTemplateCard && errcode === TASK_ID_EXISTS,
        },
        tokenCache,
      );
      const invalidUsers =
        typeof body.invaliduser === 'string' && body.invaliduser !== '' ? body.invaliduser.split('|') : [];
      // WeCom reports invalid userids lower-cased; a partly invalid send still answers errcode 0.
      if (invalidUsers.includes(toUserId.toLowerCase())) {
        throw new WecomApiError({
          api: 'message/send',
          failure: 81013,
          detail: `invaliduser lists the recipient ${toUserId}`,
          isRetryable: false,
        });
      }
      return {
        ...(typeof body.msgid === 'string' ? { msgid: body.msgid } : {}),
        ...(typeof body.response_code === 'string' ? { response_code: body.response_code } : {}),
        ...(invalidUsers.length > 0 ? { invaliduser: invalidUsers.join('|') } : {}),
      };
    },

    async updateTemplateCard(userIds: string[], responseCode: string, update: CardUpdate): Promise<void> {
      await call(
        'message/update_template_card',
        { method: 'POST', data: { userids: userIds, agentid: agentId, response_code: responseCode, ...update } },
        tokenCache,
      );
    },

    async getMedia(mediaId: string, mediaOptions: { maxBytes: number }): Promise<MediaDownload> {
      const outcome = await call(
        'media/get',
        {
          method: 'GET',
          params: { media_id: mediaId },
          download: { maxBytes: mediaOptions.maxBytes },
          timeoutMs: mediaTimeoutMs,
        },
        tokenCache,
      );
      if (!outcome.media)
        throw new WecomApiError({
          api: 'media/get',
          failure: 'http',
          detail: 'no file in the answer',
          isRetryable: true,
        });
      return outcome.media;
    },

    async uploadMedia(type: 'file', bytes: Uint8Array, fileName: string): Promise<{ mediaId: string }> {
      // DOC 90253: multipart/form-data, the part named "media"; its filename is what recipients see.
      const { body: data, contentType } = multipartFileBody({ fieldName: 'media', fileName, bytes });
      const { body } = await call(
        'media/upload',
        {
          method: 'POST',
          params: { type },
          data,
          headers: { 'content-type': contentType },
          timeoutMs: mediaTimeoutMs,
        },
        tokenCache,
      );
      if (typeof body.media_id !== 'string' || body.media_id === '') {
        throw new WecomApiError({
          api: 'media/upload',
          failure: 'http',
          detail: 'answer without media_id',
          isRetryable: true,
        });
      }
      return { mediaId: body.media_id };
    },

    async listDepartments(): Promise<WecomDepartment[]> {
      const { body } = await call('department/list', { method: 'GET' }, tokenCache);
      return Array.isArray(body.department) ? (body.department as WecomDepartment[]) : [];
    },

    async listUsers(departmentId: number): Promise<WecomUser[]> {
      const { body } = await call('user/list', { method: 'GET', params: { department_id: departmentId } }, tokenCache);
      return Array.isArray(body.userlist) ? (body.userlist as WecomUser[]) : [];
    },
  };
}

/** One HTTP exchange, reduced to what classification needs; the axios error (it holds the token) stays here. */
async function sendOnce(http: AxiosInstance, url: string, request: HttpRequest): Promise<Attempt> {
  try {
    const response = await http.request({
      url,
      method: request.method,
      params: request.params,
      data: request.data,
      ...(request.headers ? { headers: request.headers, maxBodyLength: Number.POSITIVE_INFINITY } : {}),
      ...(request.timeoutMs ? { timeout: request.timeoutMs } : {}),
    });
    if (response.status !== 200) return { failure: 'http', status: response.status };
    const body: unknown = response.data;
    if (typeof body !== 'object' || body === null || typeof (body as { errcode?: unknown }).errcode !== 'number') {
      // A 200 that is not WeCom JSON comes from something in between: treat it like a bad gateway.
      return { failure: 'http', status: 200 };
    }
    return { failure: (body as WecomBody).errcode, body: body as WecomBody };
  } catch (error) {
    const code = axios.isAxiosError(error) ? (error.code ?? 'ERR_NETWORK') : 'ERR_UNKNOWN';
    const message = error instanceof Error ? error.message : String(error);
    return { failure: 'network', detail: `${code}: ${message}` };
  }
}

/**
 * One download of temporary media (DOC 90254): the file comes as the body, with its name in
 * Content-Disposition; a failure comes as a small JSON body with an errcode and no
 * Content-Disposition. The body is read as it arrives and cut off past `maxBytes`, so a file too
 * large is never held whole; the whole exchange is bounded by the request's timeout.
 */
async function downloadOnce(http: AxiosInstance, url: string, request: HttpRequest): Promise<Attempt> {
  const maxBytes = request.download!.maxBytes;
  try {
    const response = await http.request<Readable>({
      url,
      method: 'GET',
      params: request.params,
      responseType: 'stream',
      signal: AbortSignal.timeout(request.timeoutMs ?? 60_000),
    });
    const stream = response.data;
    if (response.status !== 200) {
      stream.destroy();
      return { failure: 'http', status: response.status };
    }
    const header = (name: string): string | undefined => {
      const value: unknown = response.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const disposition = header('content-disposition');
    const declared = Number(header('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      stream.destroy();
      return { failure: 0, body: { errcode: 0 }, media: { kind: 'too_large', sizeBytes: declared } };
    }
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of stream) {
      const piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      received += piece.byteLength;
      if (received > maxBytes) {
        stream.destroy();
        const sizeBytes = Number.isFinite(declared) ? declared : undefined;
        return { failure: 0, body: { errcode: 0 }, media: { kind: 'too_large', sizeBytes } };
      }
      chunks.push(piece);
    }
    const bytes = Buffer.concat(chunks);
    if (!disposition && bytes.byteLength <= MAX_ERROR_BODY_BYTES) {
      const errcode = errcodeOf(bytes);
      if (errcode !== undefined && errcode !== 0) {
        const body = JSON.parse(bytes.toString('utf8')) as WecomBody;
        return { failure: errcode, body };
      }
    }
    return {
      failure: 0,
      body: { errcode: 0 },
      media: {
        kind: 'file',
        bytes,
        fileName: fileNameFromContentDisposition(disposition),
        contentType: header('content-type'),
      },
    };
  } catch (error) {
    const code = axios.isAxiosError(error) ? (error.code ?? 'ERR_NETWORK') : 'ERR_UNKNOWN';
    const message = error instanceof Error ? error.message : String(error);
    return { failure: 'network', detail: `${code}: ${message}` };
  }
}

/** The errcode of a WeCom JSON answer, or undefined when the bytes are not one. */
function errcodeOf(bytes: Buffer): number | undefined {
  try {
    const body: unknown = JSON.parse(bytes.toString('utf8'));
    const errcode = (body as { errcode?: unknown } | null)?.errcode;
    return typeof errcode === 'number' ? errcode : undefined;
  } catch {
    return undefined;
  }
}

function classifyOutcome(outcome: Exclude<Attempt, Success>) {
  if (outcome.failure === 'network') return { kind: 'retry' as const };
  if (outcome.failure === 'http') {
    if (outcome.status === 429) return { kind: 'rate_limited' as const, retryAfterMs: 60_000 };
    // 5xx, and a 200 that was not WeCom JSON, are the gateway's trouble; other statuses are ours.
    return { kind: outcome.status >= 500 || outcome.status === 200 ? ('retry' as const) : ('permanent' as const) };
  }
  return classifyWecomError(outcome.failure);
}

function toError(
  api: string,
  outcome: Exclude<Attempt, Success>,
  verdict: ReturnType<typeof classifyOutcome>,
): WecomApiError {
  const isRetryable = verdict.kind !== 'permanent';
  const retryAfterMs = 'retryAfterMs' in verdict ? verdict.retryAfterMs : undefined;
  if (outcome.failure === 'network')
    return new WecomApiError({ api, failure: 'network', detail: outcome.detail, isRetryable });
  if (outcome.failure === 'http') {
    return new WecomApiError({
      api,
      failure: 'http',
      upstreamStatus: outcome.status,
      detail: outcome.status === 200 ? 'answer was not WeCom JSON' : 'unexpected HTTP status',
      isRetryable,
      retryAfterMs,
    });
  }
  return new WecomApiError({
    api,
    failure: outcome.failure,
    detail: String(outcome.body.errmsg ?? ''),
    isRetryable,
    retryAfterMs,
  });
}
