import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs `processes` copies of tests/support/allocate-numbers-child.ts against one database, starts
 * them together once all are connected, and resolves to the 文号 each one's committed transactions
 * got. A child that fails rejects with its output.
 */
export async function allocateFromProcesses(options: {
  databaseUrl: string;
  processes: number;
  commitsEach: number;
  rollbacksEach: number;
}): Promise<string[][]> {
  const children = Array.from({ length: options.processes }, () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tests/support/allocate-numbers-child.ts',
        options.databaseUrl,
        String(options.commitsEach),
        String(options.rollbacksEach),
      ],
      { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const exited = new Promise<void>((resolve, reject) =>
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`allocator exited ${code}: ${errors}`)))),
    );
    // awaited below; marked handled here so a failing child that was not awaited yet is no stray rejection
    exited.catch(() => undefined);
    const nextLine = async (): Promise<string> => {
      const line = await Promise.race([lines.next(), exited.then(() => ({ done: true, value: '' }))]);
      if (line.done) throw new Error(`allocator ended early: ${errors}`);
      return line.value as string;
    };
    return { child, nextLine, exited };
  });
  try {
    for (const { nextLine } of children) if ((await nextLine()) !== 'ready') throw new Error('allocator not ready');
    for (const { child } of children) child.stdin.end('go\n');
    const results = await Promise.all(children.map(({ nextLine }) => nextLine()));
    await Promise.all(children.map(({ exited }) => exited));
    return results.map((line) => JSON.parse(line) as string[]);
  } finally {
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
