import type { Where } from '../model-spec.ts';
import { ident, whereSql, type Link, type ModelIndex, type Statement } from './where.ts';

/**
 * A list narrowed by one relation condition alone: a reference (`devices(filter: { role: ["leaf"] })`, the foreign
 * key on the listed row) or a many-to-many relation (`tag: ["core"]`, Prisma's implicit table of pairs).
 *
 * The matches are counted first, once, from the foreign key's index or from the pairs, and that number is the total
 * (for a many-to-many relation: exact when one related row matches, as each pair is unique and cascades with both
 * rows; otherwise the distinct listed rows among the pairs). Counting the devices of one tag by looking each up took
 * 20 ms at 100,000 devices on SQLite and 30 ms on PostgreSQL; the pairs 0.3 and 1.3 ms.
 *
 * The page then has two plans, and the statement picks one by that number. With many matches (a role on 5% of the
 * devices) the order's index is walked and each row is tested until the page is full: about `page × rows / matches`
 * rows. With few, the matches are fetched and sorted: one fetch each, which costs about sixteen walked rows here, so
 * the statement walks when `16 × matches² > page × rows` (`listSql`).
 * Neither database can make this choice when the related rows are named by a condition, as the filters name them:
 * both plan for an average value. At 100,000 devices, PostgreSQL walked all of them for a tag on three devices (0.7 s)
 * and SQLite for a role on three (49 ms), where a fetch takes 0.03 ms; and SQLite fetched and sorted the 5,000
 * devices of a common tag (23 ms), where walking takes 2.
 */
export interface SoleRelation {
  link: Link;
  where: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The list's one relation condition, when it is its only condition and of a kind written here; otherwise null. */
export function soleRelation(index: ModelIndex, model: string, where: Where): SoleRelation | null {
  let sole: unknown = where;
  for (;;) {
    if (!isObject(sole)) return null;
    const entries = Object.entries(sole).filter(([, v]) => v !== undefined);
    if (entries.length !== 1) return null;
    const [key, value] = entries[0]!;
    if (key === 'AND') {
      const list = Array.isArray(value) ? value : [value];
      if (list.length !== 1) return null;
      sole = list[0];
      continue;
    }
    if (index.field(model, key)?.kind !== 'object' || !isObject(value)) return null;
    const link = index.link(model, key);
    const ops = Object.entries(value).filter(([, v]) => v !== undefined);
    // Many-to-many: `{ tags: { some: … } }`.
    if (link.via) return ops.length === 1 && ops[0]![0] === 'some' ? { link, where: ops[0]![1] } : null;
    // A reference held by a foreign key on the listed row: `{ role: … }` or `{ role: { is: … } }`.
    if (link.list || link.parentColumn === 'id') return null;
    if (ops.some(([op]) => op === 'isNot')) return null;
    const is = ops.find(([op]) => op === 'is');
    if (!is) return { link, where: value };
    return ops.length === 1 && isObject(is[1]) ? { link, where: is[1] } : null;
  }
}

/** The SQL of a sole relation condition over the listed rows of `model` aliased `alias`. */
export function soleRelationSql(st: Statement, index: ModelIndex, model: string, { link, where }: SoleRelation, alias: string) {
  const { within, countOf } = st.dialect;
  const sqlite = st.dialect.provider === 'sqlite';
  /** The related rows that meet the condition. */
  const related = () => {
    const t = st.alias();
    return `SELECT ${t}."id" FROM ${ident(link.target)} ${t} WHERE ${whereSql(st, index, link.target, t, where)}`;
  };
  if (link.via) {
    const { table, parent, target } = link.via;
    /**
     * The pairs whose related row meets the condition, as `what` of their table aliased `$j`. PostgreSQL reads the
     * related ids as an array and looks each up in the table's index on the related column (as a join, it scanned
     * the whole table for one tag); SQLite, given `IN (SELECT …)` there, scanned it too, and joins instead.
     */
    const pairs = (what: string) => {
      const j = st.alias();
      const selected = what.replaceAll('$j', j);
      if (!sqlite) return `SELECT ${selected} FROM ${ident(table)} ${j} WHERE ${j}.${ident(target)} ${within(related())}`;
      const t = st.alias();
      return `SELECT ${selected} FROM ${ident(table)} ${j} JOIN ${ident(link.target)} ${t} ON ${t}."id" = ${j}.${ident(target)} WHERE ${whereSql(st, index, link.target, t, where)}`;
    };
    const matches = `(SELECT n FROM ${st.table(pairs(`${countOf('*')} AS n`))})`;
    const j = st.alias();
    return {
      matches,
      count: () => `CASE WHEN (SELECT count(*) FROM (${related()} LIMIT 2) r) <= 1 THEN ${matches} ELSE (${pairs(countOf(`DISTINCT $j.${ident(parent)}`))}) END`,
      /** The listed row has a pair: probed through the implicit table's index on (parent, target). */
      walk: () => `EXISTS (SELECT 1 FROM ${ident(table)} ${j} WHERE ${j}.${ident(parent)} = ${alias}."id" AND ${j}.${ident(target)} ${within(related())})`,
      /** The listed row is one of the pairs' rows, fetched by id. */
      fetch: () => `${alias}."id" ${within(pairs(`$j.${ident(parent)}`))}`,
    };
  }
  const column = ident(link.parentColumn);
  const y = st.alias();
  const matches = `(SELECT n FROM ${st.table(`SELECT ${countOf('*')} AS n FROM ${ident(model)} ${y} WHERE ${y}.${column} IN (${related()})`)})`;
  const z = st.alias();
  return {
    matches,
    count: () => matches,
    // The foreign key's index is kept out of the walk: on SQLite by the unary plus; PostgreSQL walks a column
    // compared with an array it cannot see into.
    walk: () => (sqlite ? `+${alias}.${column} IN (${related()})` : `${alias}.${column} ${within(related())}`),
    // The matches read from the foreign key's index, each row then fetched: by rowid on SQLite (the index holds it,
    // so reading it beats a scan in SQLite's own reckoning), by id on PostgreSQL.
    fetch: () => {
      const key = sqlite ? 'rowid' : '"id"';
      return `${alias}.${key} ${within(`SELECT ${z}.${key} FROM ${ident(model)} ${z} WHERE ${z}.${column} ${within(related())}`)}`;
    },
  };
}
