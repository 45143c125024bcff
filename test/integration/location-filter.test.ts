import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildSite } from '../fixtures/network.ts';

/**
 * The `location` filter of devices, prefixes and locations: the locations named (by id or name) and every location
 * below them, however deep, as each caller may see them.
 */
describe.each(PROVIDERS)('the location filter on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let site: Awaited<ReturnType<typeof buildSite>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'location-filter');
    t = await bootApp(testConfig(db));
    const prisma = t.runtime.prisma;
    site = await buildSite(prisma, 'Tree site');
    // Region › site › hall › cage › rack row: five levels, the deepest three of a nestable type.
    const area = await prisma.locationType.create({ data: { name: 'Area', nestable: true } });
    let parentId = site.siteId;
    for (const name of ['Tree hall', 'Tree cage', 'Tree row']) {
      const made = await prisma.location.create({ data: { name, locationTypeId: area.id, parentId, statusId: site.statusId } });
      ids[name] = made.id;
      parentId = made.id;
    }
    const other = await prisma.location.create({ data: { name: 'Tree elsewhere', locationTypeId: area.id, statusId: site.statusId } });
    ids['Tree elsewhere'] = other.id;
    const device = (name: string, locationId: string) => ({ name, locationId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId });
    await prisma.device.createMany({
      data: [device('in-region', site.regionId), device('in-site', site.siteId), device('in-hall', ids['Tree hall'] ?? ''), device('in-row', ids['Tree row'] ?? ''), device('elsewhere', other.id)],
    });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const names = async (headers: Record<string, string> | null, values: string[]) => {
    const query = 'query($l: [String!]) { devices(filter: { location: $l }, orderBy: [{ field: NAME }]) { totalCount edges { node { name } } } }';
    const res = headers ? await t.gqlWith<{ devices: { totalCount: number; edges: Array<{ node: { name: string } }> } }>(headers, query, { l: values }) : await t.gql<{ devices: { totalCount: number; edges: Array<{ node: { name: string } }> } }>(query, { l: values });
    expect(res.errors).toBeUndefined();
    expect(res.data?.devices.totalCount).toBe(res.data?.devices.edges.length);
    return res.data?.devices.edges.map((e) => e.node.name);
  };

  it('takes every level below the locations named, by name or by id', async () => {
    expect(await names(null, ['Tree site region'])).toEqual(['in-hall', 'in-region', 'in-row', 'in-site']);
    expect(await names(null, [ids['Tree cage'] ?? ''])).toEqual(['in-row']);
    expect(await names(null, ['Tree hall', 'Tree elsewhere'])).toEqual(['elsewhere', 'in-hall', 'in-row']);
    expect(await names(null, ['no such place'])).toEqual([]);
  });

  it('walks the tree in one statement for a caller who may view every location, beside the list’s own', async () => {
    await names(null, ['Tree site region']);
    const { statements } = await t.countStatements(() => names(null, ['Tree site region']));
    // The walk, then the page with its count (one statement on the read path).
    expect(statements).toBe(2);
  });

  it('treats names as values, never as SQL', async () => {
    expect(await names(null, ["Tree hall') OR 1=1 --", 'Tree row" OR "1"="1'])).toEqual([]);
    expect(await names(null, ['%', '_'])).toEqual([]);
  });

  it('ends on a cycle in the data rather than looping', async () => {
    const prisma = t.runtime.prisma;
    const area = await prisma.locationType.findFirstOrThrow({ where: { name: 'Area' } });
    const a = await prisma.location.create({ data: { name: 'Loop a', locationTypeId: area.id, statusId: site.statusId } });
    const b = await prisma.location.create({ data: { name: 'Loop b', locationTypeId: area.id, parentId: a.id, statusId: site.statusId } });
    // The API refuses such a change; written behind its back, the filter must still answer.
    await prisma.location.update({ where: { id: a.id }, data: { parentId: b.id } });
    await prisma.device.create({ data: { name: 'in-loop', locationId: b.id, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId } });
    expect(await names(null, ['Loop a'])).toEqual(['in-loop']);
  });

  it('leaves out, for a constrained caller, the locations they may not view and everything below them', async () => {
    const viewer = await t.user({
      username: `tree-viewer-${provider}`,
      permissions: [
        { actions: ['view'], contentTypes: ['dcim.device'] },
        // Every location but the cage: the row below it is reached only through it.
        { actions: ['view'], contentTypes: ['dcim.location'], constraints: { name: { not: 'Tree cage' } } },
      ],
    });
    expect(await names(viewer.headers, ['Tree site region'])).toEqual(['in-hall', 'in-region', 'in-site']);
    expect(await names(viewer.headers, ['Tree cage'])).toEqual([]);
    // The superuser's answer to the same filter is the whole subtree.
    expect(await names(null, ['Tree site region'])).toContain('in-row');
  });
});
