/**
 * Planner statistics, kept fresh by the server on both databases.
 *
 * PostgreSQL: autovacuum analyzes a table once 50 rows and a tenth of the table have changed since the last time; a
 * table of twenty manufacturers, roles or tags never gets there, and the planner then guesses its size and spread
 * (390 rows for a table of one page). In the bench at 100,000 devices, that guess made a filter on the devices'
 * manufacturer fetch all 5,000 matching devices and sort them for a page of 50 (12 ms) where, with statistics, it
 * walks the name index (0.6 ms). So, after start and off the path to serving, each listed table without a threshold
 * of its own gets `autovacuum_analyze_threshold = 10`: autovacuum then analyzes a small table after ten changed
 * rows, within its nap time; for a large table the tenth still governs. A threshold an operator has set stays as it
 * is. A table that has never been analyzed, by anyone, is analyzed once.
 *
 * SQLite has no autovacuum and nothing analyzes its tables unless asked: without statistics, a page of the devices
 * of one role at 100,000 devices sorted all 5,000 of them by name (4–13 ms), and with them it walks the name index
 * (0.4 ms). The server analyzes each listed table that has rows and no statistics, or whose rows have halved or
 * doubled since (and by ten rows or more), at start and every ten minutes, each `ANALYZE` bounded to a sample
 * (`PRAGMA analysis_limit`).
 */
import type { Logger } from '../logger.ts';
import { isPlainName, quote, type RawSql } from './search-index.ts';

/** Changed rows after which autovacuum analyzes a small table again (PostgreSQL's default is 50). */
export const ANALYZE_THRESHOLD = 10;


/** What was done: the tables given a threshold, and the tables analyzed. */
export interface StatisticsKept {
  thresholds: string[];
  analyzed: string[];
}

/** PostgreSQL's side, once after start. */
export async function keepPlannerStatistics(db: RawSql, tables: ReadonlySet<string>, log: Logger): Promise<StatisticsKept> {
  const wanted = [...tables].filter(isPlainName);
  const kept: StatisticsKept = { thresholds: [], analyzed: [] };
  if (wanted.length === 0) return kept;
  const rows = await db.$queryRawUnsafe<Array<{ name: string; options: string; analyzed: boolean }>>(
    `SELECT c.relname AS name, coalesce(array_to_string(c.reloptions, ','), '') AS options,
            (s.last_analyze IS NOT NULL OR s.last_autoanalyze IS NOT NULL) AS analyzed
       FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
      WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND c.relkind = 'r' AND c.relname = ANY($1::text[])`,
    wanted,
  );
  for (const row of rows) {
    try {
      if (!row.options.split(',').some((o) => o.startsWith('autovacuum_analyze_threshold='))) {
        await db.$executeRawUnsafe(`ALTER TABLE ${quote(row.name)} SET (autovacuum_analyze_threshold = ${ANALYZE_THRESHOLD})`);
        kept.thresholds.push(row.name);
      }
      if (!row.analyzed) {
        await db.$executeRawUnsafe(`ANALYZE ${quote(row.name)}`);
        kept.analyzed.push(row.name);
      }
    } catch (err) {
      // A database user who does not own the table may not do either; the planner then keeps its guesses.
      log.warn({ err, table: row.name }, "the table's planner statistics could not be kept fresh (does the database user own it?)");
    }
  }
  return kept;
}

/** Rows an SQLite `ANALYZE` reads of each index at most: statistics close enough, in milliseconds at any size. */
const SQLITE_ANALYSIS_LIMIT = 2000;

/** SQLite's side: the listed tables analyzed now, for want of statistics or for having grown or shrunk since. */
export async function keepSqliteStatistics(db: RawSql, tables: ReadonlySet<string>, log: Logger): Promise<string[]> {
  const wanted = [...tables].filter(isPlainName);
  // sqlite_stat1 exists once anything was analyzed; its `stat` starts with the table's rows at the time.
  const known = new Map<string, number>();
  const stats = await db.$queryRawUnsafe<Array<{ tbl: string; stat: string }>>("SELECT tbl, stat FROM sqlite_stat1").catch(() => []);
  for (const row of stats) known.set(row.tbl, Math.max(known.get(row.tbl) ?? 0, Number.parseInt(String(row.stat), 10) || 0));
  const analyzed: string[] = [];
  for (const table of wanted) {
    const rows = Number((await db.$queryRawUnsafe<Array<{ n: number | bigint }>>(`SELECT count(*) AS n FROM ${quote(table)}`))[0]?.n ?? 0);
    const then = known.get(table);
    const stale = then === undefined ? rows > 0 : Math.abs(rows - then) >= ANALYZE_THRESHOLD && (rows > then * 2 || rows * 2 < then);
    if (!stale) continue;
    try {
      if (analyzed.length === 0) await db.$queryRawUnsafe(`PRAGMA analysis_limit = ${SQLITE_ANALYSIS_LIMIT}`);
      await db.$executeRawUnsafe(`ANALYZE ${quote(table)}`);
      analyzed.push(table);
    } catch (err) {
      log.warn({ err, table }, "the table's planner statistics could not be brought up to date");
    }
  }
  return analyzed;
}

/** How often the server looks at SQLite's statistics again. */
const SQLITE_EVERY_MS = 10 * 60_000;

export interface PlannerStatistics {
  /** Settles when the first look after start is done (tests wait for it before they count statements). */
  ready: Promise<void>;
  /** Bring the statistics up to date now (what the server does after start and, on SQLite, every ten minutes). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/** The statistics upkeep of a server, started once `after` has settled (the start's other work on the tables). */
export function plannerStatistics(db: RawSql, provider: 'sqlite' | 'postgresql', tables: readonly string[], log: Logger, after: Promise<unknown>): PlannerStatistics {
  const listed = new Set(tables);
  let running: Promise<void> = Promise.resolve();
  const refresh = () => {
    running = running
      .then(async () => {
        if (provider === 'postgresql') await keepPlannerStatistics(db, listed, log);
        else await keepSqliteStatistics(db, listed, log);
      })
      .catch((err: unknown) => log.warn({ err }, 'keeping the planner statistics fresh failed'));
    return running;
  };
  let closed = false;
  const timer = provider === 'sqlite' ? setInterval(() => void refresh(), SQLITE_EVERY_MS) : null;
  timer?.unref();
  const ready = after.then(() => (closed ? undefined : refresh())).catch(() => {});
  return {
    ready,
    refresh,
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await ready;
      await running;
    },
  };
}
