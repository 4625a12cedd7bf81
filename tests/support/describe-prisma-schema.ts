import { get_dmmf } from '@prisma/prisma-schema-wasm';
import {
  normalizeSql,
  type IndexDescription,
  type ReferentialAction,
  type SchemaDescription,
} from './introspect-database.js';

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
  /** the model's `///` comment: where the annotations below live */
  documentation?: string;
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

/** What `prisma migrate dev` would create for `schemaText`, described as introspectDatabase() describes a database. */
export function describePrismaSchema(schemaText: string): SchemaDescription {
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
    checks: {},
    exclusions: {},
  };
  for (const model of models) addAnnotations(description, tableOf(model), model.documentation ?? '');

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

  // Prisma's DMMF leaves out `Unsupported("…")` fields (a tstzrange): read them off the schema text
  for (const [, modelName, body] of schemaText.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const model = modelByName.get(modelName!);
    if (!model) continue;
    for (const [, name, type, optional, rest] of body!.matchAll(/^\s+(\w+)\s+Unsupported\("([^"]+)"\)(\?)?(.*)$/gm)) {
      const mapped = /@map\("([^"]+)"\)/.exec(rest ?? '')?.[1];
      description.columns[`${tableOf(model)}.${mapped ?? name}`] = {
        type: type!,
        nullable: optional === '?',
        default: null,
      };
    }
  }

  for (const index of indexes) {
    const model = modelByName.get(index.model);
    if (!model) throw new Error(`index on unknown model ${index.model}`);
    const table = tableOf(model);
    const plainColumns = index.fields.map((field) => columnOf(model, field.name));
    const columns = index.fields.map((field, position) => {
      if (field.length !== undefined) unsupported(`a length on an index of ${model.name}`);
      return plainColumns[position] + (field.sortOrder === 'desc' ? ' DESC' : '');
    });
    const entry: IndexDescription = { table, columns, method: (index.algorithm ?? 'BTree').toLowerCase() };
    // raw("gin_trgm_ops") and the like: trigram search (document search) needs its operator class
    if (index.fields.some((field) => field.operatorClass !== undefined))
      entry.opclasses = index.fields.map((field) => field.operatorClass ?? '');
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

/*
 * What Prisma's schema language cannot say, said in the model's `///` comment, one per line, so the
 * schema stays the one description of the database (ARCHITECTURE.md, "Schema habits"):
 *
 *   /// index work_item_open_due_idx on (org_id, due_at) where done_at is null
 *   /// unique index card_one_open_idx on (item_id) where status = 'open'
 *   /// index document_title_trgm_idx using gin on (title gin_trgm_ops)
 *   /// check inbound_event_status_check: status in ('accepted', 'queued', 'processed', 'failed')
 *   /// exclude room_booking_no_overlap: using gist (room_id with =, during with &&) where state = 'approved'
 */
const INDEX_LINE = /^(unique )?index (\S+)(?: using (\w+))? on \((.+)\)(?: where (.+))?$/;
const CONSTRAINT_LINE = /^(check|exclude) (\S+): (.+)$/;

function addAnnotations(description: SchemaDescription, table: string, documentation: string): void {
  for (const line of documentation.split('\n').map((text) => text.trim())) {
    const index = INDEX_LINE.exec(line);
    if (index) {
      const [, unique, name = '', method, columnList = '', where] = index;
      const parts = columnList.split(',').map((part) => part.trim().split(/\s+/));
      const entry: IndexDescription = {
        table,
        columns: parts.map(([column = '']) => column),
        method: method ?? 'btree',
      };
      if (where) entry.where = normalizeSql(where);
      if (parts.some((part) => part.length > 1)) entry.opclasses = parts.map((part) => part[1] ?? '');
      (unique ? description.uniqueIndexes : description.indexes)[name] = entry;
      continue;
    }
    const constraint = CONSTRAINT_LINE.exec(line);
    if (!constraint) continue;
    const [, kind, name = '', body = ''] = constraint;
    const target = kind === 'check' ? description.checks : description.exclusions;
    target[name] = { table, definition: normalizeSql(`${kind} ${body}`) };
  }
}
