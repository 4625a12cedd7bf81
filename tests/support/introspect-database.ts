import pg from 'pg';

/**
 * A database schema reduced to what prisma/schema.prisma can say about it, so that the schema and a
 * migrated database can be compared aspect by aspect (tests/db/schema-matches-migrations.test.ts).
 * Everything is keyed by name so that a diff names the table, column or index that differs.
 */
export interface SchemaDescription {
  tables: string[];
  /** `table.column` -> shape (flat, so that a diff's context line names the table) */
  columns: Record<string, ColumnDescription>;
  /** table -> primary key */
  primaryKeys: Record<string, { name: string; columns: string[] }>;
  /** index name -> unique index (primary keys excluded) */
  uniqueIndexes: Record<string, IndexDescription>;
  /** index name -> non-unique index */
  indexes: Record<string, IndexDescription>;
  /** constraint name -> foreign key */
  foreignKeys: Record<string, ForeignKeyDescription>;
  /** enum type -> its labels in order */
  enums: Record<string, string[]>;
  /** constraint name -> CHECK constraint (its expression normalized by {@link normalizeSql}) */
  checks: Record<string, ConstraintDescription>;
  /** constraint name -> EXCLUDE constraint (room bookings: btree_gist), normalized */
  exclusions: Record<string, ConstraintDescription>;
}

export interface ConstraintDescription {
  table: string;
  definition: string;
}

/**
 * SQL as both sides can agree on it: PostgreSQL prints `(status = ANY (ARRAY['a'::text, 'b'::text]))`
 * where a schema writes `status in ('a', 'b')`. Casts to text, whitespace, parentheses and case go;
 * `= any (array[…])` becomes `in …`.
 */
export function normalizeSql(sql: string): string {
  return sql
    .toLowerCase()
    .replace(/::(text|character varying|varchar|timestamp(\(\d\))? with time zone)(\[\])?/g, '')
    .replace(/=\s*any\s*\(\s*array\[([^\]]*)\]\s*\)/g, 'in ($1)')
    .replace(/[\s()]/g, '');
}

export interface ColumnDescription {
  /** As PostgreSQL's format_type() prints it: `text`, `timestamp(3) with time zone`, `text[]`. */
  type: string;
  nullable: boolean;
  /** `autoincrement()`, `now()`, a SQL literal (`'accepted'`, `0`, `true`), or null for none. */
  default: string | null;
}

export interface IndexDescription {
  table: string;
  /** Column names in index order; a descending column ends in ` DESC`. */
  columns: string[];
  method: string;
  /** Partial indexes only: the WHERE clause, normalized ({@link normalizeSql}). */
  where?: string;
  /** Only when a column has an operator class other than its type's default (e.g. gin_trgm_ops), one per column ('' for the default). */
  opclasses?: string[];
}

export type ReferentialAction = 'Cascade' | 'Restrict' | 'NoAction' | 'SetNull' | 'SetDefault';

export interface ForeignKeyDescription {
  table: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

/** Prisma's own bookkeeping, not part of the data model. */
const IGNORED_TABLES = ['_prisma_migrations'];

const REFERENTIAL_ACTIONS: Record<string, ReferentialAction> = {
  a: 'NoAction',
  r: 'Restrict',
  c: 'Cascade',
  n: 'SetNull',
  d: 'SetDefault',
};

function referentialAction(code: string): ReferentialAction {
  const action = REFERENTIAL_ACTIONS[code];
  if (!action) throw new Error(`unknown pg_constraint referential action code ${code}`);
  return action;
}

/** Reads the current schema of the database at `databaseUrl` from pg_catalog. */
export async function introspectDatabase(databaseUrl: string): Promise<SchemaDescription> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await readTables(client);
    const isModelTable = (table: string): boolean => tables.includes(table);
    return {
      tables,
      columns: await readColumns(client, isModelTable),
      ...(await readIndexes(client, isModelTable)),
      foreignKeys: await readForeignKeys(client, isModelTable),
      enums: await readEnums(client),
      ...(await readConstraints(client, isModelTable)),
    };
  } finally {
    await client.end();
  }
}

