// npm run db:migrate: applies pending migrations to DATABASE_URL; safe to run again; no network needed.
import { applyMigrations } from '../src/db/migrate.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('DATABASE_URL is required (e.g. postgresql://postgres@127.0.0.1:5432/xiaoban)');
  process.exit(1);
}
try {
  const result = await applyMigrations({ databaseUrl, log: (line) => console.log(line) });
  console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`);
} catch (error) {
  console.error(`db:migrate failed: ${(error as Error).message}`);
  process.exit(1);
}
