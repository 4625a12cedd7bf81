import { z } from 'zod';

/** Thrown when the environment is unusable; main prints its one-line message and exits. */
export class EnvError extends Error {}

// 0 asks the OS for a free port (tests, the bench).
const port = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  /** PostgreSQL connection string. Required. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  /** Redis connection string. Default `redis://127.0.0.1:6379`. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  /** HTTP port. Default 3000. */
  PORT: port.default(3000),
  /** Path of the organisation file. Default `config/org.yaml`. */
  ORG_FILE: z.string().min(1).default('config/org.yaml'),
  /** What this process runs: HTTP (`web`), queue workers and schedulers (`worker`), or both. */
  XIAOBAN_ROLE: z.enum(['web', 'worker', 'all']).default('all'),
  /**
   * Prefix of every Redis key (BullMQ queues, the shared token, pacing windows). Processes that work
   * together must share it; tests give each spawned service its own. Default `xiaoban`.
   */
  XIAOBAN_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -')
    .optional(),
  WECOM_CORP_ID: z.string().min(1),
  WECOM_AGENT_ID: z.coerce.number().int().positive(),
  WECOM_SECRET: z.string().min(1),
  WECOM_TOKEN: z.string().min(1).max(32),
  /** 43 characters of base64 without the trailing '='. */
  WECOM_ENCODING_AES_KEY: z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'must be 43 base64 characters'),
  WECOM_API_BASE: z.string().url().default('https://qyapi.weixin.qq.com'),
  /** Callbacks further than this from now are refused; 0 turns the check off. Default 300. */
  WECOM_REPLAY_WINDOW_SECONDS: z.coerce.number().int().min(0).default(300),
  /** Bearer token for the admin API; the admin API is off without it. */
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TZ_DEFAULT: z.string().default('Asia/Shanghai'),
  /**
   * Folder of the documents' files (收文/发文 versions), stored by sha256; relative paths are taken
   * from the working directory. Every worker must see the same folder (a shared volume). Default
   * `data/files`.
   */
  FILE_STORE_DIR: z.string().min(1).default('data/files'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Serve the fake WeCom API in this process (local demo only; refused when NODE_ENV=production). */
  XIAOBAN_FAKE_WECOM: z.enum(['0', '1']).default('0'),
  /** Port of that fake WeCom API (local demo only). Default 3900. */
  FAKE_WECOM_PORT: port.default(3900),
  NODE_ENV: z.string().default('development'),
});

export type Env = Readonly<z.infer<typeof envSchema>>;

/** Secrets may also come from files: `WECOM_SECRET_FILE=/run/secrets/wecom_secret`. */
const FILE_BACKED = ['DATABASE_URL', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY', 'ADMIN_TOKEN'] as const;

export async function readFileBackedVariables(source: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const { readFile } = await import('node:fs/promises');
  const resolved: NodeJS.ProcessEnv = { ...source };
  for (const name of FILE_BACKED) {
    const path = source[`${name}_FILE`];
    if (path && !source[name]) {
      try {
        resolved[name] = (await readFile(path, 'utf8')).trim();
      } catch {
        throw new EnvError(`${name}_FILE: cannot read ${path}`);
      }
    }
  }
  return resolved;
}

/** Parses the whole environment once; the first problem becomes a one-line message naming the variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const blanksRemoved = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(blanksRemoved);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const problem = issue.code === 'invalid_type' && blanksRemoved[name] === undefined ? 'is required' : issue.message;
    throw new EnvError(`${name} ${problem}`);
  }
  if (result.data.XIAOBAN_FAKE_WECOM === '1' && result.data.NODE_ENV === 'production') {
    throw new EnvError('XIAOBAN_FAKE_WECOM cannot be 1 when NODE_ENV=production');
  }
  return Object.freeze(result.data);
}
