import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices } from '../fixtures/network.ts';

const UPDATE = 'mutation($id: ID!, $input: UpdateInterfaceInput!) { updateInterface(id: $id, input: $input) { interface { mode untaggedVlan { vid } } errors { field code message } } }';
type Update = { updateInterface: { interface: { mode: string; untaggedVlan: { vid: number } | null } | null; errors: Array<{ field: string; code: string; message: string }> } };

describe.each(PROVIDERS)('interface VLANs on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let site: Awaited<ReturnType<typeof buildDevices>>;
  let vlans: { local: string; global: string; elsewhere: string };
  let interfaceId: string;
  beforeAll(async () => {
    db = await createTestDatabase(provider, 'ifvlan');
    t = await bootApp(testConfig(db));
    site = await buildDevices(t.prisma, 1, 2, 'Vlan Site');
    const other = await buildDevices(t.prisma, 1, 0, 'Other Site');
    const statusId = site.statusId;
    const make = async (vid: number, name: string, locationId: string | null) => (await t.prisma.vLAN.create({ data: { vid, name, statusId, locationId } })).id;
    vlans = { local: await make(10, 'users', site.siteId), global: await make(100, 'management', null), elsewhere: await make(20, 'voice', other.siteId) };
    interfaceId = (await t.prisma.interface.findFirstOrThrow({ where: { deviceId: site.deviceIds[0] }, orderBy: { name: 'asc' } })).id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('needs an 802.1Q mode for an untagged VLAN, and a VLAN of the device’s location or a global one', async () => {
    const noMode = await t.gql<Update>(UPDATE, { id: interfaceId, input: { untaggedVlanId: vlans.local } });
    expect(noMode.data?.updateInterface.errors.map((e) => `${e.field}:${e.code}`)).toEqual(['mode:REQUIRED']);
    const elsewhere = await t.gql<Update>(UPDATE, { id: interfaceId, input: { mode: 'access', untaggedVlanId: vlans.elsewhere } });
    expect(elsewhere.data?.updateInterface.errors[0]).toMatchObject({ field: 'untaggedVlanId', code: 'INVALID' });
    expect((await t.prisma.interface.findUniqueOrThrow({ where: { id: interfaceId } })).untaggedVlanId).toBeNull();
    const bad = await t.gql<Update>(UPDATE, { id: interfaceId, input: { mode: 'trunk' } });
    expect(bad.data?.updateInterface.errors[0]?.field).toBe('mode');

    const local = await t.gql<Update>(UPDATE, { id: interfaceId, input: { mode: 'access', untaggedVlanId: vlans.local } });
    expect(local.data?.updateInterface).toEqual({ interface: { mode: 'access', untaggedVlan: { vid: 10 } }, errors: [] });
    const global = await t.gql<Update>(UPDATE, { id: interfaceId, input: { mode: 'tagged-all', untaggedVlanId: vlans.global } });
    expect(global.data?.updateInterface.interface).toEqual({ mode: 'tagged-all', untaggedVlan: { vid: 100 } });
    // Clearing the mode while the VLAN stays is refused too.
    const clear = await t.gql<Update>(UPDATE, { id: interfaceId, input: { mode: '' } });
    expect(clear.data?.updateInterface.errors.map((e) => e.field)).toEqual(['mode']);
  });

  it('filters interfaces by untagged VLAN id or VID, and by mode', async () => {
    const list = async (filter: Record<string, unknown>) =>
      (await t.gql<{ interfaces: { edges: Array<{ node: { id: string } }> } }>('query($f: InterfaceFilter) { interfaces(filter: $f) { edges { node { id } } } }', { f: filter })).data?.interfaces.edges.map((e) => e.node.id);
    expect(await list({ vlan: ['100'] })).toEqual([interfaceId]);
    expect(await list({ vlan: [vlans.global] })).toEqual([interfaceId]);
    expect(await list({ vlan: ['10'] })).toEqual([]);
    expect(await list({ mode: ['tagged-all'] })).toEqual([interfaceId]);
    // Deleting the VLAN leaves the interface without one.
    await t.prisma.vLAN.delete({ where: { id: vlans.global } });
    expect((await t.prisma.interface.findUniqueOrThrow({ where: { id: interfaceId } })).untaggedVlanId).toBeNull();
  });
});
