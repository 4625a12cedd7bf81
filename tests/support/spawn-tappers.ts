import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TapAttempt } from './tap-card-child.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildTap {
  userId: string;
  taskId: string;
  key: string;
}

/**
 * Runs one tests/support/tap-card-child.ts per tap against one database, releases them together
 * once all are connected, and resolves to each one's attempts (the second, if any, is the retry of
 * a failed first). A child that crashes rejects with its output.
 */
export async function tapFromProcesses(options: {
  databaseUrl: string;
  orgFile: string;
  now: Date;
  taps: ChildTap[];
}): Promise<TapAttempt[][]> {
  const children = options.taps.map((tap) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tests/support/tap-card-child.ts',
        options.databaseUrl,
        options.orgFile,
        options.now.toISOString(),
        tap.userId,
        tap.taskId,
        tap.key,
      ],
      { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const exited = new Promise<void>((resolve, reject) =>
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tapper exited ${code}: ${errors}`)))),
    );
    // awaited below; marked handled here so a failing child that was not awaited yet is no stray rejection
    exited.catch(() => undefined);
    const nextLine = async (): Promise<string> => {
      const line = await Promise.race([lines.next(), exited.then(() => ({ done: true, value: '' }))]);
      if (line.done) throw new Error(`tapper ended early: ${errors}`);
      return line.value as string;
    };
    return { child, nextLine, exited };
  });
  try {
    for (const { nextLine } of children) if ((await nextLine()) !== 'ready') throw new Error('tapper not ready');
    for (const { child } of children) child.stdin.end('go\n');
    const results = await Promise.all(children.map(({ nextLine }) => nextLine()));
    await Promise.all(children.map(({ exited }) => exited));
    return results.map((line) => JSON.parse(line) as TapAttempt[]);
  } finally {
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
