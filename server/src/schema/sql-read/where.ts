import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import { unsupported, type Dialect } from './dialect.ts';
import { isPlainName } from '../../db/search-index.ts';

/**
 * The parts of SQL the one-statement read path writes by hand: names, parameters, the joins of
 * relations, and Prisma's where objects (permission constraints, list filters, quick search) as conditions.
 * Anything outside the subset below raises `Unsupported`, and the query runs through Prisma instead; nothing is
 * guessed.
 */
/** The statement being written: its database's dialect, its parameters and its table aliases. */
export class Statement {
  readonly params: unknown[] = [];
  private aliases = 0;

  constructor(readonly dialect: Dialect) {}

  param(value: unknown): string {
    this.params.push(value);
    return this.dialect.param(this.params.length);
  }

  alias(): string {
    return `t${this.aliases++}`;
  }

  /** The statement's common table expressions, each computed once however often it is read. */
  readonly tables: string[] = [];

  /** A subquery made a common table expression; its name. */
  table(select: string): string {
    const name = `w${this.tables.length}`;
    this.tables.push(`${name} AS MATERIALIZED (${select})`);
    return name;
  }

  /** The WITH clause that starts the statement, or nothing. */
  withSql(): string {
    return this.tables.length === 0 ? '' : `WITH ${this.tables.join(', ')} `;
  }
}


/** A table or column name as SQL; only plain identifiers are written. */
export function ident(name: string): string {
  return isPlainName(name) ? `"${name}"` : unsupported(`the name ${name}`);
}

/** A response key or type name as an SQL string literal; GraphQL names need no escaping. */
export function literal(name: string): string {
  return isPlainName(name) ? `'${name}'` : unsupported(`the name ${name}`);
}

type Field = PothosPrismaDatamodel['datamodel']['models'][string]['fields'][number];

/**
 * How a relation joins: `<target alias>.targetColumn = <parent alias>.parentColumn`, or for a many-to-many relation
 * through Prisma's implicit table (`_DeviceToTag`, its `A` column holding the id of the model whose name sorts first).
 */
export interface Link {
  target: string;
  list: boolean;
  parentColumn: string;
  targetColumn: string;
  via?: { table: string; parent: 'A' | 'B'; target: 'A' | 'B' };
}

/** The target table of a relation as a FROM item aliased `t`, and the condition joining it to the parent row. */
export function joinSql(st: Statement, link: Link, t: string, parent: string): { from: string; on: string } {
  if (!link.via) return { from: `${ident(link.target)} ${t}`, on: `${t}.${ident(link.targetColumn)} = ${parent}.${ident(link.parentColumn)}` };
  const j = st.alias();
  return {
    from: `${ident(link.target)} ${t} JOIN ${ident(link.via.table)} ${j} ON ${j}.${ident(link.via.target)} = ${t}."id"`,
    on: `${j}.${ident(link.via.parent)} = ${parent}."id"`,
  };
}

/** The datamodel as the read path asks of it: fields and the joins of relations (one foreign-key column to `id`). */
export class ModelIndex {
  private readonly fields = new Map<string, Map<string, Field>>();
  private readonly links = new Map<string, Link>();

  constructor(private readonly dmmf: PothosPrismaDatamodel) {
    for (const [model, { fields }] of Object.entries(dmmf.datamodel.models)) this.fields.set(model, new Map(fields.map((f) => [f.name, f])));
  }

  field(model: string, name: string): Field | undefined {
    return this.fields.get(model)?.get(name);
  }

  /** A relation's join, worked out once per relation (a relation the path cannot join throws every time). */
  link(model: string, name: string): Link {
    const key = `${model}.${name}`;
    let link = this.links.get(key);
    if (!link) this.links.set(key, (link = this.joinOf(model, name)));
    return link;
  }

  private joinOf(model: string, name: string): Link {
    const f = this.field(model, name);
    if (!f || f.kind !== 'object') return unsupported(`${model}.${name} is not a relation`);
    const own = f.relationFromFields ?? [];
    if (own.length === 1) return { target: f.type, list: false, parentColumn: own[0]!, targetColumn: 'id' };
    if (own.length > 1) return unsupported('a compound foreign key');
    const back = this.dmmf.datamodel.models[f.type]?.fields.find((g) => g.kind === 'object' && g.relationName === f.relationName && !(f.type === model && g.name === name));
    if (back && f.isList && back.isList && (back.relationFromFields?.length ?? 0) === 0 && f.type !== model && f.relationName) {
      const first = model < f.type ? 'A' : 'B';
      return { target: f.type, list: true, parentColumn: 'id', targetColumn: 'id', via: { table: `_${f.relationName}`, parent: first, target: first === 'A' ? 'B' : 'A' } };
    }
    if (!back || back.relationFromFields?.length !== 1) return unsupported('a relation without one foreign key');
    return { target: f.type, list: f.isList, parentColumn: 'id', targetColumn: back.relationFromFields[0]! };
  }
}

