/**
 * Row counts PostgreSQL keeps for the list pages (`totalCount` of an unfiltered list). An exact `count(*)` reads
 * every entry of an index: 11 ms for 100,000 devices on this project's bench machine, where the page itself takes 4.
 * Here each counted table has statement-level triggers that add the number of rows an INSERT or DELETE changed to
 * a small table, in the writer's own transaction, and a TRUNCATE empties it. The count is then the sum of that
 * table's rows for the model, which a statement sees as of the same snapshot as the rows it lists: exact, for
 * writes through the API and for any other SQL (psql, COPY, a bulk load, a cascading delete).
 *
 * Each write adds one row of its own, so that concurrent writers never wait on one counter; about one write in 32
 * folds the table's committed rows into one (under an advisory lock taken with try, so none waits for it).
 *
 * SQLite needs none of this: it counts a table without a WHERE from its smallest index in well under a millisecond.
 */
import type { Logger } from '../logger.ts';
import { isPlainName, quote, type RawClient, type RawSql } from './search-index.ts';

/** The table of counted changes: one row per write statement (or folded sum) and model table. */
export const ROW_COUNTS_TABLE = '_fathom_row_counts';

/** The triggers on each counted table, and the functions they run (both names carry the same suffix). */
const EVENTS = [
  { event: 'INSERT', name: '_fathom_count_added', transition: 'REFERENCING NEW TABLE AS changed ' },
  { event: 'DELETE', name: '_fathom_count_removed', transition: 'REFERENCING OLD TABLE AS changed ' },
  { event: 'TRUNCATE', name: '_fathom_count_emptied', transition: '' },
] as const;

/** The first key of the advisory locks taken here (the second is the table's). */
const LOCK_CLASS = 0x4641_5443; // "FATC"

/** How often, as a probability per write statement, the writer folds the table's rows into one. */
const FOLD_EVERY = 1 / 32;


/** The function bodies, with the schema's name written in: a trigger fires whatever the writer's search_path. */
function functionBodies(schema: string): Record<(typeof EVENTS)[number]['name'], string> {
  const counts = `${quote(schema)}.${quote(ROW_COUNTS_TABLE)}`;
  const fold = `
  IF random() < ${FOLD_EVERY} AND pg_try_advisory_xact_lock(${LOCK_CLASS}, hashtext(TG_TABLE_NAME)) THEN
    WITH folded AS (DELETE FROM ${counts} WHERE "table" = TG_TABLE_NAME RETURNING "delta")
    INSERT INTO ${counts} ("table", "delta") SELECT TG_TABLE_NAME, coalesce(sum("delta"), 0) FROM folded;
  END IF;`;
  const add = (sign: '' | '-') => `
BEGIN
  INSERT INTO ${counts} ("table", "delta") SELECT TG_TABLE_NAME, ${sign}count(*) FROM changed HAVING count(*) > 0;${fold}
  RETURN NULL;
END
`;
  return {
    _fathom_count_added: add(''),
    _fathom_count_removed: add('-'),
    _fathom_count_emptied: `
BEGIN
  DELETE FROM ${counts} WHERE "table" = TG_TABLE_NAME;
  RETURN NULL;
END
`,
  };
}

/** The subquery that gives a counted table's row count, for a statement's SELECT list. */
export function maintainedCountSql(table: string): string {
  if (!isPlainName(table)) throw new Error(`not a plain table name: ${table}`);
  return `(SELECT coalesce(sum(rc."delta"), 0)::int FROM ${quote(ROW_COUNTS_TABLE)} rc WHERE rc."table" = '${table}')`;
}

interface CatalogState {
  schema: string;
  tables: Set<string>;
  hasCounts: boolean;
  functions: Map<string, string>;
  /** Table → the names of its enabled count triggers. */
  triggers: Map<string, Set<string>>;
}

/** The trigger and function names, as an SQL list. */
const EVENT_NAMES = EVENTS.map((e) => `'${e.name}'`).join(', ');

async function readState(db: RawSql): Promise<CatalogState> {
  const here = '(SELECT oid FROM pg_namespace WHERE nspname = current_schema())';
  const rows = await db.$queryRawUnsafe<Array<{ kind: string; name: string; detail: string | null }>>(
    `SELECT 'schema' AS kind, current_schema() AS name, NULL AS detail
     UNION ALL SELECT 'table', c.relname, NULL FROM pg_class c WHERE c.relnamespace = ${here} AND c.relkind = 'r'
     UNION ALL SELECT 'function', p.proname, p.prosrc FROM pg_proc p WHERE p.pronamespace = ${here} AND p.proname IN (${EVENT_NAMES})
     UNION ALL SELECT 'trigger', c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE c.relnamespace = ${here} AND t.tgenabled <> 'D' AND t.tgname IN (${EVENT_NAMES})`,
  );
  const state: CatalogState = { schema: '', tables: new Set(), hasCounts: false, functions: new Map(), triggers: new Map() };
  for (const row of rows) {
    if (row.kind === 'schema') state.schema = row.name;
    else if (row.kind === 'table') state.tables.add(row.name);
    else if (row.kind === 'function') state.functions.set(row.name, row.detail ?? '');
    else if (row.kind === 'trigger') state.triggers.set(row.name, (state.triggers.get(row.name) ?? new Set()).add(row.detail ?? ''));
  }
  state.hasCounts = state.tables.has(ROW_COUNTS_TABLE);
  return state;
}

/** The advisory lock the set-up and the check take, so that processes starting together take turns. */
const SETUP_LOCK = `SELECT pg_advisory_xact_lock(${LOCK_CLASS + 1}, 0)`;

