// npm run bench [-- --quick] [-- --cpu-prof]
//
// Callback acceptance (spec §5): signed, encrypted, distinct callbacks at 50 concurrent connections
// against the real web role (verify, decrypt, group-commit INSERT, enqueue) and against a bare
// express handler, alternately, each server in a process of its own. Prints both, their ratio, and
// checks that every callback the service acknowledged is in inbound_event. See docs/PERFORMANCE.md.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCallbackPool, type PooledCallback } from './callback-pool.js';
import { CALLBACK_PATH } from './bench-keys.js';
import {
  BENCH_REDIS_URL,
  checkAcceptance,
  createBenchDatabase,
  deleteRedisPrefix,
  dropBenchDatabase,
} from './bench-resources.js';
import { cpuDelta, findSupportPids, snapshotCpu, type CpuSnapshot } from './cpu-usage.js';
import { cpuTable, median, roundsTable, summarize, summaryTable } from './report.js';
import { runRound, type RoundResult } from './run-round.js';
import { spawnServer, type BenchServer } from './spawn-server.js';
import { startBenchRun } from './bench-run.js';

const RATIO_TARGET = 0.6;
const P99_TARGET_MS = 50;

const args = new Set(process.argv.slice(2));
const isQuick = args.has('--quick');
const settings = {
  connections: 50,
  rounds: isQuick ? 1 : 3,
  roundSeconds: isQuick ? 5 : 10,
  warmUpSeconds: isQuick ? 2 : 3,
};
const projectRoot = join(import.meta.dirname, '..');
const runId = randomBytes(4).toString('hex');
const databaseName = `xiaoban_bench_${runId}`;
const queuePrefix = `xbench-${runId}`;
const workDir = join(tmpdir(), `xiaoban-bench-${runId}`);

type ServerName = 'bare' | 'xiaoban';

/** Undone in reverse order on every way out: success, failure, SIGINT, SIGTERM. */
const benchRun = startBenchRun();
const { cleanUp, throwIfInterrupted } = benchRun;

/** Hands out each pooled callback once; signs more on the spot (and counts them) if the pool runs dry. */
function consumingSupplier(pool: PooledCallback[]): { next: () => PooledCallback; signedLate: () => number } {
  let cursor = 0;
  let late = 0;
  return {
    next() {
      if (cursor < pool.length) return pool[cursor++]!;
      late += 1;
      return buildCallbackPool(1)[0]!;
    },
    signedLate: () => late,
  };
}

/** Cycles over the pool: the bare handler records nothing, so repeats cost it nothing extra. */
function cyclingSupplier(pool: PooledCallback[]): () => PooledCallback {
  let cursor = 0;
  return () => pool[cursor++ % pool.length]!;
}

