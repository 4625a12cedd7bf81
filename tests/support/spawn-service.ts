import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './redis-server.js';
import { TEST_REDIS_URL } from './services.js';
import { TEST_AGENT_ID, TEST_KEYS, TEST_SECRET } from './test-service.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The real service (`node --import tsx src/main.ts`) running as a child process. */
export interface SpawnedService {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** what the child wrote to stdout and stderr, for failure messages */
  output(): string;
  /** Sends the signal now (synchronously) and resolves once the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Spawns the service exactly as `npm start` runs it, with `env` as its whole environment (plus PATH
 * and HOME), on a free port, and resolves once GET /healthz answers 200.
 */
export async function spawnService(
  env: Record<string, string>,
  options: { startTimeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<SpawnedService> {
  const port = await freePort();
  // Default: as `npm start` runs it; `nodeArgs: ['dist/src/main.js']` runs the compiled build instead.
  const child = spawn(process.execPath, options.nodeArgs ?? ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const isGone = (): boolean => child.exitCode !== null || child.signalCode !== null;

  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    if (!isGone()) child.kill(signal);
    await exited;
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  for (;;) {
    if (isGone())
      throw new Error(
        `the service exited before it was healthy (code ${child.exitCode}, signal ${child.signalCode}): ${output.slice(-3000)}`,
      );
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`the service did not answer /healthz within the deadline: ${output.slice(-3000)}`);
    }
    await sleep(50);
  }
  return { url, port, pid: child.pid!, child, output: () => output, kill };
}

/** The environment of a spawned test service: the test keys, the shared Redis, its own database and prefix. */
export function spawnedServiceEnv(options: {
  databaseUrl: string;
  wecomApiBase: string;
  queuePrefix: string;
  orgFile?: string;
  logLevel?: string;
}): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    ORG_FILE: options.orgFile ?? 'config/org.yaml',
    WECOM_CORP_ID: TEST_KEYS.corpId,
    WECOM_AGENT_ID: String(TEST_AGENT_ID),
    WECOM_SECRET: TEST_SECRET,
    WECOM_TOKEN: TEST_KEYS.token,
    WECOM_ENCODING_AES_KEY: TEST_KEYS.encodingAesKey,
    WECOM_API_BASE: options.wecomApiBase,
    XIAOBAN_QUEUE_PREFIX: options.queuePrefix,
    // outside the project: a spawned service stores no file a test reads back
    FILE_STORE_DIR: join(tmpdir(), 'xiaoban-test-files'),
    LOG_LEVEL: options.logLevel ?? 'warn',
    NODE_ENV: 'test',
  };
}
