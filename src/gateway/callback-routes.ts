import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../shared/errors.js';
import { errorForLog } from '../shared/error-for-log.js';
import type { Clock } from '../shared/clock.js';
import type { Metrics } from '../shared/metrics.js';
import { openCiphertext, type CallbackKeys, type SignedQuery } from './callback-crypto.js';
import { dedupeKeyOf, parseCallbackMessage } from './callback-message.js';
import { parseCallbackXml, textField } from './parse-callback-xml.js';
import { readRawQuery } from './raw-query.js';
import type { InboundEventRecorder } from './record-inbound-event.js';

export interface CallbackOrg {
  orgId: string;
  keys: CallbackKeys;
}

export interface CallbackRoutesOptions {
  /** the organisation a path names; undefined for `/wecom/callback` means the default one */
  resolveOrg: (orgParam: string | undefined) => CallbackOrg | undefined;
  recorder: InboundEventRecorder;
  clock: Clock;
  /** 0 turns the timestamp check off */
  replayWindowSeconds: number;
  metrics: Metrics;
  logger: Logger;
}

/** WeCom's body limit is ours too: nothing legitimate comes near it (spec 2.2). */
export const MAX_CALLBACK_BYTES = 64 * 1024;

const OUTCOME_BY_CODE: Record<string, string> = {
  BAD_SIGNATURE: 'bad_signature',
  WRONG_RECEIVER: 'wrong_receiver',
  STALE_TIMESTAMP: 'stale_timestamp',
  MALFORMED_CALLBACK: 'malformed',
  BODY_TOO_LARGE: 'too_large',
  UNKNOWN_ORG: 'unknown_org',
};

/**
 * The gateway only ingests and acknowledges: verify, decrypt, record durably, answer. All work
 * happens later in the inbound queue (src/inbound/), so WeCom always gets its answer well inside 5 s.
 */
export function createCallbackRoutes(options: CallbackRoutesOptions): Router {
  const router = express.Router();
  const paths = ['/wecom/callback', '/wecom/:org/callback'];

  router.get(paths, (req, res) => {
    void handle(res, 'GET', () => {
      const { org, query } = signedRequest(req, options);
      const echostr = readRawQuery(req.originalUrl).get('echostr');
      if (!echostr) throw new AppError('MALFORMED_CALLBACK', 'URL verification without echostr');
      const plaintext = openCiphertext(org.keys, query, echostr);
      options.metrics.callbacks.inc({ outcome: 'verified' });
      res.status(200).type('text/plain').send(plaintext);
    });
  });

  router.post(paths, express.raw({ type: () => true, limit: MAX_CALLBACK_BYTES }), (req, res) => {
    return handle(res, 'POST', async () => {
      const { org, query } = signedRequest(req, options);
      const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const envelope = parseCallbackXml(body);
      const ciphertext = textField(envelope, 'Encrypt');
      if (!ciphertext) throw new AppError('MALFORMED_CALLBACK', 'envelope lacks <Encrypt>');
      const message = parseCallbackMessage(openCiphertext(org.keys, query, ciphertext));
      const recorded = await options.recorder.record({
        orgId: org.orgId,
        dedupeKey: dedupeKeyOf(message),
        msgType: message.msgType,
        event: message.event,
        fromUserId: message.fromUserName,
        payload: message.fields,
      });
      options.metrics.callbacks.inc({ outcome: recorded.isDuplicate ? 'duplicate' : 'accepted' });
      res.status(200).end();
    });
  });

  async function handle(res: Response, method: 'GET' | 'POST', work: () => void | Promise<void>): Promise<void> {
    const stopTimer = options.metrics.callbackDuration.startTimer({ method });
    try {
      await work();
    } catch (error) {
      refuse(res, error, options);
    } finally {
      stopTimer();
    }
  }

  return router;
}

function signedRequest(req: Request, options: CallbackRoutesOptions): { org: CallbackOrg; query: SignedQuery } {
  const orgParam = typeof req.params.org === 'string' ? req.params.org : undefined;
  const org = options.resolveOrg(orgParam);
  if (!org) throw new AppError('UNKNOWN_ORG', `no organisation ${JSON.stringify(orgParam)}`);
  const raw = readRawQuery(req.originalUrl);
  const query = {
    msgSignature: raw.get('msg_signature') ?? '',
    timestamp: raw.get('timestamp') ?? '',
    nonce: raw.get('nonce') ?? '',
  };
  if (!query.msgSignature) throw new AppError('BAD_SIGNATURE', 'msg_signature missing');
  if (!/^\d{1,12}$/.test(query.timestamp)) throw new AppError('BAD_SIGNATURE', 'timestamp missing or not a number');
  if (options.replayWindowSeconds > 0) {
    const skewSeconds = Math.abs(options.clock.now().getTime() / 1000 - Number(query.timestamp));
    if (skewSeconds > options.replayWindowSeconds) {
      throw new AppError('STALE_TIMESTAMP', `timestamp ${query.timestamp} is ${Math.round(skewSeconds)} s from now`);
    }
  }
  return { org, query };
}

/** Every refusal is logged with its reason and counted; 5xx only for our own failures, which WeCom retries. */
export function refuse(
  res: Response,
  error: unknown,
  options: Pick<CallbackRoutesOptions, 'metrics' | 'logger'>,
): void {
  if (error instanceof AppError) {
    options.metrics.callbacks.inc({ outcome: OUTCOME_BY_CODE[error.code] ?? 'error' });
    options.logger.warn({ reason: error.code, detail: error.message }, 'callback refused');
    res
      .status(error.httpStatus)
      .type('text/plain')
      .send(error.httpStatus === 401 ? 'unauthorized' : 'bad request');
    return;
  }
  options.metrics.callbacks.inc({ outcome: 'error' });
  // errorForLog: a database error names the values it could not store, which hold what people typed.
  options.logger.error({ err: errorForLog(error) }, 'callback could not be recorded');
  res.status(503).type('text/plain').send('try again');
}
