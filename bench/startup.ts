// npm run bench:startup [-- --quick]: how fast the service starts and how much memory it holds when
// idle, run through tsx (npm start) and as the compiled build (the Docker image: node dist/src/main.js),
// alternately in the same run. Start = spawn to the first 200 from /healthz; idle RSS after 5 s.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_AGENT_ID, BENCH_KEYS, BENCH_SECRET } from './bench-keys.js';
import { BENCH_REDIS_URL, createBenchDatabase, deleteRedisPrefix, dropBenchDatabase } from './bench-resources.js';
import { startBenchRun } from './bench-run.js';
import { freePort } from '../tests/support/redis-server.js';

const isQuick = process.argv.includes('--quick');
const rounds = isQuick ? 2 : 5;
const projectRoot = join(import.meta.dirname, '..');
const runId = randomBytes(4).toString('hex');
const databaseName = `xiaoban_bench_start_${runId}`;
const queuePrefix = `xbench-start-${runId}`;
const variants = {
  tsx: ['--import', 'tsx', 'src/main.ts'],
  compiled: ['dist/src/main.js'],
} as const;
type Variant = keyof typeof variants;

const benchRun = startBenchRun();

async function startOnce(variant: Variant, databaseUrl: string): Promise<{ startMs: number; idleRssMiB: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...variants[variant]], {
    cwd: projectRoot,
    stdio: 'ignore',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL: BENCH_REDIS_URL,
      XIAOBAN_QUEUE_PREFIX: queuePrefix,
      WECOM_CORP_ID: BENCH_KEYS.corpId,
      WECOM_AGENT_ID: String(BENCH_AGENT_ID),
      WECOM_SECRET: BENCH_SECRET,
      WECOM_TOKEN: BENCH_KEYS.token,
      WECOM_ENCODING_AES_KEY: BENCH_KEYS.encodingAesKey,
      WECOM_API_BASE: 'http://127.0.0.1:9',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${variant} exited with ${child.exitCode} before it was healthy`);
      if (
        await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (response) => response.ok,
          () => false,
        )
      )
        break;
      await sleep(5);
    }
    const startMs = performance.now() - started;
    await sleep(5_000);
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
    return { startMs, idleRssMiB: rssKiB / 1024 };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[], digits: number): string =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

try {
  if (!existsSync(join(projectRoot, 'dist/src/main.js'))) {
    console.log('building dist/ (npm run build)…');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: projectRoot, stdio: 'inherit' });
  }
  const databaseUrl = await createBenchDatabase(databaseName);
  benchRun.onCleanup('database', () => dropBenchDatabase(databaseName));
  benchRun.onCleanup('redis keys', () => deleteRedisPrefix(queuePrefix));
  const results: Record<Variant, { startMs: number; idleRssMiB: number }[]> = { tsx: [], compiled: [] };
  await startOnce('compiled', databaseUrl); // warm the disk cache for both, uncounted
  await startOnce('tsx', databaseUrl);
  for (let round = 1; round <= rounds; round++) {
    for (const variant of (round % 2 === 0 ? ['compiled', 'tsx'] : ['tsx', 'compiled']) as Variant[]) {
      benchRun.throwIfInterrupted();
      const result = await startOnce(variant, databaseUrl);
      results[variant].push(result);
      console.log(
        `round ${round} ${variant.padEnd(8)} start ${result.startMs.toFixed(0)} ms, idle RSS ${result.idleRssMiB.toFixed(0)} MiB`,
      );
    }
  }
  console.log('\nvariant   start (median, range)   idle RSS (median, range)');
  for (const variant of Object.keys(results) as Variant[]) {
    const starts = results[variant].map((result) => result.startMs);
    const rss = results[variant].map((result) => result.idleRssMiB);
    console.log(
      `${variant.padEnd(9)} ${median(starts).toFixed(0)} ms (${range(starts, 0)})      ${median(rss).toFixed(0)} MiB (${range(rss, 0)})`,
    );
  }
  const ratio = median(results.compiled.map((r) => r.startMs)) / median(results.tsx.map((r) => r.startMs));
  console.log(`\ncompiled start / tsx start: ${ratio.toFixed(2)} (median over ${rounds} alternating rounds)`);
} finally {
  await benchRun.cleanUp();
}
