// npm run bench [-- --quick] [-- --cpu-prof]: every scenario, one after the other, with the same
// arguments (npm would hand them only to the last command of an `a && b` script).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const SCENARIOS = ['bench/callback-acceptance.ts', 'bench/end-to-end.ts', 'bench/startup.ts', 'bench/digests.ts'];
const projectRoot = join(import.meta.dirname, '..');
const args = process.argv.slice(2);

let current: ReturnType<typeof spawn> | undefined;
let wasInterrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // The terminal sends Ctrl-C to the scenario too; it cleans up after itself. Pass on a SIGTERM.
  process.on(signal, () => {
    wasInterrupted = true;
    if (signal === 'SIGTERM') current?.kill('SIGTERM');
  });
}

let worst = 0;
for (const script of SCENARIOS) {
  if (wasInterrupted) break;
  const scenarioArgs = args;
  console.log(`\n=== ${script} ${scenarioArgs.join(' ')}\n`);
  const code = await new Promise<number>((resolve) => {
    current = spawn(process.execPath, ['--import', 'tsx', script, ...scenarioArgs], {
      cwd: projectRoot,
      stdio: 'inherit',
    });
    current.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 130 : 1)));
  });
  current = undefined;
  worst = Math.max(worst, code);
  if (code === 130) break;
}
process.exit(wasInterrupted ? 130 : worst);
