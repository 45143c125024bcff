import type { DatabaseProvider } from '../../config/config.ts';

/** Raised for anything the read path does not write in full; the query then runs through the resolvers. */
export class Unsupported extends Error {}

export const unsupported = (why: string): never => {
  throw new Unsupported(why);
};

/** What differs between the two databases in the SQL the one-statement read path writes. */
export interface Dialect {
  provider: DatabaseProvider;
  /** The n-th bound parameter (1-based). */
  param(n: number): string;
  /** A JSON object of key/value argument pairs. */
  object(args: readonly string[]): string;
  /** A JSON array of the `j` column of a subquery's rows, in its order; `[]` for none. */
  array(select: string): string;
  /** The JSON object of a subquery's one row as a value (null for none). */
  one(select: string): string;
  /** A column as its GraphQL value: a `DateTime` in ISO-8601 UTC with milliseconds, a Boolean as true or false. */
  column(column: string, type: string): string;
  /** A LIKE match of a pattern parameter in which `\` escapes `%`, `_` and itself. */
  like(column: string, pattern: string, insensitive: boolean): string;
  count: string;
  /** A count of an expression, as a number. */
  countOf(expr: string): string;
  /**
   * The right-hand side of a membership test in a subquery's rows. PostgreSQL is given an array, which it reads once
   * and does not plan as a join: the statement has picked the plan (see `membership.ts`).
   */
  within(select: string): string;
}

const postgres: Dialect = {
  provider: 'postgresql',
  param: (n) => `$${n}`,
  object: (args) => `json_build_object(${args.join(', ')})`,
  array: (select) => `coalesce((SELECT json_agg(x.j) FROM (${select}) x), '[]'::json)`,
  one: (select) => `(${select})`,
  column: (column, type) => {
    if (type === 'DateTime') return `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    return ['String', 'Int', 'Float', 'Boolean'].includes(type) ? column : unsupported(`a column of type ${type}`);
  },
  // PostgreSQL's LIKE escapes with a backslash unless told otherwise.
  like: (column, pattern, insensitive) => `${column} ${insensitive ? 'ILIKE' : 'LIKE'} ${pattern}`,
  count: 'count(*)::int',
  countOf: (expr) => `count(${expr})::int`,
  within: (select) => `= ANY(ARRAY(${select}))`,
};

/**
 * SQLite's JSON functions keep a value's JSON type only when it comes straight from another JSON function, so
 * each subquery's text is read back with `json()`. Prisma stores a `DateTime` as an ISO-8601 text, and a Boolean
 * as 0 or 1.
 */
const sqlite: Dialect = {
  provider: 'sqlite',
  param: (n) => `?${n}`,
  object: (args) => `json_object(${args.join(', ')})`,
  array: (select) => `(SELECT json_group_array(json(x.j)) FROM (${select}) x)`,
  one: (select) => `json((${select}))`,
  column: (column, type) => {
    if (type === 'DateTime') return `strftime('%Y-%m-%dT%H:%M:%fZ', ${column})`;
    if (type === 'Boolean') return `CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} THEN json('true') ELSE json('false') END`;
    // SQLite writes a REAL with 15 significant digits, JavaScript with as many as it takes: they can differ.
    return ['String', 'Int'].includes(type) ? column : unsupported(`a column of type ${type}`);
  },
  like: (column, pattern, insensitive) => (insensitive ? unsupported('a case-insensitive match on SQLite') : `${column} LIKE ${pattern} ESCAPE '\\'`),
  count: 'count(*)',
  countOf: (expr) => `count(${expr})`,
  within: (select) => `IN (${select})`,
};

export function dialectOf(provider: DatabaseProvider): Dialect {
  return provider === 'postgresql' ? postgres : sqlite;
}