const COMPARISONS: Record<string, string> = { equals: '=', not: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' };
const PATTERNS: Record<string, (v: string) => string> = { contains: (v) => `%${v}%`, startsWith: (v) => `${v}%`, endsWith: (v) => `%${v}` };

/**
 * Most texts an `in` lists as parameters of their own on SQLite; a longer list is one parameter, a JSON array read
 * with json_each. Through the client each parameter costs about 6 µs (0.6 ms for the 100 ids of a quick search).
 */
const LONG_LIST = 16;

function scalarValue(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  return unsupported('a value other than text, a number or a boolean');
}

/** A Prisma where on `model` (aliased `alias`) as an SQL condition. */
export function whereSql(st: Statement, index: ModelIndex, model: string, alias: string, where: unknown): string {
  if (where === undefined) return 'TRUE';
  if (!where || typeof where !== 'object' || Array.isArray(where)) return unsupported('a where that is not an object');
  const parts: string[] = [];
  for (const [key, value] of Object.entries(where as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (key === 'AND') parts.push(...(Array.isArray(value) ? value : [value]).map((w) => `(${whereSql(st, index, model, alias, w)})`));
    else if (key === 'OR') {
      if (!Array.isArray(value) || value.length === 0) return unsupported('an OR that is empty or not a list');
      parts.push(`(${value.map((w) => `(${whereSql(st, index, model, alias, w)})`).join(' OR ')})`);
    } else if (key === 'NOT') parts.push(...(Array.isArray(value) ? value : [value]).map((w) => `NOT (${whereSql(st, index, model, alias, w)})`));
    else {
      const field = index.field(model, key) ?? unsupported(`${model}.${key} is not a field`);
      parts.push(field.kind === 'object' ? relationSql(st, index, model, alias, key, value) : scalarSql(st, `${alias}.${ident(key)}`, value));
    }
  }
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}

function scalarSql(st: Statement, column: string, filter: unknown): string {
  if (filter === null) return `${column} IS NULL`;
  if (typeof filter !== 'object' || Array.isArray(filter)) return `${column} = ${st.param(scalarValue(filter))}`;
  const ops = { ...(filter as Record<string, unknown>) };
  const insensitive = ops['mode'] === 'insensitive';
  if (ops['mode'] !== undefined && ops['mode'] !== 'insensitive' && ops['mode'] !== 'default') return unsupported('a mode');
  delete ops['mode'];
  const parts: string[] = [];
  for (const [op, value] of Object.entries(ops)) {
    if (value === undefined) continue;
    if (op === 'in' || op === 'notIn') {
      if (!Array.isArray(value)) return unsupported('an in that is not a list');
      const keyword = op === 'in' ? 'IN' : 'NOT IN';
      if (value.length > LONG_LIST && value.every((v) => typeof v === 'string') && st.dialect.provider === 'sqlite') {
        parts.push(`${column} ${keyword} (SELECT value FROM json_each(${st.param(JSON.stringify(value))}))`);
        continue;
      }
      const values = value.map((v) => st.param(scalarValue(v)));
      parts.push(values.length === 0 ? (op === 'in' ? 'FALSE' : 'TRUE') : `${column} ${keyword} (${values.join(', ')})`);
    } else if (op in PATTERNS) {
      if (typeof value !== 'string') return unsupported('a pattern that is not text');
      parts.push(st.dialect.like(column, st.param(PATTERNS[op]!(value)), insensitive));
    } else if (op in COMPARISONS) {
      if (insensitive) return unsupported('a case-insensitive comparison');
      if (value === null) parts.push(op === 'equals' ? `${column} IS NULL` : op === 'not' ? `${column} IS NOT NULL` : unsupported('null in a comparison'));
      else if (op === 'not' && typeof value === 'object') parts.push(`NOT (${scalarSql(st, column, value)})`);
      else parts.push(`${column} ${COMPARISONS[op]} ${st.param(scalarValue(value))}`);
    } else return unsupported(`the filter ${op}`);
  }
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}

/**
 * The rows with a related row that meets `where`, as `column IN (SELECT …)` over the column that joins them rather
 * than a correlated EXISTS. The two hold for the same rows, and PostgreSQL plans both as a semi-join; SQLite runs
 * an EXISTS for every row it reads, but reads an IN's subquery once and looks its values up in the column's index
 * (at 100,000 devices, a list of the devices of one role took 13× its time at 1,000 with EXISTS). A nullable column
 * is guarded so that the condition is never unknown, which a NOT around it would turn into "no" where EXISTS gives
 * "yes".
 */
function withRelated(st: Statement, index: ModelIndex, model: string, alias: string, link: Link, t: string, where: unknown): string {
  const cond = whereSql(st, index, link.target, t, where);
  const nullable = (owner: string, column: string) => index.field(owner, column)?.isRequired !== true;
  if (link.via) {
    const j = st.alias();
    return `${alias}."id" IN (SELECT ${j}.${ident(link.via.parent)} FROM ${ident(link.via.table)} ${j} JOIN ${ident(link.target)} ${t} ON ${t}."id" = ${j}.${ident(link.via.target)} WHERE ${cond})`;
  }
  if (link.parentColumn === 'id') {
    const column = `${t}.${ident(link.targetColumn)}`;
    return `${alias}."id" IN (SELECT ${column} FROM ${ident(link.target)} ${t} WHERE ${nullable(link.target, link.targetColumn) ? `${column} IS NOT NULL AND ` : ''}${cond})`;
  }
  const column = `${alias}.${ident(link.parentColumn)}`;
  const within = `${column} IN (SELECT ${t}."id" FROM ${ident(link.target)} ${t} WHERE ${cond})`;
  return nullable(model, link.parentColumn) ? `(${column} IS NOT NULL AND ${within})` : within;
}

function relationSql(st: Statement, index: ModelIndex, model: string, alias: string, name: string, filter: unknown): string {
  const link = index.link(model, name);
  const t = st.alias();
  const { from, on } = joinSql(st, link, t, alias);
  const related = (where: unknown) => withRelated(st, index, model, alias, link, t, where);
  if (link.list) {
    if (!filter || typeof filter !== 'object') return unsupported('a list relation filter that is not an object');
    const ops = filter as Record<string, unknown>;
    const parts: string[] = [];
    for (const [op, where] of Object.entries(ops)) {
      if (where === undefined) continue;
      if (op === 'some') parts.push(related(where));
      else if (op === 'none') parts.push(`NOT ${related(where)}`);
      else if (op === 'every') parts.push(`NOT EXISTS (SELECT 1 FROM ${from} WHERE ${on} AND NOT (${whereSql(st, index, link.target, t, where)}))`);
      else return unsupported(`the list filter ${op}`);
    }
    return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
  }
  if (link.parentColumn === 'id') return unsupported('a to-one relation held by the other side');
  if (filter === null) return `${alias}.${ident(link.parentColumn)} IS NULL`;
  if (typeof filter !== 'object') return unsupported('a relation filter that is not an object');
  const ops = filter as Record<string, unknown>;
  if ('is' in ops || 'isNot' in ops) {
    const parts: string[] = [];
    if (ops['is'] !== undefined) parts.push(ops['is'] === null ? `${alias}.${ident(link.parentColumn)} IS NULL` : related(ops['is']));
    // As Prisma reads it: no related object, or one for which the condition is false (not unknown).
    const none = `${alias}.${ident(link.parentColumn)} IS NULL`;
    if (ops['isNot'] !== undefined) parts.push(ops['isNot'] === null ? `${alias}.${ident(link.parentColumn)} IS NOT NULL` : `(${none} OR EXISTS (SELECT 1 FROM ${from} WHERE ${on} AND NOT (${whereSql(st, index, link.target, t, ops['isNot'])})))`);
    if (Object.keys(ops).some((k) => k !== 'is' && k !== 'isNot')) return unsupported('is/isNot beside other keys');
    return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
  }
  return related(ops);
}

/** The body of each model block of a Prisma schema (the lines between its braces), by model name. */
export function modelBodies(prismaSchema: string): Map<string, string> {
  const bodies = new Map<string, string>();
  for (const match of prismaSchema.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)) bodies.set(match[1] ?? '', match[2] ?? '');
  return bodies;
}

/**
 * The models of a Prisma schema the read path may write into SQL by their Prisma names: no `@map`, `@@map` or
 * `@@schema`, an `id` primary key, and every relation referencing the other model's `id`.
 */
export function plainModels(prismaSchema: string): Set<string> {
  const out = new Set<string>();
  for (const [name, body] of modelBodies(prismaSchema)) {
    const references = [...body.matchAll(/references:\s*\[([^\]]*)\]/g)].map((m) => m[1]?.trim());
    if (/@@?map\(|@@schema\(/.test(body) || !/^\s*id\s+\w+\s[^\n]*@id\b/m.test(body) || references.some((r) => r !== 'id')) continue;
    out.add(name);
  }
  return out;
}
