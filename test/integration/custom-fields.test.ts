import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildSite } from '../fixtures/network.ts';

describe.each(PROVIDERS)('custom fields on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let site: Awaited<ReturnType<typeof buildSite>>;
  beforeAll(async () => {
    db = await createTestDatabase(provider, 'cf');
    t = await bootApp(testConfig(db));
    site = await buildSite(t.runtime.prisma, 'CF');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const createDevice = (name: string, customFields?: string) =>
    t.gql<{ createDevice: { device: { id: string; customFields: string } | null; errors: Array<{ field: string; code: string }> } }>(
      'mutation($input: CreateDeviceInput!) { createDevice(input: $input) { device { id customFields } errors { field code } } }',
      { input: { name, locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId, ...(customFields ? { customFields } : {}) } },
    );

  it('stores values of the custom field the example plugin created in its database-ready hook', async () => {
    const fields = await t.gql<{ customFields: { edges: Array<{ node: { name: string; contentTypes: Array<{ label: string }> } }> } }>(
      '{ customFields { edges { node { name contentTypes { label } } } } }',
    );
    expect(fields.data?.customFields.edges.map((e) => e.node)).toEqual([{ name: 'bgp_router_id', contentTypes: [{ label: 'dcim.device' }] }]);
    const made = await createDevice('cf-1', '{"bgp_router_id": "192.0.2.10"}');
    expect(made.data?.createDevice.errors).toEqual([]);
    expect(JSON.parse(made.data?.createDevice.device?.customFields ?? '{}')).toEqual({ bgp_router_id: '192.0.2.10' });
  });

  it('refuses unknown, mistyped and missing required values as field errors, and merges updates', async () => {
    await t.gql('mutation { createCustomField(input: { name: "rack_unit", type: "integer", required: true, contentTypes: ["dcim.device"] }) { errors { message } } }');
    const before = await t.runtime.prisma.device.count();
    const missing = await createDevice('cf-2');
    expect(missing.data?.createDevice.errors).toEqual([{ field: 'customFields.rack_unit', code: 'REQUIRED' }]);
    const wrong = await createDevice('cf-2', '{"rack_unit": "top", "colour": "red"}');
    expect(wrong.data?.createDevice.errors).toEqual(expect.arrayContaining([{ field: 'customFields.rack_unit', code: 'INVALID' }, { field: 'customFields.colour', code: 'UNKNOWN' }]));
    expect(await t.runtime.prisma.device.count()).toBe(before);
    const ok = await createDevice('cf-2', '{"rack_unit": 12}');
    const id = ok.data?.createDevice.device?.id;
    const updated = await t.gql<{ updateDevice: { device: { customFields: string } } }>(
      'mutation($id: ID!) { updateDevice(id: $id, input: { customFields: "{\\"bgp_router_id\\": \\"192.0.2.11\\"}" }) { device { customFields } errors { field } } }',
      { id },
    );
    expect(JSON.parse(updated.data?.updateDevice.device.customFields ?? '{}')).toEqual({ rack_unit: 12, bgp_router_id: '192.0.2.11' });
  });

  it('reads the definitions epoch once per request, and again after the request itself changes definitions', async () => {
    const epoch = t.runtime.definitionsEpoch;
    if (!epoch) throw new Error('this deployment has a definitions epoch');
    const read = epoch.current.bind(epoch);
    let reads = 0;
    epoch.current = () => ((reads += 1), read());
    try {
      // A create consults its custom fields, its status and its relationships: one read of the epoch for all three.
      expect((await createDevice('cf-3', '{"rack_unit": 3}')).data?.createDevice.errors).toEqual([]);
      await Promise.all([t.runtime.webhooks.idle(), t.runtime.jobHooks.idle()]);
      const duringCreate = reads;
      // The webhooks and job hooks after the commit take the rules at the epoch the request read: no read of their own.
      expect(duringCreate).toBe(1);
      // A new required field and a create in one document: the create sees the field the same request added.
      const both = await t.gql<{ createCustomField: { errors: unknown[] }; createDevice: { device: unknown; errors: Array<{ field: string; code: string }> } }>(
        `mutation($input: CreateDeviceInput!) { createCustomField(input: { name: "cf_row", type: "text", required: true, contentTypes: ["dcim.device"] }) { errors { message } } createDevice(input: $input) { device { id } errors { field code } } }`,
        { input: { name: 'cf-4', locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId, customFields: '{"rack_unit": 4}' } },
      );
      expect(both.data?.createCustomField.errors).toEqual([]);
      expect(both.data?.createDevice).toEqual({ device: null, errors: [{ field: 'customFields.cf_row', code: 'REQUIRED' }] });
    } finally {
      epoch.current = read;
    }
  });
});
