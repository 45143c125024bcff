import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildSite } from '../fixtures/network.ts';
import { checkRowCounts, ROW_COUNTS_TABLE, syncRowCounts } from '../../server/src/db/row-counts.ts';
import { SQL_READ_MARK } from '../../server/src/schema/sql-read/execute.ts';
import { postUpgrade } from '../../server/src/post-upgrade.ts';
import { createLogger } from '../../server/src/logger.ts';

/**
 * The row counts PostgreSQL keeps for an unfiltered list's `totalCount` (server/src/db/row-counts.ts): whatever
 * writes the rows (the API, plain SQL on another connection, a cascade, a rolled-back transaction, TRUNCATE), the
 * count the API answers is the table's `count(*)`, and the read takes it from the kept count instead of the rows.
 */
describe('kept row counts on postgresql', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: pg.Client;
  let site: Awaited<ReturnType<typeof buildSite>>;

  const device = (name: string) => ({ name, locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId });
  /** The API's totalCount of devices, and the statements of its read. */
  const apiCount = async (headers?: Record<string, string>) => {
    t.runtime.queries.statements = [];
    const res = headers ? await t.gqlWith<{ devices: { totalCount: number } }>(headers, '{ devices(first: 1) { totalCount } }') : await t.gql<{ devices: { totalCount: number } }>('{ devices(first: 1) { totalCount } }');
    // The read's own statement (authentication may add its look-ups on a cold token).
    const statements = t.runtime.queries.statements?.filter((s) => s.includes(SQL_READ_MARK));
    t.runtime.queries.statements = undefined;
    expect(res.errors).toBeUndefined();
    return { total: res.data?.devices.totalCount, statements };
  };
  const rowCount = async (table: string) => Number((await sql.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
  const kept = async (table: string) => Number((await sql.query(`SELECT coalesce(sum(delta), 0) AS n FROM "${ROW_COUNTS_TABLE}" WHERE "table" = $1`, [table])).rows[0].n);
  const expectTrue = async () => {
    const actual = await rowCount('Device');
    expect(await kept('Device')).toBe(actual);
    expect((await apiCount()).total).toBe(actual);
  };

  beforeAll(async () => {
    db = await createTestDatabase('postgresql', 'row-counts');
    t = await bootApp(testConfig(db));
    site = await buildSite(t.prisma, 'Count site');
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
    await db?.drop();
  });

  it('keeps a count for every listed model, and the unfiltered totalCount reads it instead of the rows', async () => {
    for (const table of t.runtime.countedTables) expect(await kept(table)).toBe(await rowCount(table));
    expect(t.runtime.countedTables).toContain('Device');
    expect(t.runtime.countedTables).toContain('Interface');
    // A plugin's model is counted too.
    expect([...t.runtime.countedTables].some((m) => m.startsWith('Example'))).toBe(true);
    await t.prisma.device.createMany({ data: [device('count-a'), device('count-b')] });
    const { total, statements } = await apiCount();
    expect(total).toBe(2);
    expect(statements).toHaveLength(1);
    expect(statements?.[0]).toContain(ROW_COUNTS_TABLE);
    expect(statements?.[0]).not.toMatch(/count\(\*\)/);
  });

  it('still counts the rows when the list is filtered or the caller sees only some of them', async () => {
    t.runtime.queries.statements = [];
    const res = await t.gql<{ devices: { totalCount: number } }>('{ devices(filter: { name: ["count-a"] }) { totalCount } }');
    const statements = t.runtime.queries.statements;
    t.runtime.queries.statements = undefined;
    expect(res.data?.devices.totalCount).toBe(1);
    expect(statements?.join('\n')).not.toContain(ROW_COUNTS_TABLE);
    const viewer = await t.user({ username: 'count-viewer', permissions: [{ actions: ['view'], contentTypes: ['dcim.device'], constraints: { name: 'count-b' } }] });
    const constrained = await apiCount(viewer.headers);
    expect(constrained.total).toBe(1);
    expect(constrained.statements?.join('\n')).not.toContain(ROW_COUNTS_TABLE);
  });

  it('is read by the resolvers too, when the root field is not answered in one statement', async () => {
    // A directive on the root field sends it to the resolvers (Prisma), whose totalCount then reads the kept count.
    const query = (filter: string) => `{ devices(first: 1${filter}) @include(if: true) { totalCount } }`;
    t.runtime.queries.statements = [];
    const res = await t.gql<{ devices: { totalCount: number } }>(query(''));
    const statements = t.runtime.queries.statements ?? [];
    t.runtime.queries.statements = undefined;
    expect(res.data?.devices.totalCount).toBe(await rowCount('Device'));
    expect(statements.some((s) => s.includes(SQL_READ_MARK))).toBe(false);
    expect(statements.filter((s) => s.includes(ROW_COUNTS_TABLE))).toHaveLength(1);
    expect(statements.some((s) => /count\(\*\)|COUNT\(/i.test(s) && s.includes('"Device"'))).toBe(false);
    t.runtime.queries.statements = [];
    const filtered = await t.gql<{ devices: { totalCount: number } }>(query(', filter: { name: ["count-b"] }'));
    const counted = t.runtime.queries.statements ?? [];
    t.runtime.queries.statements = undefined;
    expect(filtered.data?.devices.totalCount).toBe(1);
    expect(counted.some((s) => s.includes(ROW_COUNTS_TABLE))).toBe(false);
  });

  it('follows writes through the API: one create, a bulk create, a delete, a bulk delete', async () => {
    const one = await t.gql<{ createDevice: { device: { id: string } } }>(
      'mutation($i: CreateDeviceInput!) { createDevice(input: $i) { device { id } } }',
      { i: device('count-api') },
    );
    expect(one.errors).toBeUndefined();
    await expectTrue();
    const many = await t.gql<{ bulkCreateDevice: { ok: boolean; results: Array<{ device: { id: string } }> } }>(
      'mutation($i: [CreateDeviceInput!]!) { bulkCreateDevice(inputs: $i) { ok results { device { id } } } }',
      { i: [device('count-bulk-1'), device('count-bulk-2'), device('count-bulk-3')] },
    );
    expect(many.data?.bulkCreateDevice.ok).toBe(true);
    await expectTrue();
    await t.gql('mutation($id: ID!) { deleteDevice(id: $id) { ok } }', { id: one.data?.createDevice.device.id });
    await expectTrue();
    const ids = many.data?.bulkCreateDevice.results.map((r) => r.device.id);
    await t.gql('mutation($ids: [ID!]!) { bulkDeleteDevice(ids: $ids) { ok } }', { ids });
    await expectTrue();
  });

  it('follows plain SQL on another connection, cascades, rollbacks and TRUNCATE', async () => {
    const before = await rowCount('Device');
    // A bulk load of 500 rows in one statement, as an operator's script would.
    await sql.query(
      `INSERT INTO "Device" ("id", "name", "locationId", "deviceTypeId", "roleId", "statusId", "lastUpdated")
       SELECT gen_random_uuid()::text, 'sql-' || g, $1, $2, $3, $4, now() FROM generate_series(1, 500) g`,
      [site.siteId, site.deviceTypeId, site.roleId, site.statusId],
    );
    expect((await apiCount()).total).toBe(before + 500);
    await expectTrue();
    // Interfaces go with their device: the cascade's deletes are counted on the interface table.
    const [host] = (await sql.query(`SELECT id FROM "Device" WHERE name = 'sql-1'`)).rows as Array<{ id: string }>;
    await sql.query(`INSERT INTO "Interface" ("id", "name", "deviceId", "lastUpdated") SELECT gen_random_uuid()::text, 'eth' || g, $1, now() FROM generate_series(1, 7) g`, [host?.id]);
    const interfaces = await rowCount('Interface');
    expect(await kept('Interface')).toBe(interfaces);
    await sql.query(`DELETE FROM "Device" WHERE id = $1`, [host?.id]);
    expect(await rowCount('Interface')).toBe(interfaces - 7);
    expect(await kept('Interface')).toBe(interfaces - 7);
    await expectTrue();
    // What a rolled-back transaction wrote is not counted.
    await sql.query('BEGIN');
    await sql.query(`DELETE FROM "Device" WHERE name LIKE 'sql-%'`);
    await sql.query('ROLLBACK');
    await expectTrue();
    // TRUNCATE of the interfaces (the device table is referenced, so it is left alone here).
    await sql.query('TRUNCATE "Interface" CASCADE');
    expect(await kept('Interface')).toBe(0);
    expect(await rowCount('Interface')).toBe(0);
  });

  it('stays exact under concurrent writers, and folds its rows as writes go on', async () => {
    const clients = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const c = new pg.Client({ connectionString: db.url });
        await c.connect();
        return c;
      }),
    );
    try {
      await Promise.all(
        clients.map(async (c, k) => {
          for (let i = 0; i < 120; i += 1) {
            await c.query(
              `INSERT INTO "Device" ("id", "name", "locationId", "deviceTypeId", "roleId", "statusId", "lastUpdated") VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, now())`,
              [`conc-${k}-${i}`, site.siteId, site.deviceTypeId, site.roleId, site.statusId],
            );
            if (i % 3 === 0) await c.query(`DELETE FROM "Device" WHERE name = $1`, [`conc-${k}-${i}`]);
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    await expectTrue();
    // 960 write statements: one row each, had none been folded (a fold comes about once in 32 writes).
    const rows = Number((await sql.query(`SELECT count(*) AS n FROM "${ROW_COUNTS_TABLE}" WHERE "table" = 'Device'`)).rows[0].n);
    expect(rows).toBeLessThan(400);
  });

  it('counts a table again whose triggers were dropped or switched off, and puts a drifted count right', async () => {
    await sql.query('ALTER TABLE "Device" DISABLE TRIGGER "_fathom_count_added"');
    await sql.query(`INSERT INTO "Device" ("id", "name", "locationId", "deviceTypeId", "roleId", "statusId", "lastUpdated") VALUES (gen_random_uuid()::text, 'uncounted', $1, $2, $3, $4, now())`, [
      site.siteId,
      site.deviceTypeId,
      site.roleId,
      site.statusId,
    ]);
    expect(await kept('Device')).toBe((await rowCount('Device')) - 1);
    // The next start finds the trigger off and counts the table again.
    await syncRowCounts(t.prisma, ['Device']);
    await expectTrue();
    const enabled = (await sql.query(`SELECT tgenabled FROM pg_trigger WHERE tgname = '_fathom_count_added' AND tgrelid = '"Device"'::regclass`)).rows[0];
    expect(enabled.tgenabled).toBe('O');
    // A count that drifted with its triggers in place (written with session_replication_role = replica, say).
    await sql.query(`INSERT INTO "${ROW_COUNTS_TABLE}" ("table", "delta") VALUES ('Device', 5)`);
    const warnings: string[] = [];
    const log = createLogger('silent');
    const watched = { ...log, warn: (obj: unknown, msg?: string) => void warnings.push(String(msg ?? obj)) } as typeof log;
    expect(await checkRowCounts(t.prisma, new Set(['Device', 'Interface']), watched)).toEqual(['Device']);
    expect(warnings).toHaveLength(1);
    await expectTrue();
    expect(await checkRowCounts(t.prisma, new Set(['Device']), watched)).toEqual([]);
  });

  it('counts tables again one transaction each, so a writer across two of them is never deadlocked with it', async () => {
    for (const table of ['Device', 'Interface']) await sql.query(`DROP TRIGGER "_fathom_count_added" ON "${table}"`);
    const writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
    try {
      const host = await t.prisma.device.create({ data: device('deadlock-host') });
      // The writer holds the interface table, then wants the device table.
      await writer.query('BEGIN');
      await writer.query(`INSERT INTO "Interface" ("id", "name", "deviceId", "lastUpdated") VALUES (gen_random_uuid()::text, 'held', $1, now())`, [host.id]);
      const synced = syncRowCounts(t.prisma, ['Device', 'Interface']);
      // Wait until the set-up waits for the interface table (the device table is counted first).
      for (let i = 0; i < 200; i += 1) {
        const waiting = await sql.query(`SELECT 1 FROM pg_locks WHERE NOT granted AND relation = '"Interface"'::regclass`);
        if (waiting.rowCount) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      // Holding both tables in one transaction, the set-up would now hold the device table: deadlock.
      await writer.query(`INSERT INTO "Device" ("id", "name", "locationId", "deviceTypeId", "roleId", "statusId", "lastUpdated") VALUES (gen_random_uuid()::text, 'across', $1, $2, $3, $4, now())`, [
        site.siteId,
        site.deviceTypeId,
        site.roleId,
        site.statusId,
      ]);
      await writer.query('COMMIT');
      await synced;
    } finally {
      await writer.end();
    }
    await expectTrue();
    expect(await kept('Interface')).toBe(await rowCount('Interface'));
  });

  it('is left alone by post-upgrade, which would otherwise refuse to drop a table with rows', async () => {
    const report = await postUpgrade(t.config, createLogger('silent'), () => {}, { buildWeb: false });
    expect(report).toBeTruthy();
    await expectTrue();
  });
});

describe('kept row counts where the database user may not create them', () => {
  let db: TestDatabase;
  let t: TestApp | undefined;
  const role = `fathom_reader_${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    db = await createTestDatabase('postgresql', 'row-counts-role');
    // Migrated by an owner; served by a user who may read and write the tables but create nothing in the schema.
    await postUpgrade(testConfig(db), createLogger('silent'), () => {}, { buildWeb: false });
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      await admin.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
      await admin.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await admin.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`);
      await admin.query(`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    } finally {
      await admin.end();
    }
  });
  afterAll(async () => {
    await t?.close();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(`DROP OWNED BY ${role}`).catch(() => {});
    await admin.end();
    await db?.drop();
    const cluster = new pg.Client({ connectionString: db.url.replace(/\/[^/]*$/, '/test') });
    await cluster.connect();
    await cluster.query(`DROP ROLE IF EXISTS ${role}`);
    await cluster.end();
  });

  it('starts, keeps no counts, and counts the rows of every list with count(*)', async () => {
    const url = new URL(db.url);
    url.username = role;
    t = await bootApp(testConfig({ ...db, url: url.toString() }), { upgrade: false });
    expect(t.runtime.countedTables.size).toBe(0);
    const site = await buildSite(t.prisma, 'Role site');
    await t.prisma.device.create({ data: { name: 'role-device', locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId } });
    const res = await t.gql<{ devices: { totalCount: number } }>('{ devices(first: 1) { totalCount } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.devices.totalCount).toBe(1);
  });
});
