import { randomUUID } from 'node:crypto';
import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import type { ArgType, SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import type { DatabaseProvider } from '../../config/config.ts';
import { ident, modelBodies } from '../sql-read/where.ts';

type Row = Record<string, unknown>;

/** The column types a direct insert writes; a model with any other scalar (BigInt, Decimal, Bytes, Json, enums) has no plan. */
const TYPES = new Set(['String', 'Int', 'Float', 'Boolean', 'DateTime']);

/** What fills a column the data leaves out, as Prisma's client would fill it; `absent` when nothing does. */
type Fill = { kind: 'uuid' } | { kind: 'now' } | { kind: 'value'; value: unknown } | { kind: 'null' } | { kind: 'absent' };

interface Column {
  name: string;
  type: string;
  nullable: boolean;
  fill: Fill;
  /** `@updatedAt`: set to the write's time when the data leaves it out. */
  updatedAt: boolean;
}

/** How one model's row is written with one INSERT: its scalar columns in the model's order. */
export interface InsertPlan {
  model: string;
  columns: readonly Column[];
  names: ReadonlySet<string>;
}

/** The argument of a field's `@default(…)` in a model body, read up to its balanced closing parenthesis. */
function defaultArgument(line: string): string | null {
  const start = line.indexOf('@default(');
  if (start < 0) return null;
  let depth = 0;
  let quoted = false;
  for (let i = start + '@default('.length - 1; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '\\') i += 1;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(') depth += 1;
    else if (c === ')' && (depth -= 1) === 0) return line.slice(start + '@default('.length, i).trim();
  }
  return null;
}

/** A default the client can fill itself; null for any other (`cuid()`, `autoincrement()`, `dbgenerated(…)`, an enum value…). */
function fillOf(argument: string, type: string): Fill | null {
  if (argument === 'uuid()' || argument === 'uuid(4)') return type === 'String' ? { kind: 'uuid' } : null;
  if (argument === 'now()') return type === 'DateTime' ? { kind: 'now' } : null;
  if (type === 'String' && /^"(?:[^"\\]|\\.)*"$/.test(argument)) {
    try {
      return { kind: 'value', value: JSON.parse(argument) as string };
    } catch {
      return null;
    }
  }
  if (type === 'Boolean' && (argument === 'true' || argument === 'false')) return { kind: 'value', value: argument === 'true' };
  if (type === 'Int' && /^-?\d+$/.test(argument)) return { kind: 'value', value: Number(argument) };
  if (type === 'Float' && /^-?\d+(\.\d+)?$/.test(argument)) return { kind: 'value', value: Number(argument) };
  return null;
}

/**
 * Insert plans for the models whose every scalar column a direct insert can write and fill as Prisma's client
 * would: the models SQL may name by their Prisma names (`plain`), with scalar columns of the types above, and
 * defaults of `uuid()`, `now()`, `@updatedAt` or a literal. Any other model is written through Prisma.
 */
