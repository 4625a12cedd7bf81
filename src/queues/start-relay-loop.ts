import type { Logger } from 'pino';
import { errorForLog } from '../shared/error-for-log.js';

/**
 * The loop shared by the relays that move committed rows from PostgreSQL into BullMQ (inbound
 * events, outbox messages): a pass on an interval and on every nudge, never two passes at once,
 * repeated while passes come back full, failures logged at most once a minute (the rows simply wait
 * in PostgreSQL), and a slow sweep for rows whose queue job vanished.
 */
export interface RelayLoop {
  nudge(): void;
  stop(): Promise<void>;
}

export function startRelayLoop(options: {
  name: string;
  logger: Logger;
  /** moves what is due; returns how many rows it moved */
  relayOnce: () => Promise<number>;
  /** a pass that moved this many rows is followed by another at once */
  batchSize: number;
  intervalMs: number;
  /** enqueues again the rows marked queued whose job will never run */
  requeueStranded?: () => Promise<number>;
  strandedIntervalMs?: number;
}): RelayLoop {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let lastFailureLogged = 0;

  const logFailure = (error: unknown, what: string): void => {
    options.logger.debug({ err: errorForLog(error), relay: options.name }, `${what} failed`);
    const now = Date.now();
    if (now - lastFailureLogged < 60_000) return;
    lastFailureLogged = now;
    options.logger.warn(
      { err: errorForLog(error), relay: options.name },
      `${what} failed; the rows wait in PostgreSQL and will be retried`,
    );
  };

  const pass = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        do {
          again = false;
          if ((await options.relayOnce()) >= options.batchSize) again = true;
        } while (again && !stopped);
      } catch (error) {
        logFailure(error, `${options.name} relay pass`);
      } finally {
        running = undefined;
      }
    })();
  };

  const timer = setInterval(pass, options.intervalMs);
  timer.unref();
  const strandedTimer = options.requeueStranded
    ? setInterval(() => {
        options.requeueStranded!().catch((error: unknown) => logFailure(error, `${options.name} stranded-row sweep`));
      }, options.strandedIntervalMs ?? 60_000)
    : undefined;
  strandedTimer?.unref();
  pass();

  return {
    nudge: pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (strandedTimer) clearInterval(strandedTimer);
      await running;
    },
  };
}
