import type { Order } from '../readable.ts';
import type { Where } from '../model-spec.ts';
import type { ListPlan, NodePlan } from './plan.ts';
import { Unsupported } from './dialect.ts';
import { maintainedCountSql } from '../../db/row-counts.ts';
import { ident, joinSql, literal, whereSql, type ModelIndex, type Statement } from './where.ts';
import { soleRelation, soleRelationSql } from './membership.ts';

/** The key under which each root row carries its id for cursors; no GraphQL response key can contain a space. */
export const ROW_ID = ' id';

/** The key under which an object with resolved fields carries the row its resolvers get as their parent. */
export const ROW_DATA = ' row';

/** PostgreSQL's json_build_object takes at most 100 arguments. */
const MOST_KEYS = 50;

/** What a list's rows are narrowed to for the caller: a Prisma where per model, or undefined for every row. */
export type ScopeOf = (model: string) => Where | undefined;

/** A root list as one scalar subquery: its page as a JSON array (one row more than asked for), and its total. */
export function listSql(st: Statement, index: ModelIndex, plan: ListPlan, where: Where, order: readonly Order[], scope: ScopeOf, counted: ReadonlySet<string>): { page: string; count: string | null } {
  const model = plan.list.model;
  const t = st.alias();
  const after = plan.after === null ? [] : [afterSql(st, index, model, t, order, plan.after)];
  const whereOf = (parts: readonly string[]) => (parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`);
  const row = nodeSql(st, index, plan.node ?? { model, entries: [], resolves: false }, t, scope, true);
  const pageOf = (narrowed: readonly string[], sorted = false) => st.dialect.array(`SELECT ${row} AS j FROM ${ident(model)} ${t}${whereOf([...narrowed, ...after])} ORDER BY ${orderSql(t, order, sorted && st.dialect.provider === 'sqlite')} LIMIT ${plan.first + 1}`);
  // A list narrowed by one relation condition alone, for a caller who sees every row (see `membership.ts`), where
  // the number of rows costs nothing: PostgreSQL keeps it, and on SQLite the largest rowid is near enough (a table's
  // count reads every entry of an index: 0.5 ms at 100,000 rows; the largest rowid is one descent).
  const sole = scope(model) === undefined ? soleRelation(index, model, where) : null;
  const rows = st.dialect.provider === 'sqlite' ? `(SELECT max(rowid) FROM ${ident(model)})` : counted.has(model) ? maintainedCountSql(model) : null;
  if (sole && rows !== null) {
    const m = soleRelationSql(st, index, model, sole, t);
    // Walking costs about a sixteenth of a fetch per row here (an index read in order against a lookup and a sort):
    // at 5,000 devices the 250 of one role were fetched in 1.6× the time of 50 at 1,000, and walked in 1.0×.
    const page = `CASE WHEN 16 * ${m.matches} * ${m.matches} > ${plan.first + 1} * ${rows} THEN ${pageOf([m.walk()])} ELSE ${pageOf([m.fetch()], true)} END`;
    return { page, count: plan.counted ? m.count() : null };
  }
  // Conditions that hold for every row are left out: SQLite counts a table without a WHERE from its smallest
  // index's entries (0.02 ms for 100,000 rows), and with `WHERE TRUE` row by row (1 ms).
  const conditions = [whereSql(st, index, model, t, where), whereSql(st, index, model, t, scope(model))].filter((c) => c !== 'TRUE');
  const page = pageOf(conditions);
  // Every row of a table whose count PostgreSQL keeps (`db/row-counts.ts`): that count, as of the same snapshot.
  const kept = conditions.length === 0 && counted.has(model);
  const count = !plan.counted ? null : kept ? maintainedCountSql(model) : `(SELECT ${st.dialect.count} FROM ${ident(model)} ${t}${whereOf(conditions)})`;
  return { page, count };
}

/**
 * The rows that come after the cursor's row in `order` (which ends in the primary key): the first order column
 * past the cursor row's value, or equal to it and the next one past, and so on. A cursor whose row is gone matches
 * nothing, as with Prisma. Only non-null order columns are compared this way (NULLs have no place in it).
 */
function afterSql(st: Statement, index: ModelIndex, model: string, alias: string, order: readonly Order[], cursor: string): string {
  const id = st.param(cursor);
  const columns = order.map((o) => {
    const [column = '', direction] = Object.entries(o)[0] ?? [];
    const field = index.field(model, column);
    if (!field || field.kind !== 'scalar' || !field.isRequired) throw new Unsupported('paging after a nullable order column');
    return { column: ident(column), op: direction === 'desc' ? '<' : '>' };
  });
  const value = (column: string) => `(SELECT c.${column} FROM ${ident(model)} c WHERE c."id" = ${id})`;
  const arms = columns.map((c, k) => [...columns.slice(0, k).map((e) => `${alias}.${e.column} = ${value(e.column)}`), `${alias}.${c.column} ${c.op} ${value(c.column)}`].join(' AND '));
  return `(${arms.map((a) => `(${a})`).join(' OR ')})`;
}

/** A root object by id, as a JSON value (null when the caller may not see it, or it does not exist). */
export function oneSql(st: Statement, index: ModelIndex, node: NodePlan, id: string, scope: ScopeOf): string {
  const t = st.alias();
  const row = nodeSql(st, index, node, t, scope);
  return st.dialect.one(`SELECT ${row} FROM ${ident(node.model)} ${t} WHERE ${t}."id" = ${st.param(id)} AND ${whereSql(st, index, node.model, t, scope(node.model))} LIMIT 1`);
}

/**
 * The ORDER BY of `order` over the rows aliased `alias`. `sorted`: the rows are to be sorted, not read in an index's
 * order, which on SQLite a unary plus says (it keeps the column's value and collation); SQLite otherwise walked the
 * order's index to fetch three devices out of 5,000.
 */
function orderSql(alias: string, order: readonly Order[], sorted = false): string {
  const parts = order.map((o) => {
    const [field, direction] = Object.entries(o)[0] ?? ['', 'asc'];
    return `${sorted ? '+' : ''}${alias}.${ident(field)} ${direction === 'desc' ? 'DESC' : 'ASC'}`;
  });
  return parts.length > 0 ? parts.join(', ') : `${alias}."id" ASC`;
}

/** One object of the response as json_build_object over the row aliased `alias`. */
function nodeSql(st: Statement, index: ModelIndex, node: NodePlan, alias: string, scope: ScopeOf, withId = false): string {
  // An object with resolved fields carries the row their resolvers get as their parent.
  const row = node.entries.some((e) => e.kind === 'resolved') ? rowSql(st, index, node, alias) : null;
  if (node.entries.length + (withId ? 1 : 0) + (row ? 1 : 0) > MOST_KEYS) throw new Unsupported('more fields than one JSON object takes');
  const args: string[] = withId ? [`'${ROW_ID}'`, `${alias}."id"`] : [];
  if (row) args.push(`'${ROW_DATA}'`, row);
  for (const entry of node.entries) {
    args.push(literal(entry.key));
    if (entry.kind === 'typename') args.push(literal(entry.value));
    else if (entry.kind === 'resolved') args.push('NULL'); // its place in the object, filled by its resolver
    else if (entry.kind === 'column') args.push(columnSql(st, index, node.model, alias, entry.column));
    else if (entry.kind === 'count') {
      // As Prisma's `_count` under the scoped client: the related objects the caller may view.
      const link = index.link(node.model, entry.relation);
      if (!link.list) throw new Unsupported('a count of a to-one relation');
      const t = st.alias();
      const { from, on } = joinSql(st, link, t, alias);
      args.push(`(SELECT ${st.dialect.count} FROM ${from} WHERE ${on} AND ${whereSql(st, index, link.target, t, scope(link.target))})`);
    } else {
      const link = index.link(node.model, entry.relation);
      const t = st.alias();
      const { from, on } = joinSql(st, link, t, alias);
      const inner = nodeSql(st, index, entry.node, t, scope);
      if (!link.list) {
        // A single related object is shown with its parent whatever its own view scope, as the resolvers do.
        args.push(st.dialect.one(`SELECT ${inner} FROM ${from} WHERE ${on} LIMIT 1`));
      } else {
        const order = [...entry.orderBy, ...(entry.orderBy.some((o) => 'id' in o) ? [] : [{ id: 'asc' } as Order])];
        const scoped = whereSql(st, index, link.target, t, scope(link.target));
        args.push(st.dialect.array(`SELECT ${inner} AS j FROM ${from} WHERE ${on} AND ${scoped} ORDER BY ${orderSql(t, order)}`));
      }
    }
  }
  return st.dialect.object(args);
}

/**
 * The parent a resolved field's resolver gets, as the resolvers' path hands it over: the row's `id`, the columns
 * the query selects on the object and those its resolved fields declare they need, under their column names (dates
 * as text, made Dates again by the reader).
 */
function rowSql(st: Statement, index: ModelIndex, node: NodePlan, alias: string): string {
  const columns = new Set(['id', ...node.entries.flatMap((e) => (e.kind === 'column' ? [e.column] : e.kind === 'resolved' ? (e.select?.columns ?? []) : []))]);
  return st.dialect.object([...columns].flatMap((column) => [literal(column), columnSql(st, index, node.model, alias, column)]));
}

/** A scalar column of the row aliased `alias`, as its GraphQL value. */
function columnSql(st: Statement, index: ModelIndex, model: string, alias: string, column: string): string {
  const field = index.field(model, column);
  if (!field || field.kind !== 'scalar' || field.isList) throw new Unsupported(`${model}.${column}`);
  return st.dialect.column(`${alias}.${ident(column)}`, field.type);
}