async function main(): Promise<number> {
  mkdirSync(workDir, { recursive: true });
  console.log(
    `load average before: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `callback acceptance bench: ${settings.connections} connections, ${settings.rounds} round(s) of ~${settings.roundSeconds} s per server after a ${settings.warmUpSeconds} s warm-up; ` +
      `node ${process.version}, ${availableParallelism()} CPU(s)`,
  );

  benchRun.onCleanup('remove bench database', () => dropBenchDatabase(databaseName));
  const databaseUrl = await createBenchDatabase(databaseName);
  benchRun.onCleanup('delete bench Redis keys', () => deleteRedisPrefix(queuePrefix));
  console.log(`database ${databaseName}, queue prefix ${queuePrefix}, server logs in ${workDir}`);

  const childEnv = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  const profileDir = join(workDir, 'cpu-profile');
  const servers = {} as Record<ServerName, BenchServer>;
  const started = await Promise.allSettled([
    spawnServer({
      name: 'bare',
      script: 'bench/serve-bare.ts',
      cwd: projectRoot,
      env: childEnv,
      logFile: join(workDir, 'bare.log'),
    }),
    spawnServer({
      name: 'xiaoban',
      script: 'bench/serve-xiaoban.ts',
      cwd: projectRoot,
      env: { ...childEnv, DATABASE_URL: databaseUrl, REDIS_URL: BENCH_REDIS_URL, BENCH_QUEUE_PREFIX: queuePrefix },
      logFile: join(workDir, 'xiaoban.log'),
      nodeArgs: args.has('--cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
    }),
  ]);
  for (const outcome of started) {
    if (outcome.status === 'fulfilled') {
      const server = outcome.value;
      servers[server.name as ServerName] = server;
      benchRun.onCleanup(`stop ${server.name} server`, () => server.stop());
    }
  }
  const failedStart = started.find((outcome) => outcome.status === 'rejected');
  if (failedStart) throw failedStart.reason;
  console.log(`bare express pid ${servers.bare.pid}, xiaoban web role pid ${servers.xiaoban.pid}`);

  const barePool = cyclingSupplier(buildCallbackPool(5_000));
  const acknowledged: string[] = [];
  let signedLate = 0;
  // Rounds are sized by request count (see run-round.ts) from each server's rate so far.
  const rateEstimate: Record<ServerName, number> = { bare: 1_000, xiaoban: 1_000 };
  const amountFor = (server: ServerName, seconds: number): number =>
    Math.max(
      settings.connections * 10,
      Math.round((rateEstimate[server] * seconds) / settings.connections) * settings.connections,
    );

  /** One autocannon run of `amount` requests; xiaoban gets a fresh pool of never-sent callbacks. */
  async function load(server: ServerName, amount: number): Promise<RoundResult> {
    throwIfInterrupted();
    let nextCallback = barePool;
    let lateCount = (): number => 0;
    if (server === 'xiaoban') {
      const supplier = consumingSupplier(buildCallbackPool(amount + settings.connections * 4));
      nextCallback = supplier.next;
      lateCount = supplier.signedLate;
    }
    const expectedMs = (amount / Math.max(rateEstimate[server], 1)) * 1000;
    const result = await runRound({
      url: servers[server].url,
      path: CALLBACK_PATH,
      connections: settings.connections,
      amount,
      nextCallback,
      watchdogMs: Math.max(15_000, expectedMs * 3),
    });
    if (server === 'xiaoban') {
      acknowledged.push(...result.acknowledgedMsgIds);
      signedLate += lateCount();
    }
    return result;
  }

  for (const server of ['bare', 'xiaoban'] as const) {
    // Short runs sized at ~0.5 s of the rate seen so far, until the warm-up time is spent: the
    // estimate follows the JIT and the connection pools as they warm.
    const warmUpEnds = performance.now() + settings.warmUpSeconds * 1000;
    let warmUpRequests = 0;
    while (performance.now() < warmUpEnds) {
      const chunk = await load(server, amountFor(server, 0.5));
      rateEstimate[server] = chunk.rps;
      warmUpRequests += chunk.responses;
    }
    console.log(`warm-up ${server}: ${warmUpRequests} requests, last ${Math.round(rateEstimate[server])} req/s`);
  }

  const measured: { server: ServerName; round: number; result: RoundResult; cpu: CpuSnapshot }[] = [];
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const server of ['bare', 'xiaoban'] as const) {
      const cpuGroups = { server: [servers[server].pid], ...findSupportPids(databaseName) };
      const cpuBefore = snapshotCpu(cpuGroups);
      const result = await load(server, amountFor(server, settings.roundSeconds));
      const cpu = cpuDelta(cpuBefore, snapshotCpu(cpuGroups));
      rateEstimate[server] = result.rps;
      measured.push({ server, round, result, cpu });
      console.log(
        `round ${round} ${server.padEnd(7)}: ${Math.round(result.rps)} req/s, p99 ${result.p99.toFixed(1)} ms, ${result.non2xx} non-2xx, ${result.errors + result.timeouts} errors`,
      );
    }
  }

  const xiaobanOk = acknowledged.length;
  throwIfInterrupted();
  const check = await checkAcceptance({ databaseUrl, acknowledgedMsgIds: acknowledged });

  const bare = summarize(
    'bare',
    measured.filter((m) => m.server === 'bare').map((m) => m.result),
  );
  const xiaoban = summarize(
    'xiaoban',
    measured.filter((m) => m.server === 'xiaoban').map((m) => m.result),
  );
  const ratio = xiaoban.medianRps / bare.medianRps;
  const xiaobanRounds = measured.filter((m) => m.server === 'xiaoban').map((m) => m.result);
  const wasCutShort = measured.some((m) => m.result.wasCutShort);

  console.log(
    `\nload average after: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')} (other work on this machine makes req/s noisy; CPU per request is steadier)`,
  );
  console.log('\nper round');
  console.log(roundsTable(measured));
  console.log(
    `\nsummary (${settings.rounds} round(s); latency percentiles over every response of the measured rounds)`,
  );
  console.log(summaryTable([bare, xiaoban]));
  console.log(
    '\nCPU time per request, µs (median over rounds; from /proc, so other load on the machine does not skew it)',
  );
  console.log(cpuTable(measured));
  console.log(
    `xiaoban p99 per round: ${xiaobanRounds.map((r) => r.p99.toFixed(1)).join(', ')} ms (median ${median(xiaobanRounds.map((r) => r.p99)).toFixed(1)})`,
  );
  console.log('');
  console.log(
    `ratio: ${ratio.toFixed(2)} (target ≥ ${RATIO_TARGET}), xiaoban p99: ${Math.round(xiaoban.p99)} ms (target < ${P99_TARGET_MS} ms)`,
  );

  const rowsMatch = check.rows === xiaobanOk;
  const allFound = check.acknowledgedFound === xiaobanOk;
  console.log(
    `acceptance check: inbound_event rows ${check.rows} ${rowsMatch ? '=' : '≠'} xiaoban 2xx answers ${xiaobanOk} (warm-up included); ` +
      `acknowledged MsgIds found ${check.acknowledgedFound}/${xiaobanOk} — ${rowsMatch && allFound ? 'OK, nothing acknowledged was lost' : 'FAILED'}`,
  );
  if (signedLate > 0) console.log(`note: the pool ran dry and ${signedLate} callbacks were signed during measurement`);
  if (wasCutShort) console.log('note: a round hit its watchdog and was stopped with requests in flight');
  console.log(
    `targets: ratio ${ratio >= RATIO_TARGET ? 'MET' : 'MISSED'}, p99 ${xiaoban.p99 < P99_TARGET_MS ? 'MET' : 'MISSED'}`,
  );
  if (args.has('--cpu-prof')) console.log(`CPU profile of the xiaoban process: ${profileDir} (written when it exits)`);

  const xiaobanNon2xx = measured.filter((m) => m.server === 'xiaoban').reduce((sum, m) => sum + m.result.non2xx, 0);
  return rowsMatch && allFound && xiaobanNon2xx === 0 ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await cleanUp();
}
process.exit(exitCode);
