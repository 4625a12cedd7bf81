import pg from 'pg';
import { applyMigrations } from '../../src/db/migrate.js';

/**
 * Makes `databaseUrl` an empty, migrated database: created when missing (the migration runner does
 * that), refused when it already holds an organisation, unless `fresh`, which drops it first. A seed
 * on top of real data would mix made-up people into a school's directory.
 */
export async function prepareSeedDatabase(databaseUrl: string, options: { fresh: boolean }): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name))
    throw new Error(`database name ${JSON.stringify(name)}: letters, digits and _ only`);
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
    if (exists && options.fresh) {
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    } else if (exists && (await holdsData(databaseUrl))) {
      throw new Error(`database ${name} already holds data; add --fresh to drop and recreate it`);
    }
  } finally {
    await admin.end();
  }
  await applyMigrations({ databaseUrl, createDatabase: true });
}

async function holdsData(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass('public.organization') AS name`);
    if (!table.rows[0]?.name) return false;
    return (await client.query('SELECT 1 FROM organization LIMIT 1')).rowCount! > 0;
  } finally {
    await client.end();
  }
}
