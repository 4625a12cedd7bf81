import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  introspectDatabase,
  type IndexDescription,
  type ReferentialAction,
  type SchemaDescription,
} from '../support/introspect-database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The migrations are hand-applied by our own runner (no native Prisma engine here), so nothing else
 * checks that they build what prisma/schema.prisma describes. This test reads the schema with Prisma's
 * wasm schema engine, derives the PostgreSQL schema `prisma migrate dev` would create from it, and
 * compares that with the migrated test database, one aspect at a time.
 */
describe('prisma/schema.prisma and prisma/migrations', () => {
  let db: TestDatabase;
  let expected: SchemaDescription;
  let actual: SchemaDescription;

  beforeAll(async () => {
    db = await createTestDatabase();
    const schemaText = await readFile(join(import.meta.dirname, '../../prisma/schema.prisma'), 'utf8');
    expected = describePrismaSchema(schemaText);
    actual = await introspectDatabase(db.url);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('create the same tables', () => {
    expect(actual.tables).toEqual(expected.tables);
  });

  it('create the same columns, types, nullability and defaults', () => {
    expect(actual.columns).toEqual(expected.columns);
  });

  it('create the same primary keys', () => {
    expect(actual.primaryKeys).toEqual(expected.primaryKeys);
  });

  it('create the same unique indexes', () => {
    expect(actual.uniqueIndexes).toEqual(expected.uniqueIndexes);
  });

  it('create the same indexes', () => {
    expect(actual.indexes).toEqual(expected.indexes);
  });

  it('create the same foreign keys', () => {
    expect(actual.foreignKeys).toEqual(expected.foreignKeys);
  });

  it('create the same enums', () => {
    expect(actual.enums).toEqual(expected.enums);
  });

  it('describe a non-trivial schema (guards against comparing two empty descriptions)', () => {
    expect(expected.tables.length).toBeGreaterThanOrEqual(9);
    expect(Object.keys(expected.indexes).length).toBeGreaterThan(0);
    expect(Object.keys(expected.foreignKeys).length).toBeGreaterThan(0);
  });
});

// ---- the schema side: what `prisma migrate dev` would create for prisma/schema.prisma ----

/** The parts of Prisma's DMMF this test reads (get_dmmf's output, datamodel section). */
interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  nativeType: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: ReferentialAction;
  relationOnUpdate?: ReferentialAction;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string;
  algorithm?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc'; length?: number; operatorClass?: string }[];
}

interface DmmfEnum {
  name: string;
  dbName: string | null;
  values: { name: string; dbName: string | null }[];
}

interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };
}

/** PostgreSQL's identifier limit; Prisma shortens default names to fit it. */
const MAX_IDENTIFIER_LENGTH = 63;

/** Prisma's default constraint and index names (psl ConstraintNames): `<table>_<columns>_<suffix>`. */
function prismaDefaultName(table: string, columns: string[], suffix: '_pkey' | '_key' | '_idx' | '_fkey'): string {
  const stem = columns.length > 0 ? `${table}_${columns.join('_')}` : table;
  return stem.slice(0, MAX_IDENTIFIER_LENGTH - suffix.length) + suffix;
}

function unsupported(what: string): never {
  throw new Error(`schema-matches-migrations: ${what} is not handled yet; extend describePrismaSchema()`);
}

function describePrismaSchema(schemaText: string): SchemaDescription {
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schemaText }))) as Dmmf;
  const { models, enums, indexes } = dmmf.datamodel;
  if (/@relation\([^)]*\bmap\s*:/.test(schemaText))
    unsupported('a @relation(map: ...) name (the DMMF does not report it)');

  const modelByName = new Map(models.map((model) => [model.name, model]));
  const tableOf = (model: DmmfModel): string => model.dbName ?? model.name;
  const columnOf = (model: DmmfModel, fieldName: string): string => {
    const field = model.fields.find((candidate) => candidate.name === fieldName);
    if (!field) throw new Error(`model ${model.name} has no field ${fieldName}`);
    return field.dbName ?? field.name;
  };
  const enumByName = new Map(enums.map((declared) => [declared.name, declared]));

  const description: SchemaDescription = {
    tables: models.map(tableOf).sort(),
    columns: {},
    primaryKeys: {},
    uniqueIndexes: {},
    indexes: {},
    foreignKeys: {},
    enums: Object.fromEntries(
      enums.map((declared) => [
        declared.dbName ?? declared.name,
        declared.values.map((value) => value.dbName ?? value.name),
      ]),
    ),
  };

  for (const model of models) {
    const table = tableOf(model);
    for (const field of model.fields) {
      if (field.kind === 'object') {
        if (field.relationFromFields && field.relationFromFields.length > 0) {
          const target = modelByName.get(field.type);
          if (!target) throw new Error(`relation ${model.name}.${field.name} targets unknown model ${field.type}`);
          const fromColumns = field.relationFromFields.map((name) => columnOf(model, name));
          const fromFieldsRequired = field.relationFromFields.every(
            (name) => model.fields.find((candidate) => candidate.name === name)?.isRequired,
          );
          description.foreignKeys[prismaDefaultName(table, fromColumns, '_fkey')] = {
            table,
            columns: fromColumns,
            referencedTable: tableOf(target),
            referencedColumns: (field.relationToFields ?? []).map((name) => columnOf(target, name)),
            // Prisma's defaults: Restrict for a required relation, SetNull for an optional one; Cascade on update.
            onDelete: field.relationOnDelete ?? (fromFieldsRequired ? 'Restrict' : 'SetNull'),
            onUpdate: field.relationOnUpdate ?? 'Cascade',
          };
        }
        continue;
      }
      if (field.kind === 'unsupported') unsupported(`Unsupported("${field.type}") on ${model.name}.${field.name}`);
      description.columns[`${table}.${field.dbName ?? field.name}`] = {
        type: postgresType(field, enumByName),
        // Prisma creates scalar lists without NOT NULL (`"roles" TEXT[]`), even though the client never returns null.
        nullable: !field.isRequired || field.isList,
        default: postgresDefault(field, enumByName),
      };
    }
  }

  for (const index of indexes) {
    const model = modelByName.get(index.model);
    if (!model) throw new Error(`index on unknown model ${index.model}`);
    const table = tableOf(model);
    const plainColumns = index.fields.map((field) => columnOf(model, field.name));
    const columns = index.fields.map((field, position) => {
      if (field.length !== undefined || field.operatorClass !== undefined) {
        unsupported(`length/ops on an index of ${model.name}`);
      }
      return plainColumns[position] + (field.sortOrder === 'desc' ? ' DESC' : '');
    });
    const entry: IndexDescription = { table, columns, method: (index.algorithm ?? 'BTree').toLowerCase() };
    switch (index.type) {
      case 'id':
        description.primaryKeys[table] = { name: index.dbName ?? prismaDefaultName(table, [], '_pkey'), columns };
        break;
      case 'unique':
        description.uniqueIndexes[index.dbName ?? prismaDefaultName(table, plainColumns, '_key')] = entry;
        break;
      case 'normal':
        description.indexes[index.dbName ?? prismaDefaultName(table, plainColumns, '_idx')] = entry;
        break;
      default:
        unsupported(`a ${index.type} index on ${model.name}`);
    }
  }
  return description;
}

