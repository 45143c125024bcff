import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices, buildSite } from '../fixtures/network.ts';

/**
 * SQL statements per query shape, with warm credentials (PostgreSQL with Redis, as deployed beyond one machine).
 * A change that adds a statement to one of these shapes fails here; no timings are asserted.
 */
describe.each(PROVIDERS)('statements per query shape on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let site: Awaited<ReturnType<typeof buildSite>>;
  let viewer: { headers: Record<string, string> };
  const settle = () => Promise.all([t.runtime.webhooks.idle(), t.runtime.jobHooks.idle()]);
  const count = async (send: () => Promise<{ errors?: unknown[] }>) => {
    await settle();
    const before = t.runtime.queries.count;
    const res = await send();
    expect(res.errors).toBeUndefined();
    // What a write sets off after its response (webhooks and job hooks looking for work) counts too.
    await settle();
    return t.runtime.queries.count - before;
  };

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'statements');
    t = await bootApp(testConfig(db, provider === 'postgresql' ? { jobs: { redisUrl: 'redis://127.0.0.1:6379/0', queueName: `statements-${randomUUID()}` } } : {}));
    const built = await buildDevices(t.runtime.prisma, 12, 3, 'Shape A');
    await buildDevices(t.runtime.prisma, 5, 2, 'Shape B');
    for (const deviceId of built.deviceIds) await t.runtime.prisma.exampleBgpSession.create({ data: { name: 's', localAsn: 1, remoteAsn: 2, remoteAddress: '192.0.2.1', deviceId } });
    site = await buildSite(t.runtime.prisma, 'Shape writes');
    viewer = await t.user({
      username: 'shape-viewer',
      permissions: [
        { actions: ['view'], contentTypes: ['dcim.device'], constraints: { location: { name: 'Shape A' } } },
        { actions: ['view'], contentTypes: ['dcim.interface', 'ipam.ipaddress', 'example.examplebgpsession'] },
      ],
    });
    // Warm both credentials.
    await t.gql('{ me { username } }');
    await t.gqlWith(viewer.headers, '{ me { username } }');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const NESTED = (extra = '') => `{ devices(first: 100) { edges { node { name interfaces { name ipAddresses { address } }${extra} } } } }`;

  // A plain read is answered in one statement that builds the response (schema/sql-read/).
  it('reads devices → interfaces → addresses in one statement, for a superuser and a constrained user alike', async () => {
    expect(await count(() => t.gql(NESTED()))).toBe(1);
    expect(await count(() => t.gqlWith(viewer.headers, NESTED()))).toBe(1);
  });

  it.runIf(provider === 'sqlite')('counts an unfiltered list from the index, as SQLite counts a table without a WHERE', async () => {
    const devices = await t.runtime.prisma.device.count();
    await settle();
    const statements: string[] = [];
    t.runtime.queries.statements = statements;
    try {
      expect((await t.gql<{ devices: { totalCount: number } }>('{ devices(first: 2) { totalCount edges { node { name } } } }')).data?.devices.totalCount).toBe(devices);
    } finally {
      t.runtime.queries.statements = undefined;
    }
    expect(statements).toHaveLength(1);
    // SQLite's count of a whole table is one Count instruction over the smallest index's entries; with any WHERE,
    // even `WHERE TRUE`, it steps through every row.
    const program = await t.runtime.prisma.$queryRawUnsafe<Array<{ opcode: string }>>(`EXPLAIN ${statements[0]}`);
    expect(program.map((op) => op.opcode)).toContain('Count');
  });

  it('reads only the columns a query asks for, and the columns a field with its own resolver declares', async () => {
    await settle();
    const statements: string[] = [];
    t.runtime.queries.statements = statements;
    const res = await t.gql<{ devices: { edges: Array<{ node: { name: string; customFields: string | null } }> } }>('{ devices(first: 3) { edges { node { name customFields } } } }');
    t.runtime.queries.statements = undefined;
    expect(res.errors).toBeUndefined();
    expect(res.data?.devices.edges).toHaveLength(3);
    const devices = statements.filter((sql) => /FROM\s+\S*Device\S*\s/i.test(sql));
    expect(devices).toHaveLength(1);
    for (const column of ['name', 'customFieldData']) expect(devices[0]).toMatch(new RegExp(`\\b${column}\\b`));
    for (const column of ['serial', 'assetTag', 'comments', 'platformId']) expect(devices[0]).not.toMatch(new RegExp(`\\b${column}\\b`));
  });

  it('adds at most one statement for a plugin field on the core type, loaded with the devices and not fetched again', async () => {
    expect(await count(() => t.gql(NESTED(' exampleBgpSessions { name }')))).toBe(1);
    expect(await count(() => t.gqlWith(viewer.headers, NESTED(' exampleBgpSessions { name }')))).toBe(1);
    // A plugin field with a resolver of its own keeps it: the statement (which also returns the devices' rows, the
    // resolver's parents) and the resolver's own read, batched over the page.
    expect(await count(() => t.gql(NESTED(' exampleBgpSessions { name } exampleLocalAsn')))).toBe(2);
    // A plugin's own list with core objects below it: sessions, their devices, the devices' interfaces.
    expect(await count(() => t.gql('{ exampleBgpSessions(first: 20) { edges { node { name device { name interfaces { name } } } } } }'))).toBe(1);
  });

  it('reads computed fields and relationships beside the one statement: their definitions once, then the links and the peers the caller may view', async () => {
    const prisma = t.runtime.prisma;
    const field = await prisma.computedField.create({ data: { name: 'shape_fqdn', contentType: 'dcim.device', template: '{{ obj.name }}.example' } });
    const pairs = await prisma.relationship.create({ data: { key: 'shape-pairs', label: 'Pair', type: 'symmetric-many-to-many', sourceType: 'dcim.device', destinationType: 'dcim.device' } });
    const [a, b] = (await prisma.device.findMany({ where: { location: { name: 'Shape A' } }, orderBy: { id: 'asc' }, take: 2, select: { id: true } })).map((d) => d.id);
    await prisma.relationshipAssociation.create({ data: { relationshipId: pairs.id, sourceType: 'dcim.device', sourceId: a!, destinationType: 'dcim.device', destinationId: b! } });
    await t.runtime.definitionsEpoch?.bump();
    const query = NESTED(' computedFields { name value } relationships { key peers { id display } }');
    try {
      // Cold: the computed fields' and the relationships' definitions are read once for the page.
      expect(await count(() => t.gql(query))).toBe(6);
      // Warm: the statement, the page's links, the peers and (for their display) the peers' locations.
      for (const headers of [{ authorization: `Token ${t.adminToken}` }, viewer.headers]) expect(await count(() => t.gqlWith(headers, query))).toBe(4);
    } finally {
      await prisma.relationshipAssociation.deleteMany({ where: { relationshipId: pairs.id } });
      await prisma.relationship.delete({ where: { id: pairs.id } });
      await prisma.computedField.delete({ where: { id: field.id } });
      await t.runtime.definitionsEpoch?.bump();
    }
  });

  it('reads a list page with its total in one statement', async () => {
    expect(await count(() => t.gql('{ devices(first: 50) { totalCount edges { node { name } } } }'))).toBe(1);
    expect(await count(() => t.gql('{ devices(first: 50) { edges { node { name } } } }'))).toBe(1);
  });

  it('answers a quick search with the related names looked up once, then the page and its total on the model’s own columns (and, on SQLite, its index)', async () => {
    await settle();
    const statements: string[] = [];
    t.runtime.queries.statements = statements;
    const found = await count(() => t.gql('{ devices(first: 50, filter: { q: "shape-a" }) { totalCount edges { node { name } } } }'));
    t.runtime.queries.statements = undefined;
    // SQLite looks the word up in the devices' search index first; PostgreSQL's page and total use its trigram index.
    expect(found).toBe(provider === 'sqlite' ? 3 : 2);
    expect(statements.filter((sql) => sql.includes('"Device_search" MATCH'))).toHaveLength(provider === 'sqlite' ? 1 : 0);
    // Only the look-up reads locations; the page and the total match the location by its id, with no join that
    // would keep PostgreSQL from answering them from the search index.
    const reading = (table: string) => statements.filter((sql) => new RegExp(`FROM [^ ]*["\`]${table}["\`]`).test(sql));
    expect(reading('Location')).toHaveLength(1);
    expect(reading('Device')).toHaveLength(1);
    expect(reading('Device').every((sql) => !/JOIN/i.test(sql))).toBe(true);
  });

  it.runIf(provider === 'postgresql')('has one trigram index covering every column the quick search matches on each searchable model, core and bundled plugins', async () => {
    const indexes = await t.runtime.prisma.$queryRawUnsafe<Array<{ tablename: string; indexdef: string }>>(
      "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexdef LIKE '%gin_trgm_ops%'",
    );
    const models = t.runtime.composed.catalog.filter((entry) => entry.searchable);
    expect(models.map((m) => m.model)).toEqual(expect.arrayContaining(['Device', 'Interface', 'Location', 'Prefix', 'IPAddress', 'VLAN', 'ExampleBgpSession']));
    for (const entry of models) {
      const definition = indexes.find((i) => i.tablename === entry.model)?.indexdef ?? '';
      for (const column of entry.search.filter((path) => !path.includes('.'))) {
        expect(definition, `${entry.model}.${column}`).toMatch(new RegExp(`[(, ]"?${column}"? gin_trgm_ops`));
      }
    }
  });

  it('creates a device with plain inserts of the row and its change record: one statement on PostgreSQL, two in one transaction on SQLite', async () => {
    const input = (name: string) => ({ name, locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId });
    const create = (name: string) => () => t.gql('mutation($input: CreateDeviceInput!) { createDevice(input: $input) { device { id } errors { field } } }', { input: input(name) });
    const writes = provider === 'postgresql' ? 1 : 2;
    // The first write reads the custom field definitions, the status's content types and the relationships of
    // devices, and after it has committed, the webhooks and the job hooks (each with their content types): seven
    // statements. Later ones find all five cached.
    expect(await count(create('shape-first'))).toBe(7 + writes);
    const statements: string[] = [];
    t.runtime.queries.statements = statements;
    try {
      expect(await count(create('shape-new'))).toBe(writes);
    } finally {
      t.runtime.queries.statements = undefined;
    }
    expect(statements.join('\n')).toMatch(/^(WITH "w0" AS \()?INSERT INTO "Device" [\s\S]*INSERT INTO "ObjectChange" /);
    expect(await t.runtime.prisma.objectChange.count({ where: { objectRepr: 'shape-new', action: 'create' } })).toBe(1);
  });

  it('reads the definitions again after a custom field is added through the API', async () => {
    const added = await t.gql<{ createCustomField: { errors: unknown[] } }>(
      'mutation { createCustomField(input: { name: "shape_rack", type: "text", required: true, contentTypes: ["dcim.device"] }) { errors { message } } }',
    );
    expect(added.data?.createCustomField.errors).toEqual([]);
    const res = await t.gql<{ createDevice: { errors: Array<{ field: string }> } }>(
      'mutation($input: CreateDeviceInput!) { createDevice(input: $input) { errors { field } } }',
      { input: { name: 'shape-needs-rack', locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId } },
    );
    expect(res.data?.createDevice.errors).toEqual([{ field: 'customFields.shape_rack' }]);
    await t.runtime.prisma.customField.deleteMany({ where: { name: 'shape_rack' } });
    await t.runtime.definitionsEpoch?.bump();
  });

  it('keeps no change record, and no object, when the write is rolled back', async () => {
    const local = await t.user({
      username: `shape-writer`,
      permissions: [
        { actions: ['add'], contentTypes: ['dcim.device'], constraints: { location: { name: 'Shape A' } } },
        { actions: ['view'], contentTypes: ['dcim.location', 'dcim.devicetype', 'extras.role', 'extras.status'] },
      ],
    });
    const input = { name: 'shape-outside', locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId };
    const res = await t.gqlWith<{ createDevice: { errors: Array<{ code: string }> } }>(local.headers, 'mutation($input: CreateDeviceInput!) { createDevice(input: $input) { errors { code } } }', { input });
    expect(res.data?.createDevice.errors).toEqual([{ code: 'FORBIDDEN' }]);
    expect(await t.runtime.prisma.device.count({ where: { name: 'shape-outside' } })).toBe(0);
    expect(await t.runtime.prisma.objectChange.count({ where: { objectRepr: 'shape-outside' } })).toBe(0);
  });
});
