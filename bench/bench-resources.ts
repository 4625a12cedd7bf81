import pg from 'pg';
import { deleteRedisPrefix as deleteRedisKeysUnder } from '../tests/support/redis-server.js';
import { applyMigrations } from '../src/db/migrate.js';

/** Where the bench finds PostgreSQL and Redis; the same defaults as the test suite. */
export const BENCH_PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrlFor(name: string): string {
  const url = new URL(BENCH_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh database with every migration applied. */
export async function createBenchDatabase(name: string): Promise<string> {
  const url = databaseUrlFor(name);
  await applyMigrations({ databaseUrl: url });
  return url;
}

export async function dropBenchDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: BENCH_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Deletes every Redis key under `prefix:` (the bench's BullMQ queues and caches); returns how many. */
export function deleteRedisPrefix(prefix: string): Promise<number> {
  return deleteRedisKeysUnder(BENCH_REDIS_URL, prefix);
}

export interface AcceptanceCheck {
  rows: number;
  /** acknowledged MsgIds that have a row (should be all of them) */
  acknowledgedFound: number;
}

/** Compares what the service acknowledged with what PostgreSQL holds (the web role enqueues nothing; workers relay). */
export async function checkAcceptance(options: {
  databaseUrl: string;
  acknowledgedMsgIds: string[];
}): Promise<AcceptanceCheck> {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  let rows: number;
  let acknowledgedFound: number;
  try {
    rows = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM inbound_event')).rows[0]!.n);
    const keys = options.acknowledgedMsgIds.map((msgId) => `msg:${msgId}`);
    const found = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM inbound_event WHERE dedupe_key = ANY($1::text[])',
      [keys],
    );
    acknowledgedFound = Number(found.rows[0]!.n);
  } finally {
    await client.end();
  }
  return { rows, acknowledgedFound };
}