/** The column type as PostgreSQL's format_type() prints it for what Prisma would create. */
function postgresType(field: DmmfField, enumByName: Map<string, DmmfEnum>): string {
  const base = field.kind === 'enum' ? enumType(field, enumByName) : scalarType(field);
  return field.isList ? `${base}[]` : base;
}

function enumType(field: DmmfField, enumByName: Map<string, DmmfEnum>): string {
  const declared = enumByName.get(field.type);
  if (!declared) throw new Error(`unknown enum ${field.type}`);
  const name = declared.dbName ?? declared.name;
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`;
}

function scalarType(field: DmmfField): string {
  const [nativeName, args = []] = field.nativeType ?? [];
  const precision = (fallback: string): string => `(${args[0] ?? fallback})`;
  switch (nativeName) {
    case undefined:
      break;
    case 'Text':
      return 'text';
    case 'VarChar':
      return args[0] ? `character varying(${args[0]})` : 'character varying';
    case 'Char':
      return `character${precision('1')}`;
    case 'Uuid':
      return 'uuid';
    case 'Integer':
      return 'integer';
    case 'SmallInt':
      return 'smallint';
    case 'BigInt':
      return 'bigint';
    case 'DoublePrecision':
      return 'double precision';
    case 'Real':
      return 'real';
    case 'Decimal':
      return `numeric(${args[0] ?? '65'},${args[1] ?? '30'})`;
    case 'Timestamptz':
      return `timestamp${precision('3')} with time zone`;
    case 'Timestamp':
      return `timestamp${precision('3')} without time zone`;
    case 'Date':
      return 'date';
    case 'Time':
      return `time${precision('3')} without time zone`;
    case 'Timetz':
      return `time${precision('3')} with time zone`;
    case 'Boolean':
      return 'boolean';
    case 'JsonB':
      return 'jsonb';
    case 'Json':
      return 'json';
    case 'ByteA':
      return 'bytea';
    default:
      unsupported(`native type @db.${nativeName}`);
  }
  const byPrismaType: Record<string, string> = {
    String: 'text',
    Int: 'integer',
    BigInt: 'bigint',
    Float: 'double precision',
    Decimal: 'numeric(65,30)',
    Boolean: 'boolean',
    DateTime: 'timestamp(3) without time zone',
    Json: 'jsonb',
    Bytes: 'bytea',
  };
  return byPrismaType[field.type] ?? unsupported(`Prisma type ${field.type}`);
}

/** The database default Prisma would write, spelled as introspectDatabase() normalizes it. */
function postgresDefault(field: DmmfField, enumByName: Map<string, DmmfEnum>): string | null {
  const value = field.default;
  if (value === undefined) return null;
  if (Array.isArray(value)) unsupported(`a list default on ${field.name}`);
  if (typeof value === 'object' && value !== null) {
    const { name, args } = value as { name: string; args: unknown[] };
    switch (name) {
      case 'autoincrement':
        return 'autoincrement()';
      case 'now':
        return 'now()';
      case 'dbgenerated':
        return typeof args[0] === 'string'
          ? args[0]
          : unsupported(`dbgenerated() without an expression on ${field.name}`);
      // Generated by the client, not the database.
      case 'uuid':
      case 'cuid':
      case 'nanoid':
      case 'ulid':
        return null;
      default:
        unsupported(`@default(${name}()) on ${field.name}`);
    }
  }
  const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;
  if (field.kind === 'enum') {
    const member = enumByName.get(field.type)?.values.find((candidate) => candidate.name === value);
    return sqlString(member?.dbName ?? String(value));
  }
  switch (field.type) {
    case 'Int':
    case 'BigInt':
    case 'Float':
    case 'Decimal':
    case 'Boolean':
      return String(value);
    case 'String':
    case 'Json':
      return sqlString(String(value));
    default:
      return unsupported(`a literal default on ${field.type} field ${field.name}`);
  }
}
