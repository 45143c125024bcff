import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDevices, startTestApp, type TestApp } from 'fathom/testing';

const CREATE = `mutation($input: CreateExampleBgpSessionInput!) {
  createExampleBgpSession(input: $input) { exampleBgpSession { name localAsn remoteAsn device { name } } errors { field code message } }
}`;

describe('the example plugin', () => {
  let t: TestApp;
  let deviceIds: string[];

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['fathom-plugin-example'], pluginsConfig: { example: { defaultLocalAsn: 65100, maxSessionsPerDevice: 2 } } });
    deviceIds = (await buildDevices(t.prisma, 20, 1, 'Example')).deviceIds;
  });
  afterAll(() => t?.close());

  it('creates a session, filling the local ASN from the defaultLocalAsn setting', async () => {
    const res = await t.gql<{ createExampleBgpSession: { exampleBgpSession: unknown; errors: unknown[] } }>(CREATE, {
      input: { name: 'transit-a', remoteAsn: 65001, remoteAddress: '203.0.113.1', deviceId: deviceIds[0] },
    });
    expect(res.data?.createExampleBgpSession).toEqual({
      exampleBgpSession: { name: 'transit-a', localAsn: 65100, remoteAsn: 65001, device: { name: 'example-r000' } },
      errors: [],
    });
  });

  it('returns field errors and writes nothing for a bad address or a device over its maxSessionsPerDevice setting', async () => {
    const before = await t.prisma.exampleBgpSession.count();
    const bad = await t.gql<{ createExampleBgpSession: { errors: Array<{ field: string; code: string }> } }>(CREATE, {
      input: { name: 'x', remoteAsn: 65002, remoteAddress: 'not-an-ip', deviceId: deviceIds[1] },
    });
    expect(bad.data?.createExampleBgpSession.errors).toEqual([expect.objectContaining({ field: 'remoteAddress', code: 'INVALID' })]);

    await t.gql(CREATE, { input: { name: 'transit-b', remoteAsn: 65003, remoteAddress: '203.0.113.2', deviceId: deviceIds[0] } });
    const third = await t.gql<{ createExampleBgpSession: { errors: Array<{ field: string; code: string }> } }>(CREATE, {
      input: { name: 'transit-c', remoteAsn: 65004, remoteAddress: '203.0.113.3', deviceId: deviceIds[0] },
    });
    expect(third.data?.createExampleBgpSession.errors).toEqual([expect.objectContaining({ field: 'deviceId', code: 'LIMIT' })]);
    expect(await t.prisma.exampleBgpSession.count()).toBe(before + 1);
  });

  it('serves its field merged onto Device with one batched delegation per page, whatever the page size', async () => {
    const query = 'query($n: Int!) { devices(first: $n, orderBy: [{ field: NAME }]) { edges { node { name exampleBgpSessionCount exampleBgpSessions { name } } } } }';
    const statements: number[] = [];
    for (const n of [3, 20]) {
      const { result: res, statements: sent } = await t.countStatements(() => t.gql<{ devices: { edges: Array<{ node: { name: string; exampleBgpSessionCount: number } }> } }>(query, { n }));
      statements.push(sent);
      expect(res.data?.devices.edges).toHaveLength(n);
      expect(res.data?.devices.edges[0]?.node.exampleBgpSessionCount).toBe(2);
    }
    expect(statements[1]).toBe(statements[0]);
  });

  it('validates core devices: a name with spaces is refused with the plugin’s field error and nothing is written', async () => {
    const device = await t.prisma.device.findFirstOrThrow();
    const before = await t.prisma.device.count();
    const res = await t.gql<{ createDevice: { device: null; errors: Array<{ field: string; code: string }> } }>(
      'mutation($input: CreateDeviceInput!) { createDevice(input: $input) { device { id } errors { field code } } }',
      { input: { name: 'core router 1', locationId: device.locationId, deviceTypeId: device.deviceTypeId, roleId: device.roleId, statusId: device.statusId } },
    );
    expect(res.data?.createDevice).toEqual({ device: null, errors: [{ field: 'name', code: 'EXAMPLE_NAME' }] });
    const rename = await t.gql<{ updateDevice: { errors: Array<{ code: string }> } }>('mutation($id: ID!) { updateDevice(id: $id, input: { name: "has space" }) { errors { code } } }', { id: device.id });
    expect(rename.data?.updateDevice.errors).toEqual([{ code: 'EXAMPLE_NAME' }]);
    expect(await t.prisma.device.count()).toBe(before);
    expect((await t.prisma.device.findUniqueOrThrow({ where: { id: device.id } })).name).toBe(device.name);
  });

  it('created its "bgp" tag in the database-ready hook', async () => {
    expect(await t.prisma.tag.findUnique({ where: { name: 'bgp' } })).toMatchObject({ color: '2196f3' });
  });
});
