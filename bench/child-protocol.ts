/**
 * How a bench server child talks to the bench: it sends `{ type: 'ready', url }` over IPC once it
 * listens, and stops (then exits) on `{ type: 'stop' }`, on SIGTERM/SIGINT, or when the bench that
 * spawned it goes away (IPC disconnect) — so a crashed bench never leaves a server behind.
 */
export interface ReadyMessage {
  type: 'ready';
  url: string;
  /** the fake WeCom API the child started next to the service, if any */
  fakeUrl?: string;
}

export function announceReady(url: string, extra: { fakeUrl?: string } = {}): void {
  process.send?.({ type: 'ready', url, ...extra } satisfies ReadyMessage);
}

export function stopOnRequest(stop: () => Promise<void>): void {
  let stopping = false;
  const exit = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    const forced = setTimeout(() => process.exit(1), 10_000);
    forced.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(
          `bench server: stop after ${reason} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        process.exit(1);
      },
    );
  };
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'stop') exit('stop message');
  });
  process.on('disconnect', () => exit('bench disconnected'));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => exit(signal));
}
