import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildSite } from '../fixtures/network.ts';
import { INDEXED_MATCHES } from '../../server/src/db/search-index.ts';
import { createLogger } from '../../server/src/logger.ts';
import { postUpgrade } from '../../server/src/post-upgrade.ts';

interface Found {
  total: number;
  names: string[];
  statements: string[];
}

/** SQLite's quick search index: what it finds must be what the scan found, while the scan is left out. */
describe('the quick search index on SQLite', () => {
  let db: TestDatabase;
  let t: TestApp;
  let site: Awaited<ReturnType<typeof buildSite>>;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'search-index');
    t = await bootApp(testConfig(db));
    site = await buildSite(t.runtime.prisma, 'Index Site');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  /** The devices a filter lists (first 20 by name), with the statements the read sent. */
  const listed = async (declared: string, filter: string, variables: Record<string, unknown>): Promise<Found> => {
    const statements: string[] = [];
    t.runtime.queries.statements = statements;
    const res = await t.gql<{ devices: { totalCount: number; edges: Array<{ node: { name: string } }> } }>(
      `query(${declared}) { devices(first: 20, filter: { ${filter} }, orderBy: [{ field: NAME }]) { totalCount edges { node { name } } } }`,
      variables,
    );
    t.runtime.queries.statements = undefined;
    expect(res.errors).toBeUndefined();
    return { total: res.data?.devices.totalCount ?? -1, names: res.data?.devices.edges.map((e) => e.node.name) ?? [], statements };
  };
  const search = (q: string) => listed('$q: String!', 'q: $q', { q });
  const scanned = (found: Found) => found.statements.some((sql) => /FROM [^ ]*[`"]Device[`"]/.test(sql) && / LIKE /.test(sql));
  const indexed = (found: Found) => found.statements.some((sql) => sql.includes('"Device_search" MATCH'));
  const create = async (name: string) => {
    const res = await t.gql<{ createDevice: { device: { id: string } } }>('mutation($input: CreateDeviceInput!) { createDevice(input: $input) { device { id } errors { message } } }', {
      input: { name, locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId },
    });
    return res.data?.createDevice.device.id ?? '';
  };

  it('finds objects written through the API, renamed and deleted, from the index instead of scanning', async () => {
    const first = await create('idx-alpha-01');
    const second = await create('idx-alpha-02');
    const both = await search('ALPHA-0');
    expect(both).toMatchObject({ total: 2, names: ['idx-alpha-01', 'idx-alpha-02'] });
    expect(indexed(both)).toBe(true);
    expect(scanned(both)).toBe(false);

    await t.gql('mutation($id: ID!) { updateDevice(id: $id, input: { name: "idx-omega-02", serial: "SN-Zulu-9" }) { errors { message } } }', { id: second });
    expect(await search('alpha-0')).toMatchObject({ total: 1, names: ['idx-alpha-01'] });
    expect(await search('omega')).toMatchObject({ total: 1, names: ['idx-omega-02'] });
    expect(await search('zulu-9')).toMatchObject({ total: 1, names: ['idx-omega-02'] });
    // A word in the index and one in the location's name must both hold.
    expect(await search('omega index')).toMatchObject({ total: 1, names: ['idx-omega-02'] });
    expect(await search('omega nowhere')).toMatchObject({ total: 0 });

    await t.gql('mutation($id: ID!) { deleteDevice(id: $id) { errors { message } } }', { id: first });
    expect(await search('alpha-0')).toMatchObject({ total: 0, names: [] });
  });

  it('takes a word literally, whatever FTS5 query syntax it holds', async () => {
    await create('idx-a"b*c');
    await create('idx-near-x');
    expect(await search('a"b*c')).toMatchObject({ total: 1, names: ['idx-a"b*c'] });
    for (const hostile of ['NEAR(idx', '"idx', 'idx*', 'name:idx', 'idx-a%c', 'idx-a_b', '(', '-idx', '^idx']) {
      const found = await search(hostile);
      expect(found.names, hostile).toEqual([]);
    }
  });

  it('answers the name filter from the name column of the index, with what the scan finds', async () => {
    const gamma = await create('idx-gamma-01');
    const other = await create('idx-other-01');
    // The same text in another search column must not count for the name filter.
    await t.gql('mutation($id: ID!) { updateDevice(id: $id, input: { serial: "GAMMA-serial" }) { errors { message } } }', { id: other });
    const byName = (names: string[]) => listed('$names: [String!]', 'name: $names', { names });
    const column = (found: Found) => found.statements.some((sql) => sql.includes('"Device_search" MATCH')) && !scanned(found);
    const one = await byName(['GAMMA']);
    expect(one).toMatchObject({ total: 1, names: ['idx-gamma-01'] });
    expect(column(one)).toBe(true);
    const two = await byName(['gamma-0', 'a"b*']);
    expect(two).toMatchObject({ total: 2, names: ['idx-a"b*c', 'idx-gamma-01'] });
    expect(column(two)).toBe(true);
    for (const hostile of ['{serial} : gamma', 'idx-a%c', 'gam_a', 'name:gamma']) expect((await byName([hostile])).names, hostile).toEqual([]);
    // A short value, or a long list of values, is matched by scanning, with the same answer.
    const short = await byName(['a-']);
    expect(short.names).toContain('idx-gamma-01');
    expect(short.names).not.toContain('idx-other-01');
    expect(column(short)).toBe(false);
    const long = await byName(['gamma-01', ...Array.from({ length: 10 }, (_, i) => `absent-${i}`)]);
    expect(long).toMatchObject({ total: 1, names: ['idx-gamma-01'] });
    expect(column(long)).toBe(false);
    expect(gamma).not.toBe('');
  });

  it('scans for a word shorter than three characters, and for one matching more objects than the index lists', async () => {
    const many = Array.from({ length: INDEXED_MATCHES + 1 }, (_, i) => ({ name: `bulk-${String(i).padStart(4, '0')}`, locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId }));
    await t.runtime.prisma.device.createMany({ data: many });
    const broad = await search('bulk-');
    expect(broad.total).toBe(INDEXED_MATCHES + 1);
    expect(broad.names[0]).toBe('bulk-0000');
    expect(scanned(broad)).toBe(true);
    const narrow = await search('bulk-0999');
    expect(narrow).toMatchObject({ total: 1, names: ['bulk-0999'] });
    expect(scanned(narrow)).toBe(false);
    const short = await search('k-');
    expect(short.total).toBe(INDEXED_MATCHES + 1);
    expect(indexed(short)).toBe(false);
  });

  it('is rebuilt at start when its triggers are gone, as after a migration that rebuilt the table, and a later upgrade leaves it alone', async () => {
    await t.runtime.prisma.$executeRawUnsafe('DROP TRIGGER "Device_search_insert"');
    await t.runtime.prisma.$executeRawUnsafe('DELETE FROM "Device_search"');
    expect(await search('omega')).toMatchObject({ total: 0 });
    await t.close();
    const lines: string[] = [];
    await postUpgrade(testConfig(db), createLogger('silent'), (line) => lines.push(line), { buildWeb: false });
    expect(lines).toContain('  No migrations to apply.');
    t = await bootApp(testConfig(db), { upgrade: false });
    expect(await search('omega')).toMatchObject({ total: 1, names: ['idx-omega-02'] });
    expect(await t.runtime.prisma.$queryRawUnsafe<unknown[]>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'Device_search_%'")).toHaveLength(3);
    await create('idx-after-rebuild');
    expect(await search('after-rebuild')).toMatchObject({ total: 1 });
  });
});
