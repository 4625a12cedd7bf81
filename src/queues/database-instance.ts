import type { PrismaClient } from '../db/prisma.js';

/**
 * The id of this database (table database_instance, stamped by the migration). A copy of the
 * database — CREATE DATABASE … TEMPLATE, a restore into another database — carries the original's
 * row but not its pg_database oid, so it is given a fresh id the first time a process starts on it:
 * two databases never share an id, and queue work in a shared Redis stays tied to one of them.
 */
export async function readDatabaseInstanceId(prisma: PrismaClient): Promise<string> {
  const rows = await prisma.$queryRaw<{ instance_id: string }[]>`
    UPDATE database_instance
       SET instance_id = CASE WHEN database_oid = current.oid THEN instance_id ELSE gen_random_uuid() END,
           database_oid = current.oid
      FROM (SELECT oid::bigint AS oid FROM pg_database WHERE datname = current_database()) AS current
     RETURNING instance_id::text`;
  const id = rows[0]?.instance_id;
  if (!id) throw new Error('database_instance has no row: run npm run db:migrate');
  return id;
}

/** `host:port/database` of a connection string, for messages: never the user or the password. */
export function describeDatabase(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return '(unreadable DATABASE_URL)';
  }
}
