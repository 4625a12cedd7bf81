import pg from 'pg';
import { TEST_PG_ADMIN_URL } from './services.js';

/** Runs one statement on the maintenance database (CREATE/DROP DATABASE cannot run in the target). */
export async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
