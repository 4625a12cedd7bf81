import type { CallbackKeys } from '../gateway/callback-crypto.js';
import { signCallback } from '../gateway/build-callback.js';
import type { Clock } from '../shared/clock.js';
import type { SentCallback, SimulatorState } from './simulator-state.js';

export interface PostCallbackOptions {
  keys: CallbackKeys;
  agentId: number;
  clock: Clock;
  state: SimulatorState;
  /** the service's own base URL */
  baseUrl: string;
  /** the decrypted callback XML (textMessageXml / cardTapXml) */
  plaintext: string;
  describe: Pick<SentCallback, 'kind' | 'from' | 'summary'>;
}

/** WeCom gives up after 5 s (NOTES §3); so does the simulator. */
const TIMEOUT_MS = 5000;

/**
 * Encrypts, signs and POSTs one callback to /wecom/callback exactly as WeCom would, and logs its
 * HTTP status and latency for the side panel. Resolves with the log entry; never throws.
 */
export async function postCallback(options: PostCallbackOptions): Promise<SentCallback> {
  const { clock } = options;
  const sentAt = clock.now();
  const signed = signCallback(options.keys, options.plaintext, {
    timestamp: Math.floor(sentAt.getTime() / 1000),
    agentId: options.agentId,
  });
  const started = performance.now();
  let httpStatus = 0;
  let error: string | undefined;
  try {
    const response = await fetch(options.baseUrl + signed.path, {
      method: 'POST',
      body: signed.body,
      headers: { 'content-type': 'text/xml' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.arrayBuffer();
    httpStatus = response.status;
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  const entry: SentCallback = {
    ...options.describe,
    at: sentAt.toISOString(),
    httpStatus,
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
    ...(error ? { error } : {}),
  };
  options.state.recordCallback(entry);
  return entry;
}