/** Most time one step of the set-up may take: counting a table of millions of rows from scratch. */
const SYNC_TIMEOUT_MS = 10 * 60_000;

/**
 * Count `table` from scratch and put its triggers in place, in a transaction of its own that holds no other
 * table's lock: writers to it wait for the count, and none can be waiting on this one for another table (so the
 * two never deadlock). `stillNeeded` is asked again under the lock, for a process that started beside this one.
 */
async function recount(db: RawClient, table: string, stillNeeded: (tx: RawSql) => Promise<boolean>): Promise<void> {
  await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(SETUP_LOCK);
      if (!(await stillNeeded(tx))) return;
      // Every step below takes this lock and no stronger one (a DROP TRIGGER would want ACCESS EXCLUSIVE, and wait
      // for a writer that only holds a foreign key's share lock on this table while it waits for this one).
      await tx.$executeRawUnsafe(`LOCK TABLE ${quote(table)} IN SHARE ROW EXCLUSIVE MODE`);
      const present = new Map(
        (
          await tx.$queryRawUnsafe<Array<{ name: string; enabled: string }>>(
            `SELECT tgname AS name, tgenabled::text AS enabled FROM pg_trigger WHERE tgrelid = $1::regclass AND tgname IN (${EVENT_NAMES})`,
            quote(table),
          )
        ).map((r) => [r.name, r.enabled]),
      );
      await tx.$executeRawUnsafe(`DELETE FROM ${quote(ROW_COUNTS_TABLE)} WHERE "table" = $1`, table);
      await tx.$executeRawUnsafe(`INSERT INTO ${quote(ROW_COUNTS_TABLE)} ("table", "delta") SELECT $1, count(*) FROM ${quote(table)}`, table);
      for (const e of EVENTS) {
        const state = present.get(e.name);
        if (state === undefined) {
          await tx.$executeRawUnsafe(`CREATE TRIGGER ${quote(e.name)} AFTER ${e.event} ON ${quote(table)} ${e.transition}FOR EACH STATEMENT EXECUTE FUNCTION ${quote(e.name)}()`);
        } else if (state === 'D') await tx.$executeRawUnsafe(`ALTER TABLE ${quote(table)} ENABLE TRIGGER ${quote(e.name)}`);
      }
    },
    { timeout: SYNC_TIMEOUT_MS },
  );
}

/**
 * Put the counts in place at start, on PostgreSQL: the table and its functions, and the triggers of each of `wanted`
 * (tables not migrated yet are left out). A table whose triggers are missing or disabled (made again by a migration,
 * say) is counted from scratch. When all is in place this is one catalog query. Returns the tables whose counts can
 * be read.
 */
export async function syncRowCounts(db: RawClient, wanted: readonly string[]): Promise<Set<string>> {
  const plain = wanted.filter((t) => isPlainName(t) && t !== ROW_COUNTS_TABLE);
  const functionsOk = (s: CatalogState) => {
    const bodies = functionBodies(s.schema);
    return s.hasCounts && EVENTS.every((e) => s.functions.get(e.name) === bodies[e.name]);
  };
  const missing = (s: CatalogState) => plain.filter((t) => s.tables.has(t) && !EVENTS.every((e) => s.triggers.get(t)?.has(e.name)));
  const state = await readState(db);
  if (!functionsOk(state)) {
    await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(SETUP_LOCK);
        // Another process may have done it while this one waited.
        const now = await readState(tx);
        if (functionsOk(now)) return;
        await tx.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS ${quote(ROW_COUNTS_TABLE)} ("table" text NOT NULL, "delta" bigint NOT NULL)`);
        await tx.$executeRawUnsafe(`CREATE INDEX IF NOT EXISTS ${quote(`${ROW_COUNTS_TABLE}_table`)} ON ${quote(ROW_COUNTS_TABLE)} ("table")`);
        const bodies = functionBodies(now.schema);
        for (const e of EVENTS) await tx.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION ${quote(e.name)}() RETURNS trigger LANGUAGE plpgsql AS $fathom$${bodies[e.name]}$fathom$`);
      },
      { timeout: SYNC_TIMEOUT_MS },
    );
  }
  for (const table of missing(state)) await recount(db, table, async (tx) => missing(await readState(tx)).includes(table));
  return new Set(plain.filter((t) => state.tables.has(t)));
}

/**
 * Compare each maintained count with `count(*)`, both as of one snapshot, and count again from scratch any that
 * drifted: writes made while triggers were switched off (`session_replication_role = replica`, a data-only restore
 * with `--disable-triggers`) are not counted. Runs after start, off the path to serving. Returns the tables put right.
 */
export async function checkRowCounts(db: RawClient, tables: ReadonlySet<string>, log: Logger): Promise<string[]> {
  if (tables.size === 0) return [];
  const arms = [...tables].map((t) => `SELECT '${t}' AS "table", (SELECT count(*) FROM ${quote(t)})::bigint AS "actual", ${maintainedCountSql(t)}::bigint AS "kept"`);
  const rows = await db.$queryRawUnsafe<Array<{ table: string; actual: bigint; kept: bigint }>>(arms.join(' UNION ALL '));
  const drifted = rows.filter((r) => BigInt(r.actual) !== BigInt(r.kept)).map((r) => r.table);
  for (const table of drifted) {
    log.warn({ table }, 'the kept row count of a table differed from its rows (written with its triggers off?); counting it again');
    await recount(db, table, async () => true);
  }
  return drifted;
}
