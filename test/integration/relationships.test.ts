import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/logger.ts';
import { postUpgrade } from '../../server/src/post-upgrade.ts';
import { buildDevices } from '../fixtures/network.ts';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

type Errors = Array<{ field: string; code: string; message: string }>;
type Related = Array<{ key: string; label: string; side: string; required: boolean; peers: Array<{ id: string; display: string }> }>;
const RELATED = 'relationships { key label side required peers { id display } }';

/** Relationships: user-defined links between objects of any two content types, core or plugin. */
describe.each(PROVIDERS)('relationships on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let devices: string[];
  let sessions: string[];
  let siteId: string;

  const define = async (input: Record<string, unknown>): Promise<Errors> =>
    (await t.gql<{ createRelationship: { errors: Errors } }>('mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { errors { field code message } } }', { input })).data?.createRelationship.errors ?? [];
  const link = async (id: string, relationships: unknown[], as: Pick<TestApp, 'gql'> = t): Promise<Errors | undefined> => {
    const res = await as.gql<{ updateDevice: { errors: Errors } }>('mutation($id: ID!, $input: UpdateDeviceInput!) { updateDevice(id: $id, input: $input) { errors { field code message } } }', { id, input: { relationships } });
    expect(res.errors).toBeUndefined();
    return res.data?.updateDevice.errors;
  };
  const related = async (id: string, as: Pick<TestApp, 'gql'> = t): Promise<Related> => (await as.gql<{ device: { relationships: Related } }>(`query($id: ID!) { device(id: $id) { ${RELATED} } }`, { id })).data?.device.relationships ?? [];
  const peersOf = (list: Related, key: string, side?: string) => list.find((r) => r.key === key && (!side || r.side === side))?.peers.map((p) => p.display);

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'relationships');
    t = await bootApp(testConfig(db));
    const built = await buildDevices(t.prisma, 5, 1, 'Rel');
    devices = built.deviceIds;
    siteId = built.siteId;
    sessions = [];
    for (const name of ['to-r001', 'to-r002']) sessions.push((await t.prisma.exampleBgpSession.create({ data: { name, localAsn: 65000, remoteAsn: 65001, remoteAddress: '192.0.2.1', deviceId: devices[0] ?? '' } })).id);
    expect(await define({ key: 'redundancy', label: 'Redundancy peers', type: 'symmetric-many-to-many', sourceType: 'dcim.device', destinationType: 'dcim.device' })).toEqual([]);
    expect(await define({ key: 'backup', label: 'Backup', type: 'one-to-one', sourceType: 'dcim.device', sourceLabel: 'Backed up by', destinationType: 'dcim.device', destinationLabel: 'Backs up' })).toEqual([]);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('is created by a plugin’s database-ready hook, once however often post-upgrade runs', async () => {
    await postUpgrade(t.config, createLogger('silent'), () => {}, { buildWeb: false });
    const rows = await t.prisma.relationship.findMany({ where: { key: 'example-remote-device' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'one-to-many', sourceType: 'dcim.device', destinationType: 'example.examplebgpsession' });
  });

  it('refuses definitions for content types that take no relationships, and symmetric ones across two types', async () => {
    expect((await define({ key: 'bad-type', label: 'x', sourceType: 'dcim.nothing', destinationType: 'dcim.device' }))[0]).toMatchObject({ field: 'sourceType', code: 'NOT_FOUND' });
    expect((await define({ key: 'tag-link', label: 'x', sourceType: 'extras.tag', destinationType: 'dcim.device' }))[0]).toMatchObject({ field: 'sourceType', code: 'INVALID_CHOICE' });
    expect((await define({ key: 'sym', label: 'x', type: 'symmetric-one-to-one', sourceType: 'dcim.device', destinationType: 'dcim.location' }))[0]).toMatchObject({ field: 'destinationType', code: 'INVALID' });
    expect(await t.prisma.relationship.count({ where: { key: { in: ['bad-type', 'tag-link', 'sym'] } } })).toBe(0);
  });

  it('links a core device to a plugin’s sessions and shows the link on both ends', async () => {
    expect(await link(devices[1] ?? '', [{ key: 'example-remote-device', peerIds: sessions }])).toEqual([]);
    const device = await related(devices[1] ?? '');
    expect(device.find((r) => r.key === 'example-remote-device')).toMatchObject({ label: 'BGP sessions peering here', side: 'source' });
    // A session is named after its device, the context its model declares.
    expect(peersOf(device, 'example-remote-device')).toEqual(['rel-r000 › to-r001', 'rel-r000 › to-r002']);
    const session = await t.gql<{ exampleBgpSession: { relationships: Related } }>(`query($id: ID!) { exampleBgpSession(id: $id) { ${RELATED} } }`, { id: sessions[0] });
    expect(session.data?.exampleBgpSession.relationships).toEqual([
      { key: 'example-remote-device', label: 'Remote device', side: 'destination', required: false, peers: [{ id: devices[1], display: 'Rel › rel-r001' }] },
    ]);
  });

  it('holds each kind to its counts: one-to-many, one-to-one, symmetric, and refuses a link to itself', async () => {
    // A session (the "many" end of one-to-many) peers with one device at most.
    const twice = await t.gql<{ updateExampleBgpSession: { errors: Errors } }>('mutation($id: ID!, $input: UpdateExampleBgpSessionInput!) { updateExampleBgpSession(id: $id, input: $input) { errors { field code } } }', {
      id: sessions[0],
      input: { relationships: [{ key: 'example-remote-device', peerIds: [devices[2], devices[3]] }] },
    });
    expect(twice.data?.updateExampleBgpSession.errors).toEqual([{ field: 'relationships.example-remote-device', code: 'INVALID' }]);
    // …and a session already linked to one device cannot be claimed by another.
    expect((await link(devices[2] ?? '', [{ key: 'example-remote-device', peerIds: [sessions[0]] }]))?.[0]).toMatchObject({ field: 'relationships.example-remote-device', code: 'UNIQUE' });

    // Devices stand on both ends of "backup": the side must be said.
    expect((await link(devices[0] ?? '', [{ key: 'backup', peerIds: [devices[1]] }]))?.[0]).toMatchObject({ code: 'INVALID' });
    expect(await link(devices[0] ?? '', [{ key: 'backup', side: 'source', peerIds: [devices[1]] }])).toEqual([]);
    expect((await link(devices[2] ?? '', [{ key: 'backup', side: 'source', peerIds: [devices[1]] }]))?.[0]).toMatchObject({ code: 'UNIQUE' });
    expect(peersOf(await related(devices[1] ?? ''), 'backup', 'destination')).toEqual(['Rel › rel-r000']);

    expect(await link(devices[0] ?? '', [{ key: 'redundancy', peerIds: [devices[1], devices[2]] }])).toEqual([]);
    expect(peersOf(await related(devices[2] ?? ''), 'redundancy')).toEqual(['Rel › rel-r000']);
    expect((await link(devices[3] ?? '', [{ key: 'redundancy', peerIds: [devices[3]] }]))?.[0]).toMatchObject({ code: 'INVALID' });
    expect((await link(devices[3] ?? '', [{ key: 'no-such', peerIds: [] }]))?.[0]).toMatchObject({ field: 'relationships.no-such', code: 'NOT_FOUND' });
  });

  it('filters a list by relationship', async () => {
    const res = await t.gql<{ devices: { edges: Array<{ node: { name: string } }> } }>('query($peer: ID!) { devices(filter: { relationships: [{ key: "redundancy", peerIds: [$peer] }] }) { edges { node { name } } } }', { peer: devices[2] });
    expect(res.data?.devices.edges.map((e) => e.node.name)).toEqual(['rel-r000']);
    const sessionsOf = await t.gql<{ exampleBgpSessions: { edges: Array<{ node: { name: string } }> } }>('query($peer: ID!) { exampleBgpSessions(filter: { relationships: [{ key: "example-remote-device", peerIds: [$peer] }] }) { edges { node { name } } } }', { peer: devices[1] });
    expect(sessionsOf.data?.exampleBgpSessions.edges.map((e) => e.node.name)).toEqual(['to-r001', 'to-r002']);
  });

  it('shows a constrained user only the peers they may view, and keeps the links they cannot see when they set the rest', async () => {
    const narrow = await t.user({
      username: `rel-narrow-${provider}`,
      permissions: [{ actions: ['view', 'change'], contentTypes: ['dcim.device'], constraints: { name: { in: ['rel-r000', 'rel-r001'] } } }],
    });
    // rel-r002 is outside the constraint and the sessions' model is not viewable at all.
    expect(peersOf(await related(devices[0] ?? '', narrow), 'redundancy')).toEqual(['Rel › rel-r001']);
    expect(peersOf(await related(devices[1] ?? '', narrow), 'example-remote-device')).toEqual([]);
    expect((await link(devices[0] ?? '', [{ key: 'redundancy', peerIds: [devices[3]] }], narrow))?.[0]).toMatchObject({ code: 'NOT_FOUND' });
    expect(await link(devices[0] ?? '', [{ key: 'redundancy', peerIds: [] }], narrow)).toEqual([]);
    expect(peersOf(await related(devices[0] ?? ''), 'redundancy')).toEqual(['Rel › rel-r002']);
  });

  it('requires a peer on the required side when an object is created, and writes nothing without one', async () => {
    expect(await define({ key: 'site-devices', label: 'Site of record', type: 'one-to-many', sourceType: 'dcim.location', destinationType: 'dcim.device', requiredOn: 'destination' })).toEqual([]);
    const existing = await t.prisma.device.findUniqueOrThrow({ where: { id: devices[0] ?? '' } });
    const input = { name: 'rel-new', locationId: siteId, deviceTypeId: existing.deviceTypeId, roleId: existing.roleId, statusId: existing.statusId };
    const create = (extra: Record<string, unknown>) => t.gql<{ createDevice: { errors: Errors } }>('mutation($input: CreateDeviceInput!) { createDevice(input: $input) { errors { field code } } }', { input: { ...input, ...extra } });
    expect((await create({})).data?.createDevice.errors).toEqual([{ field: 'relationships.site-devices', code: 'REQUIRED' }]);
    expect(await t.prisma.device.count({ where: { name: 'rel-new' } })).toBe(0);
    expect((await create({ relationships: [{ key: 'site-devices', peerIds: [siteId] }] })).data?.createDevice.errors).toEqual([]);
    const location = await t.gql<{ location: { relationships: Related } }>(`query($id: ID!) { location(id: $id) { ${RELATED} } }`, { id: siteId });
    expect(location.data?.location.relationships.find((r) => r.key === 'site-devices')?.peers.map((p) => p.display)).toEqual(['Rel › rel-new']);
    await t.prisma.relationship.delete({ where: { key: 'site-devices' } });
    await t.runtime.definitionsEpoch?.bump();
  });

  it('reads relationships for a list in the same number of statements whatever its length', async () => {
    const list = (first: number) => () => t.gql<{ devices: { edges: Array<{ node: { relationships: Related } }> } }>(`{ devices(first: ${first}, filter: { q: "rel-r" }) { edges { node { name ${RELATED} } } } }`);
    await list(5)(); // definitions are cached: count with a warm cache
    const two = await t.countStatements(list(2));
    const five = await t.countStatements(list(5));
    expect(five.result.data?.devices.edges).toHaveLength(5);
    expect(five.statements).toBe(two.statements);
  });

  it('removes an object’s links when it is deleted', async () => {
    const before = await t.prisma.relationshipAssociation.count({ where: { OR: [{ sourceId: devices[2] }, { destinationId: devices[2] }] } });
    expect(before).toBeGreaterThan(0);
    const res = await t.gql<{ deleteDevice: { errors: Errors } }>('mutation($id: ID!) { deleteDevice(id: $id) { errors { field } } }', { id: devices[2] });
    expect(res.data?.deleteDevice.errors).toEqual([]);
    expect(await t.prisma.relationshipAssociation.count({ where: { OR: [{ sourceId: devices[2] }, { destinationId: devices[2] }] } })).toBe(0);
  });
});
