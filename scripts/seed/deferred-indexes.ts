import type pg from 'pg';

/**
 * Drops the secondary indexes of `tables` and returns a function that builds them again from
 * their own definitions (pg_indexes), so a bulk load maintains no index row by row and builds each
 * once at the end, sorted, as PostgreSQL's docs advise for populating a database. Indexes behind a
 * constraint (primary keys, @@unique) stay: later rows refer to them. Run inside the load's
 * transaction, so a failed load leaves the indexes as they were.
 */
export async function deferIndexes(client: pg.ClientBase, tables: readonly string[]): Promise<() => Promise<void>> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition
       FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [tables],
  );
  for (const row of rows) await client.query(`DROP INDEX "${row.name}"`);
  return async () => {
    for (const row of rows) await client.query(row.definition);
  };
}
