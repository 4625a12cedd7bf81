/**
 * What every bench scenario needs around its measurement: cleanups that run in reverse order, once,
 * even after a failure or Ctrl-C, and a flag the run checks so it stops touching what cleanup removes.
 */
export interface BenchRun {
  onCleanup(name: string, run: () => Promise<unknown>): void;
  cleanUp(): Promise<void>;
  isInterrupted(): boolean;
  throwIfInterrupted(): void;
}

export function startBenchRun(): BenchRun {
  const cleanups: { name: string; run: () => Promise<unknown> }[] = [];
  let cleaningUp: Promise<void> | undefined;
  let wasInterrupted = false;

  const cleanUp = (): Promise<void> => {
    cleaningUp ??= (async () => {
      for (const { name, run } of cleanups.reverse()) {
        try {
          await run();
        } catch (error) {
          console.error(`bench: cleanup "${name}" failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return cleaningUp;
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (wasInterrupted) return; // tsx relays the terminal's signal too
      wasInterrupted = true;
      console.error(`\nbench: ${signal}, stopping servers and cleaning up…`);
      void cleanUp().finally(() => process.exit(130));
    });
  }

  return {
    onCleanup: (name, run) => {
      cleanups.push({ name, run });
    },
    cleanUp,
    isInterrupted: () => wasInterrupted,
    throwIfInterrupted: () => {
      if (wasInterrupted) throw new Error('interrupted');
    },
  };
}
