import type { CallbackKeys } from '../src/gateway/callback-crypto.js';

/** Made-up callback secrets for the bench: the load generator signs with them, the service verifies. */
export const BENCH_KEYS: CallbackKeys = {
  token: 'xiaobanBenchToken',
  encodingAesKey: 'kW3mYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B9',
  corpId: 'wwxiaobanbench001',
};
export const BENCH_AGENT_ID = 1000002;
export const BENCH_SECRET = 'bench-app-secret';

/** The path both servers answer on, so both see byte-identical requests. */
export const CALLBACK_PATH = '/wecom/callback';
