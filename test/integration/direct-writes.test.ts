import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app.ts';
import { createAdapterFactory } from '../../server/src/db/adapters.ts';
import { directInserts, rowOf } from '../../server/src/schema/sql-write/insert.ts';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildSite } from '../fixtures/network.ts';

type Reply = { data?: Record<string, { errors: Array<{ field: string; code: string; message: string }> } & Record<string, Record<string, unknown> | null>>; errors?: Array<{ message: string }> };
type Row = Record<string, unknown>;

/**
 * Creates written with plain INSERTs of the row and its change record (`schema/sql-write/insert.ts`), on both
 * databases: each create below is made by the served app and again, with the same input, by the same app with the
 * direct path off (Prisma's create in an interactive transaction), and the stored row, the change record, the
 * payload and the errors must be the same. What the direct path does not take (relation writes, form fields,
 * constrained or read-only callers, rows the database refuses) goes through Prisma as before.
 */
describe.each(PROVIDERS)('creates written with plain inserts on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let viaPrisma: ReturnType<typeof createApp>;
  let site: Awaited<ReturnType<typeof buildSite>>;
  let deviceId = '';
  let interfaceId = '';
  const admin = () => ({ authorization: `Token ${t.adminToken}` });

  /** Send one mutation and keep the statements it sent. */
  const send = async (app: ReturnType<typeof createApp>, query: string, input: Row, headers: Record<string, string> = admin()) => {
    const statements: string[] = (t.runtime.queries.statements = []);
    try {
      const res = await app.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables: { input } }) }));
      return { reply: (await res.json()) as Reply, statements };
    } finally {
      t.runtime.queries.statements = undefined;
    }
  };
  const direct = (statements: readonly string[], model: string) => statements.some((sql) => sql.includes(`INSERT INTO "${model}" (`));
  const delegate = (model: string) => (t.runtime.prisma as unknown as Record<string, { findUniqueOrThrow(a: object): Promise<Row>; delete(a: object): Promise<Row> }>)[model[0]!.toLowerCase() + model.slice(1)]!;
  const stored = async (model: string, id: string) => ({
    row: await delegate(model).findUniqueOrThrow({ where: { id } }),
    change: (await t.runtime.prisma.objectChange.findFirstOrThrow({ where: { objectId: id, action: 'create' } })) as unknown as Row,
  });
  const without = (row: Row, keys: readonly string[]) => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));
  const VARYING = ['id', 'created', 'lastUpdated'];

  /**
   * Create through both paths with the same input (the first object is removed before the second is made, so that
   * unique names do not clash) and compare what each stored and answered, up to ids and times.
   */
  const compare = async (model: string, input: Row, selection: string, field = model[0]!.toLowerCase() + model.slice(1)) => {
    const mutation = `mutation($input: Create${model}Input!) { create${model}(input: $input) { object: ${field} { ${selection} } errors { field code message } } }`;
    const first = await send(t.app, mutation, input);
    expect(first.reply.errors).toBeUndefined();
    const answered = first.reply.data?.[`create${model}`];
    expect(answered?.errors).toEqual([]);
    expect(direct(first.statements, model)).toBe(true);
    const id = String(answered?.['object']?.['id']);
    const a = await stored(model, id);
    await delegate(model).delete({ where: { id } });
    const second = await send(viaPrisma, mutation, input);
    expect(direct(second.statements, model)).toBe(false);
    const reference = second.reply.data?.[`create${model}`];
    const b = await stored(model, String(reference?.['object']?.['id']));
    // The row: the same columns in the same order, the same values, times as Dates.
    expect(Object.keys(a.row)).toEqual(Object.keys(b.row));
    expect(without(a.row, VARYING)).toEqual(without(b.row, VARYING));
    expect(a.row['created']).toBeInstanceOf(Date);
    expect((a.row['lastUpdated'] as Date).getTime()).toBe((a.row['created'] as Date).getTime());
    // The change record, and the object's columns it keeps, in the same order.
    expect(without(a.change, ['id', 'time', 'objectId', 'requestId', 'data'])).toEqual(without(b.change, ['id', 'time', 'objectId', 'requestId', 'data']));
    expect(a.change['objectId']).toBe(id);
    const [da, dbData] = [JSON.parse(String(a.change['data'])) as Row, JSON.parse(String(b.change['data'])) as Row];
    expect(Object.keys(da)).toEqual(Object.keys(dbData));
    expect(without(da, VARYING)).toEqual(without(dbData, VARYING));
    expect(da['created']).toBe((a.row['created'] as Date).toISOString());
    // The payload, as the caller saw it.
    expect(without(answered?.['object'] ?? {}, VARYING)).toEqual(without(reference?.['object'] ?? {}, VARYING));
    return a.row;
  };

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'direct-writes');
    t = await bootApp(testConfig(db));
    viaPrisma = createApp(t.runtime, { directWrites: false });
    site = await buildSite(t.runtime.prisma, 'Direct');
    const ct = await t.runtime.prisma.contentType.findFirstOrThrow({ where: { appLabel: 'dcim', model: 'device' } });
    await t.runtime.prisma.customField.create({ data: { name: 'dw_note', type: 'text', contentTypes: { connect: [{ id: ct.id }] } } });
    await t.runtime.definitionsEpoch?.bump();
    deviceId = (await t.runtime.prisma.device.create({ data: { name: 'dw-host', locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId } })).id;
    interfaceId = (await t.runtime.prisma.interface.create({ data: { name: 'eth0', deviceId } })).id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const device = (name: string, extra: Row = {}) => ({ name, locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId, ...extra });

  it('stores a device, its change record and its payload as Prisma does: defaults filled, a custom field, relations read back', async () => {
    const row = await compare('Device', device('dw-1', { customFields: JSON.stringify({ dw_note: 'rack 4' }) }), 'id name serial assetTag comments created lastUpdated customFields location { name } status { name } tags { name }');
    expect(row['serial']).toBe('');
    expect(row['assetTag']).toBeNull();
    expect(JSON.parse(String(row['customFieldData']))).toEqual({ dw_note: 'rack 4' });
  });

  it('answers a payload of columns from the written row and reads related objects again, the same query sent twice or with a directive that changes it', async () => {
    const operation = (selection: string) =>
      `mutation($input: CreateDeviceInput!${selection.includes('@include') || selection.includes('...') ? ', $deep: Boolean = false' : ''}) { createDevice(input: $input) { device { ${selection} } errors { message } } }`;
    const create = async (name: string, document: string, deep?: boolean) => {
      const statements: string[] = (t.runtime.queries.statements = []);
      try {
        const body = JSON.stringify({ query: document, variables: { input: device(name), ...(deep === undefined ? {} : { deep }) } });
        const res = await t.app.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...admin() }, body }));
        const reply = (await res.json()) as { data?: { createDevice: { device: Row; errors: unknown[] } }; errors?: unknown[] };
        expect(reply.errors).toBeUndefined();
        expect(reply.data?.createDevice.errors).toEqual([]);
        // Reads of the device table: the device read again (the first create also reads definitions it then keeps).
        return { device: reply.data?.createDevice.device, reads: statements.filter((sql) => /^\s*SELECT/i.test(sql) && /["`]Device["`]/.test(sql)).length };
      } finally {
        t.runtime.queries.statements = undefined;
      }
    };
    // Columns only: answered from the row, the first time and every time after.
    for (const name of ['dw-sel-1', 'dw-sel-2']) expect(await create(name, operation('name serial'))).toEqual({ device: { name, serial: '' }, reads: 0 });
    // A related object: the device read again with it, every time.
    for (const name of ['dw-sel-3', 'dw-sel-4']) expect(await create(name, operation('name location { name }'))).toEqual({ device: { name, location: { name: 'Direct' } }, reads: 1 });
    // One document whose variables decide whether it reaches a related object, directly or in a fragment: what its
    // first answer needed is not taken for the next.
    const toggled = operation('name location @include(if: $deep) { name }');
    const fragmented = `${operation('name ...Where')} fragment Where on Device { location @include(if: $deep) { name } }`;
    for (const document of [toggled, fragmented]) {
      const suffix = document === toggled ? 'd' : 'f';
      expect(await create(`dw-sel-5${suffix}`, document, false)).toEqual({ device: { name: `dw-sel-5${suffix}` }, reads: 0 });
      expect(await create(`dw-sel-6${suffix}`, document, true)).toEqual({ device: { name: `dw-sel-6${suffix}`, location: { name: 'Direct' } }, reads: 1 });
    }
  });

  it('stores hostile and awkward text as given, as bound values', async () => {
    const row = await compare('Interface', { name: `o'brien"); DROP TABLE "Interface"; --`, deviceId, mtu: 9000, enabled: false, description: 'ünïcødé ✓\n"quoted" 100%_\\' }, 'id name mtu enabled description type device { name }');
    expect(row['name']).toBe(`o'brien"); DROP TABLE "Interface"; --`);
    expect(row['enabled']).toBe(false);
    expect(await t.runtime.prisma.interface.count()).toBeGreaterThan(0);
  });

  it('stores a plugin model and a model whose columns its own checks fill (an IP address)', async () => {
    await compare('ExampleBgpSession', { name: 'dw-peer', deviceId, remoteAsn: 65001, remoteAddress: '192.0.2.7' }, 'id name localAsn remoteAsn enabled device { name }');
    const ip = await compare('IPAddress', { address: '10.9.8.7/24', statusId: site.statusId, interfaceId }, 'id address dnsName interface { name }', 'ipAddress');
    expect(ip['host']).toBeTruthy();
  });

  it('leaves relation writes and form fields to Prisma, which writes them in the same transaction', async () => {
    const tag = await t.runtime.prisma.tag.create({ data: { name: 'dw-tag' } });
    const tagged = await send(t.app, 'mutation($input: CreateDeviceInput!) { createDevice(input: $input) { device { tags { name } } errors { message } } }', device('dw-tagged', { tagIds: [tag.id] }));
    expect(tagged.reply.data?.['createDevice']).toEqual({ device: { tags: [{ name: 'dw-tag' }] }, errors: [] });
    expect(direct(tagged.statements, 'Device')).toBe(false);
    const asn = await send(t.app, 'mutation($input: CreateDeviceInput!) { createDevice(input: $input) { device { exampleLocalAsn } errors { message } } }', device('dw-asn', { exampleLocalAsn: 64999 }));
    expect(asn.reply.data?.['createDevice']).toEqual({ device: { exampleLocalAsn: 64999 }, errors: [] });
    expect(direct(asn.statements, 'Device')).toBe(false);
  });

  it('reports a clash as Prisma does, and keeps neither a row nor a change record of the refused write', async () => {
    const mutation = 'mutation($input: CreateDeviceInput!) { createDevice(input: $input) { device { id } errors { field code message } } }';
    const changes = await t.runtime.prisma.objectChange.count();
    const devices = await t.runtime.prisma.device.count();
    const served = await send(t.app, mutation, device('dw-host'));
    const reference = await send(viaPrisma, mutation, device('dw-host'));
    expect(served.reply).toEqual(reference.reply);
    expect(served.reply.data?.['createDevice']?.errors[0]?.code).toBe('UNIQUE');
    // The direct insert was tried and refused whole; Prisma's path then named the clash.
    expect(direct(served.statements, 'Device')).toBe(true);
    expect(await t.runtime.prisma.objectChange.count()).toBe(changes);
    expect(await t.runtime.prisma.device.count()).toBe(devices);
  });

  it('writes a bulk create in one go: PostgreSQL one statement, SQLite one INSERT of the rows and one of the change records', async () => {
    const BULK = 'mutation($inputs: [CreateDeviceInput!]!, $dry: Boolean) { bulkCreateDevice(inputs: $inputs, dryRun: $dry) { ok dryRun results { index device { name serial } errors { field code message } } } }';
    const bulk = async (app: ReturnType<typeof createApp>, names: string[], dry = false) => {
      const statements: string[] = (t.runtime.queries.statements = []);
      try {
        const res = await app.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...admin() }, body: JSON.stringify({ query: BULK, variables: { inputs: names.map((n) => device(n)), dry } }) }));
        return { reply: (await res.json()) as { data: { bulkCreateDevice: { ok: boolean; results: unknown[] } } }, statements };
      } finally {
        t.runtime.queries.statements = undefined;
      }
    };
    const served = await bulk(t.app, ['dw-b1', 'dw-b2', 'dw-b3']);
    expect(served.reply.data.bulkCreateDevice.ok).toBe(true);
    expect(served.statements.filter((sql) => /^(WITH|INSERT)/.test(sql))).toHaveLength(provider === 'postgresql' ? 1 : 2);
    const rows = await t.runtime.prisma.device.findMany({ where: { name: { startsWith: 'dw-b' } }, orderBy: { name: 'asc' } });
    expect(rows.map((r) => r.name)).toEqual(['dw-b1', 'dw-b2', 'dw-b3']);
    const changes = await t.runtime.prisma.objectChange.findMany({ where: { objectId: { in: rows.map((r) => r.id) }, action: 'create' } });
    expect(changes.map((c) => c.objectRepr).sort()).toEqual(['dw-b1', 'dw-b2', 'dw-b3']);
    await t.runtime.prisma.device.deleteMany({ where: { name: { startsWith: 'dw-b' } } });
    const reference = await bulk(viaPrisma, ['dw-b1', 'dw-b2', 'dw-b3']);
    expect(served.reply).toEqual(reference.reply);
    // One clash among them: the direct insert is refused whole, and Prisma's path reports it at its place.
    const before = await t.runtime.prisma.objectChange.count();
    const clash = await bulk(t.app, ['dw-b4', 'dw-b1']);
    expect(clash.reply).toEqual((await bulk(viaPrisma, ['dw-b4', 'dw-b1'])).reply);
    expect(clash.reply.data.bulkCreateDevice.ok).toBe(false);
    expect(direct(clash.statements, 'Device')).toBe(true);
    expect(await t.runtime.prisma.device.count({ where: { name: 'dw-b4' } })).toBe(0);
    // A dry run writes through Prisma's transaction and rolls it back.
    const dry = await bulk(t.app, ['dw-b5'], true);
    expect(direct(dry.statements, 'Device')).toBe(false);
    expect(await t.runtime.prisma.device.count({ where: { name: 'dw-b5' } })).toBe(0);
    expect(await t.runtime.prisma.objectChange.count()).toBe(before);
  });

  it('runs rows that take several statements in one transaction, and keeps none of them when one is refused', async () => {
    const adapter = await createAdapterFactory(provider, t.runtime.config.database.url).connect();
    try {
      const plan = t.runtime.inserts.plan('Tag');
      if (!plan) throw new Error('tags have a plan');
      // Six columns a row and at most 14 values a statement: two rows per INSERT, so five rows take three.
      const inserts = directInserts(() => adapter, provider, new Map([['Tag', plan]]), 14);
      const rows = (names: string[]) => names.map((name) => ({ plan, row: rowOf(plan, { name }, new Date())! }));
      expect(await inserts.write(rows(['dwx-1', 'dwx-2', 'dwx-3', 'dwx-4', 'dwx-5']))).toBe(true);
      expect(await t.runtime.prisma.tag.count({ where: { name: { startsWith: 'dwx-' } } })).toBe(5);
      // The third statement clashes with a stored name: the first two are rolled back with it.
      await expect(inserts.write(rows(['dwx-6', 'dwx-7', 'dwx-8', 'dwx-9', 'dwx-1']))).rejects.toThrow();
      expect(await t.runtime.prisma.tag.count({ where: { name: { startsWith: 'dwx-' } } })).toBe(5);
      // And the connection is usable afterwards: the transaction was ended.
      expect(await inserts.write(rows(['dwx-6']))).toBe(true);
      expect(await t.runtime.prisma.tag.count({ where: { name: { startsWith: 'dwx-' } } })).toBe(6);
    } finally {
      await adapter.dispose();
    }
  });

  it('writes for a read-only token or a constrained permission only through the scoped client, which refuses what it must', async () => {
    const mutation = 'mutation($input: CreateDeviceInput!) { createDevice(input: $input) { device { name } errors { code message } } }';
    const readOnly = await t.user({ username: 'dw-readonly', superuser: true, writeEnabled: false });
    const refused = await send(t.app, mutation, device('dw-ro'), readOnly.headers);
    expect(refused.reply).toEqual((await send(viaPrisma, mutation, device('dw-ro'), readOnly.headers)).reply);
    expect(JSON.stringify(refused.reply)).toContain('read-only');
    expect(direct(refused.statements, 'Device')).toBe(false);
    const limited = await t.user({
      username: 'dw-limited',
      permissions: [
        { actions: ['view', 'add'], contentTypes: ['dcim.device'], constraints: { name: { startsWith: 'ok-' } } },
        { actions: ['view'], contentTypes: ['dcim.location', 'dcim.devicetype', 'extras.role', 'extras.status'] },
      ],
    });
    const outside = await send(t.app, mutation, device('dw-outside'), limited.headers);
    expect(outside.reply.data?.['createDevice']?.errors[0]?.code).toBe('FORBIDDEN');
    expect(direct(outside.statements, 'Device')).toBe(false);
    expect(await t.runtime.prisma.device.count({ where: { name: 'dw-outside' } })).toBe(0);
    const inside = await send(t.app, mutation, device('ok-inside'), limited.headers);
    expect(inside.reply.data?.['createDevice']).toEqual({ device: { name: 'ok-inside' }, errors: [] });
    expect(direct(inside.statements, 'Device')).toBe(false);
  });
});
