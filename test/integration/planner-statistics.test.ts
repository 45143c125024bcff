import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, testConfig, type TestDatabase } from '../harness.ts';
import { postUpgrade } from '../../server/src/post-upgrade.ts';
import { createLogger } from '../../server/src/logger.ts';
import { ANALYZE_THRESHOLD, keepPlannerStatistics, keepSqliteStatistics } from '../../server/src/db/planner-statistics.ts';

/**
 * Small tables' planner statistics on PostgreSQL (server/src/db/planner-statistics.ts): after start, each listed
 * table has an analyze threshold autovacuum reaches at a few rows, an operator's own threshold is kept, and a table
 * never analyzed has been.
 */
describe('planner statistics on postgresql', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  const table = async (name: string) =>
    (await sql.query<{ options: string[] | null; tuples: number }>(`SELECT reloptions AS options, reltuples::float8 AS tuples FROM pg_class WHERE oid = $1::regclass`, [`"${name}"`])).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase('postgresql', 'planner-stats');
    await postUpgrade(testConfig(db), createLogger('silent'), () => {}, { buildWeb: false });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await db?.drop();
  });

  it('gives each listed table a low analyze threshold and analyzes those never analyzed, keeping an operator setting', async () => {
    for (let i = 0; i < 3; i += 1) await sql.query(`INSERT INTO "Tag" (id, name, "lastUpdated") VALUES ($1, $1, now())`, [`tag-${i}`]);
    await sql.query('ALTER TABLE "Role" SET (autovacuum_analyze_threshold = 500)');
    // As migrated: never analyzed, so the planner knows nothing of the tags (-1 is "never analyzed").
    expect((await table('Tag'))?.tuples).toBe(-1);

    const t = await bootApp(testConfig(db));
    await t.close(); // closing waits for the work that follows start

    expect((await table('Tag'))?.options).toContain(`autovacuum_analyze_threshold=${ANALYZE_THRESHOLD}`);
    // What ANALYZE found: the tags, with any a bundled plugin made at start.
    const tags = Number((await sql.query('SELECT count(*) AS n FROM "Tag"')).rows[0].n);
    expect(tags).toBeGreaterThanOrEqual(3);
    expect((await table('Tag'))?.tuples).toBe(tags);
    expect((await table('Device'))?.options).toContain(`autovacuum_analyze_threshold=${ANALYZE_THRESHOLD}`);
    expect((await table('Device'))?.tuples).toBe(0);
    expect((await table('Role'))?.options).toEqual(['autovacuum_analyze_threshold=500']);
    // The next start has nothing to do.
    const prisma = { $queryRawUnsafe: (s: string, ...v: unknown[]) => sql.query(s, v).then((r) => r.rows), $executeRawUnsafe: (s: string) => sql.query(s).then((r) => r.rowCount ?? 0) };
    expect(await keepPlannerStatistics(prisma as never, new Set(['Tag', 'Device', 'Role']), createLogger('silent'))).toEqual({ thresholds: [], analyzed: [] });
  });
});

/**
 * On SQLite, which analyzes nothing by itself, the server analyzes a listed table that has rows and no statistics,
 * or whose rows halved or doubled since; `statistics.refresh()` is what its ten-minute timer runs.
 */
describe('planner statistics on sqlite', () => {
  let db: TestDatabase;
  let t: Awaited<ReturnType<typeof bootApp>>;
  const rowsSeen = async (table: string) => {
    const rows = await t.prisma.$queryRawUnsafe<Array<{ stat: string }>>("SELECT stat FROM sqlite_stat1 WHERE tbl = ? AND idx IS NOT NULL", table).catch(() => []);
    return rows.length === 0 ? null : Number.parseInt(rows[0]!.stat, 10);
  };
  const tags = async (n: number, from: number) => {
    for (let i = from; i < from + n; i += 1) await t.prisma.tag.create({ data: { name: `stat-tag-${i}` } });
  };

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'planner-stats');
    t = await bootApp(testConfig(db));
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('analyzes a table with rows and no statistics, again when it has grown, and leaves it be otherwise', async () => {
    const before = await rowsSeen('Tag');
    await tags(30, 0);
    await t.runtime.statistics.refresh();
    const count = await t.prisma.tag.count();
    expect(before).not.toBe(count);
    expect(await rowsSeen('Tag')).toBe(count);
    // Nothing to do a second time; a few rows more is not enough either.
    await tags(5, 30);
    expect(await keepSqliteStatistics(t.prisma, new Set(['Tag']), createLogger('silent'))).toEqual([]);
    // Doubled: analyzed again.
    await tags(40, 35);
    expect(await keepSqliteStatistics(t.prisma, new Set(['Tag']), createLogger('silent'))).toEqual(['Tag']);
    expect(await rowsSeen('Tag')).toBe(await t.prisma.tag.count());
  });
});
