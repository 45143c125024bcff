import type { Where } from '../model-spec.ts';
import { ident, whereSql, type Link, type ModelIndex, type Statement } from './where.ts';

/**
 * A list narrowed by one many-to-many relation alone (`devices(filter: { tag: ["core"] })`): its page and its total
 * written from Prisma's implicit table, which holds one row per pair.
 *
 * The total is the number of pairs whose related row meets the condition: exact when one related row does (a pair
 * is unique, and its foreign keys cascade, so each pair is one listed row), and otherwise the number of distinct
 * listed rows among those pairs. Counting the listed rows themselves looked each one up by its id: at 100,000
 * devices, one tag of 5,000 took 20 ms on SQLite and 30 ms on PostgreSQL, the pairs 0.3 and 1.3 ms.
 *
 * The page has two plans and the statement picks one by the number of pairs. With many (one tag on 5% of the
 * devices) the order's index is walked and each row's own pairs are probed until the page is full: about
 * `page × rows / pairs` probes. With few the pairs' rows are fetched and sorted: one fetch per pair. Walking wins
 * when `pairs² > page × rows`. Neither database can tell the two cases apart when the related rows are named by a
 * condition: SQLite guesses a fixed number of rows for any `IN (SELECT …)` and fetched and sorted 5,000 devices
 * (23 ms; walking took 2), and PostgreSQL plans for an average relation and walks for a tag on three devices too.
 */
export interface Membership {
  link: Link & { via: NonNullable<Link['via']> };
  where: unknown;
}

/** The list's one many-to-many `some` condition, when it is the only condition; otherwise null. */
export function soleMembership(index: ModelIndex, model: string, where: Where): Membership | null {
  let sole: unknown = where;
  for (;;) {
    if (!sole || typeof sole !== 'object' || Array.isArray(sole)) return null;
    const entries = Object.entries(sole as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length !== 1) return null;
    const [key, value] = entries[0]!;
    if (key === 'AND') {
      const list = Array.isArray(value) ? value : [value];
      if (list.length !== 1) return null;
      sole = list[0];
      continue;
    }
    if (index.field(model, key)?.kind !== 'object') return null;
    const link = index.link(model, key);
    if (!link.via || !value || typeof value !== 'object') return null;
    const ops = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (ops.length !== 1 || ops[0]![0] !== 'some') return null;
    return { link: link as Membership['link'], where: ops[0]![1] };
  }
}

/** The SQL of a sole membership over the listed rows aliased `alias`. */
export function membershipSql(st: Statement, index: ModelIndex, { link, where }: Membership, alias: string) {
  const { table, parent, target } = link.via;
  const { within, countOf } = st.dialect;
  /** The related rows that meet the condition. */
  const related = () => {
    const t = st.alias();
    return `SELECT ${t}."id" FROM ${ident(link.target)} ${t} WHERE ${whereSql(st, index, link.target, t, where)}`;
  };
  /**
   * The pairs whose related row meets the condition, as `what` of their table aliased `$j`. PostgreSQL reads the
   * related ids as an array and looks each up in the table's index on the related column (as a join, it scanned
   * the whole table for one tag); SQLite, given `IN (SELECT …)` there, scanned it too, and joins instead.
   */
  const pairs = (what: string) => {
    const j = st.alias();
    const selected = what.replaceAll('$j', j);
    if (st.dialect.provider === 'postgresql') return `SELECT ${selected} FROM ${ident(table)} ${j} WHERE ${j}.${ident(target)} ${within(related())}`;
    const t = st.alias();
    return `SELECT ${selected} FROM ${ident(table)} ${j} JOIN ${ident(link.target)} ${t} ON ${t}."id" = ${j}.${ident(target)} WHERE ${whereSql(st, index, link.target, t, where)}`;
  };
  // The number of pairs, counted once for the plan and the total.
  const counted = `(SELECT n FROM ${st.table(pairs(`${countOf('*')} AS n`))})`;
  const j = st.alias();
  return {
    count: () => `CASE WHEN (SELECT count(*) FROM (${related()} LIMIT 2) r) <= 1 THEN ${counted} ELSE (${pairs(countOf(`DISTINCT $j.${ident(parent)}`))}) END`,
    /** Whether walking the order's index beats fetching the pairs' rows, for a page of `page` rows out of `rows`. */
    walks: (page: number, rows: string) => `${counted} * ${counted} > ${page} * ${rows}`,
    /** The listed row has a pair: probed through the implicit table's index on (parent, target). */
    probe: () => `EXISTS (SELECT 1 FROM ${ident(table)} ${j} WHERE ${j}.${ident(parent)} = ${alias}."id" AND ${j}.${ident(target)} ${within(related())})`,
    /** The listed row is one of the pairs' rows, fetched by id. */
    fetch: () => `${alias}."id" ${within(pairs(`$j.${ident(parent)}`))}`,
  };
}
