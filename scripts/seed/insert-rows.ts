import type pg from 'pg';
import type { Row, TableSpec } from './seed-tables.js';

/** Rows per statement: one array parameter per column, so the size is bounded by memory, not by pg's 65 535 parameters. */
export const BATCH_SIZE = 5000;

/**
 * Inserts `rows` into `spec.table` in batches of {@link BATCH_SIZE}, one `INSERT … SELECT FROM
 * unnest($1::text[], $2::int[], …)` each: a statement per batch instead of a row, the way COPY is
 * fast, with the pg client the project already has. Calls `onBatch` with the rows written.
 */
export async function insertRows(
  client: pg.ClientBase,
  spec: TableSpec,
  rows: readonly Row[],
  onBatch: (written: number) => void,
): Promise<void> {
  const names = spec.columns.map(([name]) => `"${name}"`).join(', ');
  const unnestArgs = spec.columns
    .map(([, type], index) => `$${index + 1}::${type === 'text[]' ? 'text' : type}[]`)
    .join(', ');
  const aliases = spec.columns.map((_, index) => `c${index}`);
  const selected = spec.columns
    .map(([, type], index) => (type === 'text[]' ? `c${index}::text[]` : `c${index}`))
    .join(', ');
  const sql = `INSERT INTO "${spec.table}" (${names}) SELECT ${selected} FROM unnest(${unnestArgs}) AS u(${aliases.join(', ')})`;
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    const batch = rows.slice(start, start + BATCH_SIZE);
    const params = spec.columns.map((_, column) => batch.map((row) => toParam(row[column] ?? null)));
    await client.query(sql, params);
    onBatch(batch.length);
  }
}

function toParam(value: Row[number]): string | number | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map((each) => JSON.stringify(each)).join(',')}}`;
  if (typeof value === 'bigint') return value.toString();
  return value;
}
