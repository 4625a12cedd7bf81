import autocannon from 'autocannon';
import type { PooledCallback } from './callback-pool.js';
import { quantile } from './quantile.js';

export interface RoundResult {
  /** responses received (2xx + non-2xx) */
  responses: number;
  ok: number;
  non2xx: number;
  /** connection errors and timeouts, as autocannon counts them */
  errors: number;
  timeouts: number;
  seconds: number;
  /** responses per second over the whole round */
  rps: number;
  /** latency percentiles of this round, ms (from every response time, not autocannon's integer histogram) */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** every response time of the round, ms, for percentiles pooled over rounds */
  latenciesMs: Float64Array;
  /** MsgIds answered 2xx */
  acknowledgedMsgIds: string[];
  /** true when the watchdog had to stop the round (responses still outstanding were cut off) */
  wasCutShort: boolean;
}

interface CallbackContext {
  msgId?: string;
}

/**
 * One round of POSTs at `connections` concurrent keep-alive connections. It is sized by `amount`
 * rather than by a duration: autocannon then waits for the answer to every request it sent, so
 * the 2xx count is exactly what the server acknowledged and can be compared with the database.
 */
export async function runRound(options: {
  url: string;
  path: string;
  connections: number;
  amount: number;
  /** the next callback to send: each call must return a callback not sent before when distinctness matters */
  nextCallback: () => PooledCallback;
  /** stop the round if it runs this long (a stalled server must not hang the bench) */
  watchdogMs: number;
}): Promise<RoundResult> {
  const acknowledgedMsgIds: string[] = [];
  const latencies: number[] = [];
  let wasCutShort = false;
  // autocannon notices the end of an `amount` run only at its next sample tick, so its own
  // start/finish overstate the duration: time from the start to the last response instead.
  let startedAt = 0;
  let lastResponseAt = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        amount: options.amount,
        timeout: 10,
        sampleInt: 100,
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        requests: [
          {
            method: 'POST',
            setupRequest: (request, context) => {
              const callback = options.nextCallback();
              (context as CallbackContext).msgId = callback.msgId;
              return { ...request, path: callback.path, body: callback.body };
            },
            // Runs before the connection's next setupRequest, so the context still holds this request's MsgId.
            onResponse: (status, _body, context) => {
              const { msgId } = context as CallbackContext;
              if (status >= 200 && status < 300 && msgId) acknowledgedMsgIds.push(msgId);
            },
          },
        ],
      },
      (error: unknown, finished: autocannon.Result) => {
        clearTimeout(watchdog);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(finished);
      },
    );
    startedAt = performance.now();
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => {
      latencies.push(responseTimeMs);
      lastResponseAt = performance.now();
    });
    const watchdog = setTimeout(() => {
      wasCutShort = true;
      instance.stop();
    }, options.watchdogMs);
  });
  const seconds = (lastResponseAt - startedAt) / 1000;
  const responses = result['2xx'] + result.non2xx;
  const sorted = Float64Array.from(latencies).sort();
  return {
    responses,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds,
    rps: responses / seconds,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
    latenciesMs: sorted,
    acknowledgedMsgIds,
    wasCutShort,
  };
}
