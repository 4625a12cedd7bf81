import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import type { ReadyMessage } from './child-protocol.js';

export interface BenchServer {
  name: string;
  url: string;
  /** the fake WeCom API the child runs, when it reported one */
  fakeUrl?: string;
  pid: number;
  /** where the child's stdout and stderr go */
  logFile: string;
  /** asks the child to stop, waits for it to exit, kills it after `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `script` in its own Node process (`node --import tsx`), so the server and the load
 * generator do not share an event loop, and resolves once it listens.
 */
export async function spawnServer(options: {
  name: string;
  script: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** extra node flags, e.g. --cpu-prof */
  nodeArgs?: string[];
  startTimeoutMs?: number;
}): Promise<BenchServer> {
  const logFd = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', options.script], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', logFd, logFd, 'ipc'],
    });
  } finally {
    closeSync(logFd);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 10_000): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' });
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };

  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `${options.name} did not start within ${options.startTimeoutMs ?? 60_000} ms (log: ${options.logFile})`,
          ),
        ),
      options.startTimeoutMs ?? 60_000,
    );
    child.on('message', (message: ReadyMessage) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${options.name} exited before it was ready (code ${code}, signal ${signal}); log: ${options.logFile}`,
        ),
      );
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  }).catch(async (error: unknown) => {
    await stop(2_000);
    throw error;
  });
  return {
    name: options.name,
    url: ready.url,
    ...(ready.fakeUrl ? { fakeUrl: ready.fakeUrl } : {}),
    pid: child.pid!,
    logFile: options.logFile,
    stop,
  };
}
