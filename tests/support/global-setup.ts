import { randomBytes } from 'node:crypto';
import { applyMigrations } from '../../src/db/migrate.js';
import { adminQuery } from './admin-query.js';
import { databaseUrl } from './services.js';

/**
 * Builds one migrated template database per run; each integration test file clones it
 * (CREATE DATABASE ... TEMPLATE), which takes milliseconds instead of re-running migrations.
 * The name is unique per run and reaches the test workers through the environment.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const template = `xiaoban_tpl_${randomBytes(4).toString('hex')}`;
  process.env.XIAOBAN_TEST_TEMPLATE_DB = template;
  await adminQuery(`CREATE DATABASE ${template}`);
  await applyMigrations({ databaseUrl: databaseUrl(template), createDatabase: false });
  return async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}
