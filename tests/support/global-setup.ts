import pg from 'pg';
import { applyMigrations } from '../../src/db/migrate.js';
import { TEMPLATE_DB, TEST_PG_ADMIN_URL, databaseUrl } from './services.js';

/**
 * Builds one migrated template database per run; each integration test file clones it
 * (CREATE DATABASE ... TEMPLATE), which takes milliseconds instead of re-running migrations.
 */
export default async function setup(): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  await applyMigrations({ databaseUrl: databaseUrl(TEMPLATE_DB), createDatabase: false });
}