async function readTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
      ORDER BY c.relname`,
  );
  return rows.map((row) => row.name).filter((name) => !IGNORED_TABLES.includes(name));
}

interface ColumnRow {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
  default_expr: string | null;
  identity: string;
}

async function readColumns(
  client: pg.Client,
  isModelTable: (table: string) => boolean,
): Promise<SchemaDescription['columns']> {
  const { rows } = await client.query<ColumnRow>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attidentity AS identity
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
  );
  const columns: SchemaDescription['columns'] = {};
  for (const row of rows.filter((candidate) => isModelTable(candidate.table))) {
    columns[`${row.table}.${row.column}`] = {
      type: row.type,
      nullable: row.nullable,
      default: row.identity ? `identity (${row.identity === 'a' ? 'always' : 'by default'})` : normalizeDefault(row),
    };
  }
  return columns;
}

const NUMERIC_TYPES = /^(smallint|integer|bigint|numeric|real|double precision)\b/;

/** Turns PostgreSQL's stored default expression into the spelling the schema side uses. */
function normalizeDefault(row: ColumnRow): string | null {
  const expression = row.default_expr;
  if (expression === null) return null;
  // SERIAL/BIGSERIAL: a sequence Prisma names <table>_<column>_seq.
  const sequence = /^nextval\('"?([^'"]+)"?'::regclass\)$/.exec(expression)?.[1];
  if (sequence === `${row.table}_${row.column}_seq`) return 'autoincrement()';
  if (expression === 'CURRENT_TIMESTAMP' || expression === 'now()') return 'now()';
  // PostgreSQL stores most literals with a cast ('accepted'::text, '-1'::integer); Prisma writes them without.
  const cast = /^('(?:[^']|'')*')::(.+)$/.exec(expression);
  if (cast) {
    const [, literal = '', castType = ''] = cast;
    return NUMERIC_TYPES.test(castType) ? literal.slice(1, -1) : literal;
  }
  return expression;
}

interface IndexRow {
  table: string;
  name: string;
  is_unique: boolean;
  is_primary: boolean;
  is_exclusion: boolean;
  method: string;
  predicate: string | null;
  columns: string[];
  opclasses: string[];
}

async function readIndexes(
  client: pg.Client,
  isModelTable: (table: string) => boolean,
): Promise<Pick<SchemaDescription, 'primaryKeys' | 'uniqueIndexes' | 'indexes'>> {
  // indkey and indoption are 0-based int2vectors; key columns come first (INCLUDE columns after).
  const { rows } = await client.query<IndexRow>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
            ix.indisexclusion AS is_exclusion, am.amname AS method, pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
            ARRAY(
              SELECT CASE WHEN opc.opcdefault THEN '' ELSE opc.opcname::text END
                FROM generate_series(1, ix.indnkeyatts) AS k
                JOIN pg_opclass opc ON opc.oid = ix.indclass[k - 1]
               ORDER BY k
            ) AS opclasses,
            ARRAY(
              SELECT CASE WHEN ix.indkey[k - 1] = 0 THEN pg_get_indexdef(ix.indexrelid, k, true)
                          ELSE (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1])
                     END || CASE WHEN (ix.indoption[k - 1] & 1) = 1 THEN ' DESC' ELSE '' END
                FROM generate_series(1, ix.indnkeyatts) AS k
               ORDER BY k
            ) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = current_schema()
      ORDER BY t.relname, i.relname`,
  );
  const result: Pick<SchemaDescription, 'primaryKeys' | 'uniqueIndexes' | 'indexes'> = {
    primaryKeys: {},
    uniqueIndexes: {},
    indexes: {},
  };
  // An EXCLUDE constraint's own index is described with the constraint (exclusions), not here.
  for (const row of rows.filter((candidate) => isModelTable(candidate.table) && !candidate.is_exclusion)) {
    if (row.is_primary) {
      result.primaryKeys[row.table] = { name: row.name, columns: row.columns };
      continue;
    }
    const index: IndexDescription = { table: row.table, columns: row.columns, method: row.method };
    if (row.predicate !== null) index.where = normalizeSql(row.predicate);
    if (row.opclasses.some((opclass) => opclass !== '')) index.opclasses = row.opclasses;
    (row.is_unique ? result.uniqueIndexes : result.indexes)[row.name] = index;
  }
  return result;
}

interface ForeignKeyRow {
  name: string;
  table: string;
  referenced_table: string;
  on_delete: string;
  on_update: string;
  columns: string[];
  referenced_columns: string[];
}

async function readForeignKeys(
  client: pg.Client,
  isModelTable: (table: string) => boolean,
): Promise<SchemaDescription['foreignKeys']> {
  const { rows } = await client.query<ForeignKeyRow>(
    `SELECT con.conname AS name, t.relname AS table, rt.relname AS referenced_table,
            con.confdeltype AS on_delete, con.confupdtype AS on_update,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.position) AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, position)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.position) AS referenced_columns
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_class rt ON rt.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE con.contype = 'f' AND n.nspname = current_schema()
      ORDER BY con.conname`,
  );
  const foreignKeys: SchemaDescription['foreignKeys'] = {};
  for (const row of rows.filter((candidate) => isModelTable(candidate.table))) {
    foreignKeys[row.name] = {
      table: row.table,
      columns: row.columns,
      referencedTable: row.referenced_table,
      referencedColumns: row.referenced_columns,
      onDelete: referentialAction(row.on_delete),
      onUpdate: referentialAction(row.on_update),
    };
  }
  return foreignKeys;
}

async function readEnums(client: pg.Client): Promise<SchemaDescription['enums']> {
  const { rows } = await client.query<{ name: string; labels: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t
       JOIN pg_enum e ON e.enumtypid = t.oid
       JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = current_schema()
      GROUP BY t.typname`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.labels]));
}

/** CHECK and EXCLUDE constraints, by name, with their definitions normalized. */
async function readConstraints(
  client: pg.Client,
  isModelTable: (table: string) => boolean,
): Promise<Pick<SchemaDescription, 'checks' | 'exclusions'>> {
  const { rows } = await client.query<{ name: string; table: string; kind: 'c' | 'x'; definition: string }>(
    `SELECT con.conname AS name, t.relname AS table, con.contype AS kind, pg_get_constraintdef(con.oid) AS definition
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE con.contype IN ('c', 'x') AND n.nspname = current_schema()
      ORDER BY con.conname`,
  );
  const result: Pick<SchemaDescription, 'checks' | 'exclusions'> = { checks: {}, exclusions: {} };
  for (const row of rows.filter((candidate) => isModelTable(candidate.table))) {
    const target = row.kind === 'c' ? result.checks : result.exclusions;
    target[row.name] = { table: row.table, definition: normalizeSql(row.definition) };
  }
  return result;
}
