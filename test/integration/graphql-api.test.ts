import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices, buildSite } from '../fixtures/network.ts';
import { RELATED_MATCHES } from '../../server/src/schema/search.ts';

const NESTED = /* GraphQL */ `
  query Nested($first: Int!) {
    devices(first: $first, orderBy: [{ field: NAME }]) {
      totalCount
      edges { node { name interfaces { name ipAddresses { address } } exampleBgpSessions { name remoteAsn } } }
    }
  }
`;

describe.each(PROVIDERS)('the GraphQL API on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'api');
    t = await bootApp(testConfig(db));
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('lists both bundled plugins with their metadata and masks nothing that is not secret', async () => {
    const res = await t.gql<{ installedPlugins: Array<Record<string, unknown>> }>(
      '{ installedPlugins { name packageName version minVersion dependencies settings models } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.installedPlugins).toEqual([
      expect.objectContaining({ name: 'example', packageName: 'fathom-plugin-example', version: '1.0.0', minVersion: '0.1.0', dependencies: [], models: ['ExampleBgpSession', 'ExampleDeviceBgp'] }),
      expect.objectContaining({ name: 'peering', dependencies: ['example'], models: ['PeeringContact'] }),
    ]);
    expect(JSON.parse(String(res.data?.installedPlugins[0]?.['settings']))).toEqual({ maxSessionsPerDevice: 64, defaultLocalAsn: 64512 });
  });

  it('resolves devices with interfaces, addresses and the merged plugin field in a number of SQL statements that does not grow with the rows', async () => {
    const site = await buildDevices(t.runtime.prisma, 60, 3, 'Nested');
    const first = site.deviceIds[0] ?? '';
    await t.runtime.prisma.exampleBgpSession.create({ data: { name: 'upstream', localAsn: 64512, remoteAsn: 65001, remoteAddress: '192.0.2.1', deviceId: first } });

    const counts: number[] = [];
    for (const first of [5, 50]) {
      const before = t.runtime.queries.count;
      const res = await t.gql<{ devices: { totalCount: number; edges: Array<{ node: { name: string; interfaces: Array<{ ipAddresses: unknown[] }>; exampleBgpSessions: unknown[] } }> } }>(NESTED, { first });
      counts.push(t.runtime.queries.count - before);
      expect(res.errors).toBeUndefined();
      expect(res.data?.devices.edges).toHaveLength(first);
      expect(res.data?.devices.totalCount).toBe(60);
      for (const edge of res.data?.devices.edges ?? []) {
        expect(edge.node.interfaces).toHaveLength(3);
        for (const iface of edge.node.interfaces) expect(iface.ipAddresses).toHaveLength(1);
      }
      expect(res.data?.devices.edges[0]?.node.exampleBgpSessions).toEqual([{ name: 'upstream', remoteAsn: 65001 }]);
    }
    expect(counts[1]).toBe(counts[0]);
    expect(counts[0]).toBeLessThanOrEqual(8);
  });

  it('reads a page whose nested lists need more bound parameters than SQLite’s historical limit of 999', async () => {
    await buildDevices(t.runtime.prisma, 12, 100, 'Wide');
    const res = await t.gql<{ devices: { edges: Array<{ node: { interfaces: Array<{ ipAddresses: unknown[] }> } }> } }>(
      '{ devices(first: 12, filter: { location: ["Wide"] }) { edges { node { interfaces { name ipAddresses { address } } } } } }',
    );
    expect(res.errors).toBeUndefined();
    const addresses = res.data?.devices.edges.flatMap((e) => e.node.interfaces.flatMap((i) => i.ipAddresses)) ?? [];
    expect(addresses).toHaveLength(1200);
  });

  it('serves the same SDL and the same results in one pass as through the stitched composition, for any caller', async () => {
    const { lexicographicSortSchema, printSchema } = await import('graphql');
    const { createApp } = await import('../../server/src/app.ts');
    expect(printSchema(lexicographicSortSchema(t.runtime.composed.schema))).toBe(printSchema(lexicographicSortSchema(t.runtime.composed.stitched)));
    const site = await buildDevices(t.runtime.prisma, 6, 2, 'Equal');
    for (const [i, deviceId] of site.deviceIds.entries()) {
      await t.runtime.prisma.exampleBgpSession.create({ data: { name: `eq-${i}`, localAsn: 64512, remoteAsn: 65000 + i, remoteAddress: '192.0.2.9', deviceId } });
    }
    const constrained = await t.user({
      username: 'equal-viewer',
      permissions: [
        { actions: ['view'], contentTypes: ['dcim.device'], constraints: { name: { in: ['equal-r000', 'equal-r002'] } } },
        { actions: ['view'], contentTypes: ['dcim.interface', 'dcim.location', 'example.examplebgpsession'], constraints: [{ name: { startsWith: 'eq-' } }, { name: { startsWith: 'eth0' } }, { name: { startsWith: 'Equal' } }] },
      ],
    });
    const stitched = createApp(t.runtime, { stitched: true });
    const send = async (app: typeof stitched, headers: Record<string, string>, query: string) =>
      (await app.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) }))).json() as Promise<{ data?: unknown; errors?: unknown }>;
    const documents = [
      '{ devices(first: 5, orderBy: [{ field: NAME }]) { totalCount edges { node { name location { name } tags { name } } } } }',
      '{ devices(filter: { location: ["Equal"] }, orderBy: [{ field: NAME }]) { edges { node { name interfaces { name } exampleBgpSessions { name remoteAsn device { name location { name } } } exampleBgpSessionCount } } } }',
      '{ exampleBgpSessions(first: 4, orderBy: [{ field: NAME }]) { totalCount edges { node { name device { name status { name } interfaces { name } exampleBgpSessionCount } } } } }',
      '{ locations(filter: { q: "Equal" }, orderBy: [{ field: NAME }]) { edges { node { name devices(first: 10) { edges { node { name exampleBgpSessions { name } } } } } } } }',
    ];
    for (const headers of [{ authorization: `Token ${t.adminToken}` }, constrained.headers]) {
      for (const query of documents) {
        const [inProcess, viaStitching] = await Promise.all([send(t.app, headers, query), send(stitched, headers, query)]);
        expect(inProcess.errors, query).toBeUndefined();
        expect(inProcess, query).toEqual(viaStitching);
      }
    }
    // The constrained caller sees only what they may: two devices, and below them only the sessions and interfaces allowed.
    const seen = (await send(t.app, constrained.headers, documents[1] ?? '')) as { data: { devices: { edges: Array<{ node: { name: string; interfaces: unknown[] } }> } } };
    expect(seen.data.devices.edges.map((e) => e.node.name)).toEqual(['equal-r000', 'equal-r002']);
    expect(seen.data.devices.edges.every((e) => e.node.interfaces.length === 1)).toBe(true);
  });

  it('pages through a connection with cursors, filters by location subtree, and searches', async () => {
    await buildDevices(t.runtime.prisma, 7, 0, 'Paging');
    const page = async (after?: string) =>
      t.gql<{ devices: { edges: Array<{ cursor: string; node: { name: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
        'query($after: String) { devices(first: 3, after: $after, filter: { location: ["Paging region"] }, orderBy: [{ field: NAME, direction: DESC }]) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
    const names: string[] = [];
    let after: string | undefined;
    for (;;) {
      const res = await page(after);
      expect(res.errors).toBeUndefined();
      names.push(...(res.data?.devices.edges.map((e) => e.node.name) ?? []));
      if (!res.data?.devices.pageInfo.hasNextPage) break;
      after = res.data.devices.pageInfo.endCursor;
    }
    expect(names).toEqual(['paging-r006', 'paging-r005', 'paging-r004', 'paging-r003', 'paging-r002', 'paging-r001', 'paging-r000']);
    const search = await t.gql<{ devices: { totalCount: number } }>('{ devices(filter: { q: "PAGING-R00" }) { totalCount } }');
    expect(search.data?.devices.totalCount).toBe(7);
  });

  it('finds devices by their location’s name, through its ids or, when the words match very many locations, through a join', async () => {
    const site = await buildSite(t.runtime.prisma, 'Lookup Hub');
    const device = (name: string, locationId: string) => ({ name, locationId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId });
    await t.runtime.prisma.device.createMany({ data: [device('lookup-a', site.siteId), device('lookup-b', site.siteId), device('lookup-hub-spare', site.regionId)] });
    const type = await t.runtime.prisma.locationType.create({ data: { name: 'Cabinet' } });
    // More locations named alike than the search looks up by id, one of them with a device.
    const many = Array.from({ length: RELATED_MATCHES + 1 }, (_, i) => ({ id: `cabinet-${i}`, name: `Cabinet row-${i}`, locationTypeId: type.id, statusId: site.statusId }));
    await t.runtime.prisma.location.createMany({ data: many });
    await t.runtime.prisma.device.create({ data: device('in-a-cabinet', 'cabinet-7') });
    const search = async (q: string) => {
      const res = await t.gql<{ devices: { totalCount: number; edges: Array<{ node: { name: string } }> } }>(
        'query($q: String!) { devices(first: 10, filter: { q: $q }, orderBy: [{ field: NAME }]) { totalCount edges { node { name } } } }',
        { q },
      );
      expect(res.errors).toBeUndefined();
      return { total: res.data?.devices.totalCount, names: res.data?.devices.edges.map((e) => e.node.name) };
    };
    // "lookup hub": both words in the location's name, or one in the device's own name and one in its location's.
    expect(await search('lookup hub')).toEqual({ total: 3, names: ['lookup-a', 'lookup-b', 'lookup-hub-spare'] });
    expect(await search('LOOKUP-A hub')).toEqual({ total: 1, names: ['lookup-a'] });
    expect(await search('cabinet row-7')).toEqual({ total: 1, names: ['in-a-cabinet'] });
    // A wildcard in a word matches itself only, on either path.
    expect(await search('cabinet row_7')).toEqual({ total: 0, names: [] });
  });

  it('creates a device, and returns field errors while writing nothing when the input is invalid', async () => {
    const site = await buildSite(t.runtime.prisma, 'Writes');
    const create = `mutation($input: CreateDeviceInput!) { createDevice(input: $input) { device { id name location { name } } errors { field code message } } }`;
    const base = { locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId };
    const before = await t.runtime.prisma.device.count();

    const bad = await t.gql<{ createDevice: { device: null; errors: Array<{ field: string; code: string }> } }>(create, {
      input: { ...base, name: '', locationId: 'no-such-location' },
    });
    expect(bad.data?.createDevice.device).toBeNull();
    expect(bad.data?.createDevice.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'name', code: 'REQUIRED' }), expect.objectContaining({ field: 'locationId', code: 'NOT_FOUND' })]),
    );
    expect(await t.runtime.prisma.device.count()).toBe(before);

    const ok = await t.gql<{ createDevice: { device: { id: string; name: string; location: { name: string } }; errors: unknown[] } }>(create, { input: { ...base, name: 'edge-1' } });
    expect(ok.data?.createDevice.errors).toEqual([]);
    expect(ok.data?.createDevice.device).toMatchObject({ name: 'edge-1', location: { name: 'Writes' } });

    const dup = await t.gql<{ createDevice: { errors: Array<{ field: string; code: string }> } }>(create, { input: { ...base, name: 'edge-1' } });
    expect(dup.data?.createDevice.errors).toEqual([expect.objectContaining({ field: 'name', code: 'UNIQUE' })]);
    expect(await t.runtime.prisma.device.count()).toBe(before + 1);

    const id = ok.data?.createDevice.device.id;
    const upd = await t.gql<{ updateDevice: { device: { name: string }; errors: unknown[] } }>(
      'mutation($id: ID!) { updateDevice(id: $id, input: { name: "edge-2", serial: "SN1" }) { device { name } errors { field } } }',
      { id },
    );
    expect(upd.data?.updateDevice).toEqual({ device: { name: 'edge-2' }, errors: [] });
    const del = await t.gql<{ deleteDevice: { deletedId: string } }>('mutation($id: ID!) { deleteDevice(id: $id) { deletedId errors { code } } }', { id });
    expect(del.data?.deleteDevice.deletedId).toBe(id);
    const gone = await t.gql<{ device: null }>('query($id: ID!) { device(id: $id) { id } }', { id });
    expect(gone.data?.device).toBeNull();
  });

  it('records creates, updates and deletes in the change log with who made them', async () => {
    const tag = await t.gql<{ createTag: { tag: { id: string } } }>('mutation { createTag(input: { name: "changelog" }) { tag { id } errors { message } } }');
    const id = tag.data?.createTag.tag.id;
    await t.gql('mutation($id: ID!) { updateTag(id: $id, input: { description: "now described" }) { errors { message } } }', { id });
    await t.gql('mutation($id: ID!) { deleteTag(id: $id) { deletedId } }', { id });
    const log = await t.gql<{ objectChanges: Array<{ action: string; contentType: string; objectRepr: string; userName: string; data: string }> }>(
      'query($id: ID!) { objectChanges(objectId: $id) { action contentType objectRepr userName data } }',
      { id },
    );
    expect(log.data?.objectChanges.map((c) => c.action)).toEqual(['delete', 'update', 'create']);
    expect(log.data?.objectChanges[1]).toMatchObject({ contentType: 'extras.tag', objectRepr: 'changelog' });
    expect(log.data?.objectChanges[0]?.userName).toMatch(/^admin-/);
    expect(JSON.parse(log.data?.objectChanges[1]?.data ?? '{}')).toMatchObject({ description: 'now described' });
    // Each change shows the object before and after it, and the list filters by action.
    const updates = await t.gql<{ objectChanges: Array<{ id: string }> }>('query($id: ID!) { objectChanges(objectId: $id, action: "update") { id } }', { id });
    expect(updates.data?.objectChanges).toHaveLength(1);
    type States = { objectChange: { action: string; before: string | null; after: string | null } };
    const one = await t.gql<States>('query($id: ID!) { objectChange(id: $id) { action before after } }', { id: updates.data?.objectChanges[0]?.id });
    expect(JSON.parse(one.data?.objectChange.before ?? '{}')).toMatchObject({ description: '' });
    expect(JSON.parse(one.data?.objectChange.after ?? '{}')).toMatchObject({ description: 'now described' });
    const [deleted, , created] = log.data?.objectChanges ?? [];
    expect(deleted?.action).toBe('delete');
    expect(created?.action).toBe('create');
  });

  it('rejects a status that does not apply to the content type, and invalid IP addresses, as field errors', async () => {
    const site = await buildSite(t.runtime.prisma, 'Ipam');
    const planned = await t.runtime.prisma.status.create({ data: { name: 'VLAN only', contentTypes: { connect: (await t.runtime.prisma.contentType.findMany({ where: { appLabel: 'ipam', model: 'vlan' } })).map((c) => ({ id: c.id })) } } });
    const dev = await t.gql<{ createDevice: { errors: Array<{ field: string; code: string }> } }>(
      'mutation($input: CreateDeviceInput!) { createDevice(input: $input) { errors { field code } } }',
      { input: { name: 'x', locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: planned.id } },
    );
    expect(dev.data?.createDevice.errors).toEqual([{ field: 'statusId', code: 'INVALID_CHOICE' }]);

    const ip = 'mutation($a: String!, $s: ID!) { createIPAddress(input: { address: $a, statusId: $s }) { ipAddress { address ipVersion } errors { field code message } } }';
    const bad = await t.gql<{ createIPAddress: { errors: Array<{ field: string }> } }>(ip, { a: '10.0.0.300/24', s: site.statusId });
    expect(bad.data?.createIPAddress.errors).toEqual([expect.objectContaining({ field: 'address', code: 'INVALID' })]);
    const v6 = await t.gql<{ createIPAddress: { ipAddress: { address: string; ipVersion: number } } }>(ip, { a: '2001:DB8::0001/64', s: site.statusId });
    expect(v6.data?.createIPAddress.ipAddress).toEqual({ address: '2001:db8::1/64', ipVersion: 6 });

    const prefix = 'mutation($p: String!, $s: ID!) { createPrefix(input: { prefix: $p, statusId: $s }) { prefix { prefix } errors { field message } } }';
    const hostBits = await t.gql<{ createPrefix: { errors: Array<{ message: string }> } }>(prefix, { p: '192.0.2.1/24', s: site.statusId });
    expect(hostBits.data?.createPrefix.errors[0]?.message).toContain('192.0.2.0/24');
    await t.gql(prefix, { p: '198.51.100.0/24', s: site.statusId });
    const within = await t.gql<{ ipAddresses: { edges: Array<{ node: { address: string } }> } }>(
      '{ ipAddresses(filter: { parent: "2001:db8::/32" }) { edges { node { address } } } }',
    );
    expect(within.data?.ipAddresses.edges.map((e) => e.node.address)).toEqual(['2001:db8::1/64']);
    const containing = await t.gql<{ prefixes: { edges: Array<{ node: { prefix: string } }> } }>('{ prefixes(filter: { contains: "198.51.100.7" }) { edges { node { prefix } } } }');
    expect(containing.data?.prefixes.edges.map((e) => e.node.prefix)).toEqual(['198.51.100.0/24']);
  });

  it('answers the health endpoint, without authentication, with the database status and nothing about plugins', async () => {
    const res = await t.app.fetch(new Request('http://fathom.test/health'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', database: { provider, status: 'ok' } });
    expect(body).not.toHaveProperty('plugins');
  });

  it('caps the page size at 1,000, as NetBox does', async () => {
    await t.runtime.prisma.tag.createMany({ data: Array.from({ length: 1001 }, (_, i) => ({ name: `cap-${String(i).padStart(4, '0')}` })) });
    const over = await t.gql<{ tags: { totalCount: number; edges: unknown[]; pageInfo: { hasNextPage: boolean } } }>(
      '{ tags(first: 1200, filter: { q: "cap-" }) { totalCount edges { cursor } pageInfo { hasNextPage } } }',
    );
    expect(over.errors).toBeUndefined();
    expect(over.data?.tags.totalCount).toBe(1001);
    expect(over.data?.tags.edges).toHaveLength(1000);
    expect(over.data?.tags.pageInfo.hasNextPage).toBe(true);
    await t.runtime.prisma.tag.deleteMany({ where: { name: { startsWith: 'cap-' } } });
  });

  it('serves GraphiQL to logged-in browsers at /graphql', async () => {
    const res = await t.app.fetch(new Request('http://fathom.test/graphql', { headers: { accept: 'text/html', authorization: `Token ${t.adminToken}` } }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Fathom GraphiQL');
  });
});
