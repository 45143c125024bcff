import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../fixtures/network.ts';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

type Payload = { device: { id: string; name: string; exampleLocalAsn: number | null } | null; errors: Array<{ field: string; code: string; message: string }> };

const CREATE = `mutation($input: CreateDeviceInput!) { createDevice(input: $input) { device { id name exampleLocalAsn } errors { field code message } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateDeviceInput!) { updateDevice(id: $id, input: $input) { device { id name exampleLocalAsn } errors { field code message } } }`;

/**
 * Form extensions: the example plugin adds "Local ASN" to the core device form. The value is the plugin's (its own
 * model), checked with the device's input and saved in the device's write transaction.
 */
describe.each(PROVIDERS)('a plugin field on the core device form, on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let site: Awaited<ReturnType<typeof buildSite>>;
  const device = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    locationId: site.siteId,
    deviceTypeId: site.deviceTypeId,
    roleId: site.roleId,
    statusId: site.statusId,
    ...extra,
  });
  const create = async (input: Record<string, unknown>, as = t.gql) => (await as<{ createDevice: Payload }>(CREATE, { input })).data?.createDevice;
  const update = async (id: string, input: Record<string, unknown>, as = t.gql) => (await as<{ updateDevice: Payload }>(UPDATE, { id, input })).data?.updateDevice;

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'form-ext');
    t = await bootApp(testConfig(db));
    site = await buildSite(t.prisma, 'Form site');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('saves the plugin’s value with the device and reads it back on the device', async () => {
    const created = await create(device('asn-r1', { exampleLocalAsn: 65010 }));
    expect(created?.errors).toEqual([]);
    expect(created?.device?.exampleLocalAsn).toBe(65010);
    const id = created?.device?.id ?? '';
    expect(await t.prisma.exampleDeviceBgp.findUnique({ where: { deviceId: id }, select: { localAsn: true } })).toEqual({ localAsn: 65010 });

    const changed = await update(id, { exampleLocalAsn: 65011, name: 'asn-r1b' });
    expect(changed?.device).toMatchObject({ name: 'asn-r1b', exampleLocalAsn: 65011 });
    // Left out of the input, the value stays; null clears it.
    expect((await update(id, { name: 'asn-r1c' }))?.device?.exampleLocalAsn).toBe(65011);
    expect((await update(id, { exampleLocalAsn: null }))?.device?.exampleLocalAsn).toBeNull();
  });

  it('refuses a value the plugin finds invalid with a field error, writing no device', async () => {
    const before = await t.prisma.device.count();
    const refused = await create(device('asn-bad', { exampleLocalAsn: 23456, name: '' }));
    expect(refused?.device).toBeNull();
    // Every problem at once: the core's and the plugin's.
    expect(refused?.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name', code: 'REQUIRED' }),
        { field: 'exampleLocalAsn', code: 'INVALID', message: "AS 23456 is reserved and cannot be a device's ASN." },
      ]),
    );
    expect(await t.prisma.device.count()).toBe(before);
  });

  it('undoes the device’s write when the plugin’s save refuses inside the transaction', async () => {
    const created = await create(device('asn-r2', { exampleLocalAsn: 65020 }));
    const id = created?.device?.id ?? '';
    await t.prisma.exampleBgpSession.create({ data: { name: 'upstream', localAsn: 65020, remoteAsn: 3356, remoteAddress: '192.0.2.9', deviceId: id } });
    const refused = await update(id, { name: 'asn-r2-renamed', exampleLocalAsn: 65099 });
    expect(refused?.errors).toEqual([{ field: 'exampleLocalAsn', code: 'INVALID', message: '1 BGP session(s) of this device use another local ASN; change them first.' }]);
    // The rename was in the same transaction: it is gone with the refused value.
    expect(await t.prisma.device.findUnique({ where: { id }, select: { name: true } })).toEqual({ name: 'asn-r2' });
    expect((await t.prisma.exampleDeviceBgp.findUnique({ where: { deviceId: id } }))?.localAsn).toBe(65020);
    const changes = await t.prisma.objectChange.count({ where: { objectId: id, action: 'update' } });
    expect(changes).toBe(0);
  });

  it('hides the field from users without the plugin’s permissions and refuses their input', async () => {
    const [withAsn] = [await create(device('asn-r3', { exampleLocalAsn: 65030 }))];
    const id = withAsn?.device?.id ?? '';
    const deviceEditor = await t.user({
      username: `editor-${provider}`,
      permissions: [
        { actions: ['view', 'add', 'change'], contentTypes: ['dcim.device'] },
        { actions: ['view'], contentTypes: ['dcim.location', 'dcim.devicetype', 'extras.role', 'extras.status'] },
      ],
    });
    const catalog = await deviceEditor.gql<{ modelCatalog: Array<{ model: string; fields: Array<{ name: string }> }> }>('{ modelCatalog { model fields { name } } }');
    const fields = catalog.data?.modelCatalog.find((m) => m.model === 'Device')?.fields.map((f) => f.name);
    expect(fields).toContain('name');
    expect(fields).not.toContain('exampleLocalAsn');

    const read = await deviceEditor.gql<{ device: { exampleLocalAsn: number | null } }>('query($id: ID!) { device(id: $id) { exampleLocalAsn } }', { id });
    expect(read.data?.device.exampleLocalAsn).toBeNull();

    const refused = await update(id, { name: 'asn-r3-editor', exampleLocalAsn: 1 }, deviceEditor.gql);
    expect(refused?.errors).toEqual([{ field: 'exampleLocalAsn', code: 'FORBIDDEN', message: 'You do not have permission to set this field.' }]);
    expect(await t.prisma.device.findUnique({ where: { id }, select: { name: true } })).toEqual({ name: 'asn-r3' });
    // Without the field, the same user edits the device as before, and the plugin's value is left alone.
    expect((await update(id, { name: 'asn-r3-editor' }, deviceEditor.gql))?.errors).toEqual([]);
    expect((await t.prisma.exampleDeviceBgp.findUnique({ where: { deviceId: id } }))?.localAsn).toBe(65030);

    const bgpEditor = await t.user({
      username: `bgp-editor-${provider}`,
      permissions: [
        { actions: ['view', 'change'], contentTypes: ['dcim.device'] },
        { actions: ['view', 'add', 'change'], contentTypes: ['example.exampledevicebgp'] },
      ],
    });
    expect((await update(id, { exampleLocalAsn: 65031 }, bgpEditor.gql))?.device?.exampleLocalAsn).toBe(65031);
  });

  it('describes the field in the model catalog and on Installed Plugins', async () => {
    const res = await t.gql<{ modelCatalog: Array<{ model: string; fields: Array<Record<string, unknown>> }>; installedPlugins: Array<{ name: string; registrations: Array<{ kind: string; name: string }> }> }>(
      '{ modelCatalog { model fields { name inputName label kind required plugin } } installedPlugins { name registrations { kind name } } }',
    );
    const fields = res.data?.modelCatalog.find((m) => m.model === 'Device')?.fields ?? [];
    expect(fields.find((f) => f['name'] === 'exampleLocalAsn')).toEqual({ name: 'exampleLocalAsn', inputName: 'exampleLocalAsn', label: 'Local ASN', kind: 'int', required: false, plugin: 'example' });
    expect(fields.find((f) => f['name'] === 'name')?.['plugin']).toBeNull();
    const example = res.data?.installedPlugins.find((p) => p.name === 'example')?.registrations ?? [];
    expect(example).toContainEqual({ kind: 'formExtension', name: 'Device.exampleLocalAsn' });
  });

  it('reads the values of a whole list in one statement', async () => {
    for (let i = 0; i < 5; i += 1) await create(device(`asn-list-${i}`, { exampleLocalAsn: 65100 + i }));
    const list = `{ devices(first: 50, filter: { q: "asn-list" }) { edges { node { name exampleLocalAsn } } } }`;
    const without = await t.countStatements(() => t.gql(`{ devices(first: 50, filter: { q: "asn-list" }) { edges { node { name } } } }`));
    const withField = await t.countStatements(() => t.gql<{ devices: { edges: Array<{ node: { name: string; exampleLocalAsn: number } }> } }>(list));
    expect(withField.result.data?.devices.edges.map((e) => e.node.exampleLocalAsn)).toEqual([65100, 65101, 65102, 65103, 65104]);
    expect(withField.statements).toBe(without.statements + 1);
  });
});