export function insertPlans(dmmf: PothosPrismaDatamodel, prismaSchema: string, plain: ReadonlySet<string>): Map<string, InsertPlan> {
  const bodies = modelBodies(prismaSchema);
  const plans = new Map<string, InsertPlan>();
  models: for (const [model, { fields }] of Object.entries(dmmf.datamodel.models)) {
    const body = bodies.get(model);
    if (!plain.has(model) || body === undefined) continue;
    const lines = new Map<string, string>();
    for (const line of body.split('\n')) {
      const name = /^\s*(\w+)\s/.exec(line)?.[1];
      if (name) lines.set(name, line);
    }
    const columns: Column[] = [];
    for (const field of fields) {
      if (field.kind === 'object') continue;
      if (field.kind !== 'scalar' || field.isList || !TYPES.has(field.type)) continue models;
      let fill: Fill = field.isRequired ? { kind: 'absent' } : { kind: 'null' };
      if (field.hasDefaultValue) {
        const found = fillOf(defaultArgument(lines.get(field.name) ?? '') ?? '', field.type);
        if (!found) continue models;
        fill = found;
      }
      columns.push({ name: field.name, type: field.type, nullable: !field.isRequired, fill, updatedAt: field.isUpdatedAt === true });
    }
    if (!columns.some((c) => c.name === 'id')) continue;
    plans.set(model, { model, columns, names: new Set(columns.map((c) => c.name)) });
  }
  return plans;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function fits(column: Column, value: unknown): boolean {
  if (value === null) return column.nullable;
  switch (column.type) {
    case 'String':
      return typeof value === 'string';
    case 'Int':
      return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX;
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'Boolean':
      return typeof value === 'boolean';
    default:
      return value instanceof Date && !Number.isNaN(value.getTime());
  }
}

/**
 * The whole row a create of `data` writes, with every column the data leaves out filled as Prisma's client fills
 * it (one `now` for the write's times), in the model's column order: the record Prisma's `create` would return.
 * Null when the data holds anything else: a relation write (`connect`, `set`), an unknown key, a value of the wrong
 * type, or no value for a required column. Prisma then takes the write, and reports what is wrong with it.
 */
export function rowOf(plan: InsertPlan, data: Row, now: Date): Row | null {
  for (const key of Object.keys(data)) if (!plan.names.has(key) && data[key] !== undefined) return null;
  const row: Row = {};
  for (const column of plan.columns) {
    let value = data[column.name];
    if (value === undefined) {
      const fill = column.updatedAt ? ({ kind: 'now' } as const) : column.fill;
      if (fill.kind === 'absent') return null;
      value = fill.kind === 'uuid' ? randomUUID() : fill.kind === 'now' ? now : fill.kind === 'value' ? fill.value : null;
    }
    if (!fits(column, value)) return null;
    row[column.name] = value;
  }
  return row;
}

/** An INSERT of rows into their models' tables, as statements with bound parameters. */
export interface Insert {
  sql: string;
  params: unknown[];
}

/** Bound values one statement may carry: PostgreSQL's protocol allows 65,535, libsql's SQLite 32,766. */
const MAX_PARAMS = 30_000;

/** One INSERT of consecutive rows of one model, with their values bound from `params`. */
function insertSql(plan: InsertPlan, rows: readonly Row[], param: (n: number) => string, params: unknown[]): string {
  const tuples = rows.map((row) => {
    const places = plan.columns.map((c) => {
      params.push(row[c.name]);
      return param(params.length);
    });
    return `(${places.join(', ')})`;
  });
  return `INSERT INTO ${ident(plan.model)} (${plan.columns.map((c) => ident(c.name)).join(', ')}) VALUES ${tuples.join(', ')}`;
}

/**
 * The statements that write `rows` (consecutive rows of one model share an INSERT). On PostgreSQL they are one
 * statement (every insert but the last in a data-modifying `WITH`), which commits or fails whole without a
 * transaction of its own; on SQLite one statement per INSERT. More rows than one statement's bound values take
 * several statements; more than one statement is run in one transaction.
 */
export function insertStatements(provider: DatabaseProvider, rows: ReadonlyArray<{ plan: InsertPlan; row: Row }>, maxParams = MAX_PARAMS): Insert[] {
  const groups: Array<{ plan: InsertPlan; rows: Row[] }> = [];
  for (const { plan, row } of rows) {
    const last = groups.at(-1);
    if (last && last.plan === plan && (last.rows.length + 1) * plan.columns.length <= maxParams) last.rows.push(row);
    else groups.push({ plan, rows: [row] });
  }
  const param = provider === 'postgresql' ? (n: number) => `$${n}` : () => '?';
  const statements: Array<{ parts: string[]; params: unknown[] }> = [];
  for (const group of groups) {
    let current = statements.at(-1);
    const size = group.rows.length * group.plan.columns.length;
    if (!current || provider !== 'postgresql' || current.params.length + size > maxParams) statements.push((current = { parts: [], params: [] }));
    current.parts.push(insertSql(group.plan, group.rows, param, current.params));
  }
  return statements.map(({ parts, params }) => {
    const last = parts.pop() ?? '';
    return { sql: parts.length === 0 ? last : `WITH ${parts.map((p, i) => `"w${i}" AS (${p})`).join(', ')} ${last}`, params };
  });
}

/** Creates written with plain INSERTs, beside Prisma: the plans, and the run of rows written as one. */
export interface DirectInserts {
  plan(model: string): InsertPlan | undefined;
  /**
   * Write the rows all or none, on the connection Prisma's client uses. False when that connection is not open
   * (nothing has been read yet), so that Prisma opens it; throws what the database refused (nothing is then written).
   */
  write(rows: ReadonlyArray<{ plan: InsertPlan; row: Row }>): Promise<boolean>;
}

const ARG_TYPES: Readonly<Record<string, ArgType>> = {
  String: { scalarType: 'string', arity: 'scalar' },
  Int: { scalarType: 'int', arity: 'scalar' },
  Float: { scalarType: 'float', arity: 'scalar' },
  Boolean: { scalarType: 'boolean', arity: 'scalar' },
  DateTime: { scalarType: 'datetime', arity: 'scalar' },
};

/**
 * The statements go straight to the driver adapter under Prisma's client (its SQLite one holds the only connection
 * and keeps other statements out of a transaction), with each value typed as Prisma types it, so that a value is
 * stored as Prisma's own create stores it.
 */
export function directInserts(connection: () => SqlDriverAdapter | undefined, provider: DatabaseProvider, plans: ReadonlyMap<string, InsertPlan>, maxParams = MAX_PARAMS): DirectInserts {
  return {
    plan: (model) => plans.get(model),
    async write(rows) {
      const adapter = connection();
      if (!adapter) return false;
      const types = rows.flatMap(({ plan }) => plan.columns.map((c) => ARG_TYPES[c.type] as ArgType));
      const statements = insertStatements(provider, rows, maxParams);
      const [only] = statements;
      if (statements.length === 1 && only) {
        await adapter.executeRaw({ sql: only.sql, args: only.params, argTypes: types });
        return true;
      }
      // As Prisma's client ends a transaction: an adapter whose transactions need no COMMIT statement of their own
      // (`usePhantomQuery`, the SQLite one here) ends it with `commit()`; for the others the statement comes first.
      const tx = await adapter.startTransaction();
      const end = async (sql: 'COMMIT' | 'ROLLBACK') => {
        if (tx.options.usePhantomQuery) return sql === 'COMMIT' ? tx.commit() : tx.rollback();
        try {
          await tx.executeRaw({ sql, args: [], argTypes: [] });
        } catch (error) {
          await tx.rollback();
          throw error;
        }
        await (sql === 'COMMIT' ? tx.commit() : tx.rollback());
      };
      try {
        let at = 0;
        for (const s of statements) await tx.executeRaw({ sql: s.sql, args: s.params, argTypes: types.slice(at, (at += s.params.length)) });
      } catch (error) {
        await end('ROLLBACK');
        throw error;
      }
      await end('COMMIT');
      return true;
    },
  };
}
