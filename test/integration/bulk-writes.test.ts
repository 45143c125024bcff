import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices, buildSite } from '../fixtures/network.ts';

type Err = { field: string; code: string; message: string };
type WriteResult = { index: number; device: { id: string; name: string } | null; errors: Err[] };
type WritePayload = { ok: boolean; dryRun: boolean; results: WriteResult[] };

const CREATE = `mutation($inputs: [CreateDeviceInput!]!, $dryRun: Boolean) {
  bulkCreateDevice(inputs: $inputs, dryRun: $dryRun) { ok dryRun results { index device { id name } errors { field code message } } }
}`;
const UPDATE = `mutation($items: [BulkUpdateDeviceItem!]!) {
  bulkUpdateDevice(items: $items) { ok results { index device { id name serial } errors { field code message } } }
}`;
const DELETE = `mutation($ids: [ID!]!, $dryRun: Boolean) {
  bulkDeleteDevice(ids: $ids, dryRun: $dryRun) { ok results { index deletedId errors { field code message } } }
}`;

describe.each(PROVIDERS)('bulk writes on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let base: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase(provider, 'bulk');
    t = await bootApp(testConfig(db));
    const site = await buildSite(t.runtime.prisma, 'Bulk');
    base = { locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId };
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const devices = (prefix: string) => t.runtime.prisma.device.count({ where: { name: { startsWith: prefix } } });

  it('creates a list in one transaction, with a change record each', async () => {
    const result = await t.gql<{ bulkCreateDevice: WritePayload }>(CREATE, { inputs: ['a', 'b', 'c'].map((n) => ({ ...base, name: `ok-${n}` })) });
    expect(result.errors).toBeUndefined();
    expect(result.data?.bulkCreateDevice).toMatchObject({ ok: true, dryRun: false });
    expect(result.data?.bulkCreateDevice.results.map((r) => [r.index, r.device?.name, r.errors])).toEqual([[0, 'ok-a', []], [1, 'ok-b', []], [2, 'ok-c', []]]);
    expect(await devices('ok-')).toBe(3);
    const changes = await t.runtime.prisma.objectChange.count({ where: { contentType: 'dcim.device', action: 'create', objectRepr: { startsWith: 'ok-' } } });
    expect(changes).toBe(3);
  });

  it('writes nothing when one object is invalid, and gives each its own field errors', async () => {
    const res = await t.gql<{ bulkCreateDevice: WritePayload }>(CREATE, {
      inputs: [{ ...base, name: 'bad-1' }, { ...base, name: '', locationId: 'no-such-location' }, { ...base, name: 'bad-3' }],
    });
    const payload = res.data?.bulkCreateDevice;
    expect(payload?.ok).toBe(false);
    expect(payload?.results[0]).toMatchObject({ index: 0, device: null, errors: [] });
    expect(payload?.results[1]?.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'name', code: 'REQUIRED' }), expect.objectContaining({ field: 'locationId', code: 'NOT_FOUND' })]));
    expect(payload?.results[2]).toMatchObject({ device: null, errors: [] });
    expect(await devices('bad-')).toBe(0);
  });

  it('undoes the whole list when the database refuses one object (a duplicate inside the list), naming it', async () => {
    const res = await t.gql<{ bulkCreateDevice: WritePayload }>(CREATE, { inputs: [{ ...base, name: 'dup-1' }, { ...base, name: 'dup-2' }, { ...base, name: 'dup-1' }] });
    expect(res.errors).toBeUndefined();
    const payload = res.data?.bulkCreateDevice;
    expect(payload?.ok).toBe(false);
    expect(payload?.results.map((r) => r.errors.map((e) => e.code))).toEqual([[], [], ['UNIQUE']]);
    expect(payload?.results[2]?.errors[0]).toMatchObject({ field: 'name', message: 'Object 1 of this list has the same locationId and name.' });
    expect(await devices('dup-')).toBe(0);
  });

  it('checks and writes on a dry run, then rolls back', async () => {
    const fine = await t.gql<{ bulkCreateDevice: WritePayload }>(CREATE, { inputs: [{ ...base, name: 'dry-1' }, { ...base, name: 'dry-2' }], dryRun: true });
    expect(fine.data?.bulkCreateDevice).toMatchObject({ ok: true, dryRun: true });
    expect(await devices('dry-')).toBe(0);
    const dupe = await t.gql<{ bulkCreateDevice: WritePayload }>(CREATE, { inputs: [{ ...base, name: 'dry-1' }, { ...base, name: 'dry-1' }], dryRun: true });
    expect(dupe.data?.bulkCreateDevice.ok).toBe(false);
    expect(dupe.data?.bulkCreateDevice.results[1]?.errors[0]?.code).toBe('UNIQUE');
  });

  it('updates a list, each with its input, all or none (an unknown id refuses the lot)', async () => {
    const made = await buildDevices(t.runtime.prisma, 3, 0, 'Bulk Edit');
    const [a, b, c] = made.deviceIds;
    const res = await t.gql<{ bulkUpdateDevice: { ok: boolean; results: Array<{ device: { serial: string } | null; errors: Err[] }> } }>(UPDATE, {
      items: [a, b, c].map((id) => ({ id, input: { serial: 'SN-BULK' } })),
    });
    expect(res.data?.bulkUpdateDevice.ok).toBe(true);
    expect(res.data?.bulkUpdateDevice.results.map((r) => r.device?.serial)).toEqual(['SN-BULK', 'SN-BULK', 'SN-BULK']);
    const missing = await t.gql<{ bulkUpdateDevice: { ok: boolean; results: Array<{ errors: Err[] }> } }>(UPDATE, {
      items: [{ id: a, input: { serial: 'SN-2' } }, { id: 'no-such-device', input: { serial: 'SN-2' } }],
    });
    expect(missing.data?.bulkUpdateDevice.ok).toBe(false);
    expect(missing.data?.bulkUpdateDevice.results[1]?.errors).toEqual([expect.objectContaining({ field: 'id', code: 'NOT_FOUND' })]);
    expect((await t.runtime.prisma.device.findUnique({ where: { id: a as string } }))?.serial).toBe('SN-BULK');
  });

  it('deletes a list all or none: a protected object keeps every other one too', async () => {
    const made = await buildDevices(t.runtime.prisma, 2, 0, 'Bulk Delete');
    const gone = await t.gql<{ bulkDeleteDevice: { ok: boolean; results: Array<{ deletedId: string | null }> } }>(DELETE, { ids: made.deviceIds, dryRun: true });
    expect(gone.data?.bulkDeleteDevice.ok).toBe(true);
    expect(await t.runtime.prisma.device.count({ where: { id: { in: made.deviceIds } } })).toBe(2);
    const locations = `mutation($ids: [ID!]!) { bulkDeleteLocation(ids: $ids) { ok results { index deletedId errors { code } } } }`;
    const spare = await buildSite(t.runtime.prisma, 'Spare site');
    const refused = await t.gql<{ bulkDeleteLocation: { ok: boolean; results: Array<{ deletedId: string | null; errors: Array<{ code: string }> }> } }>(locations, { ids: [spare.siteId, made.siteId] });
    expect(refused.data?.bulkDeleteLocation.ok).toBe(false);
    expect(refused.data?.bulkDeleteLocation.results.map((r) => r.errors.map((e) => e.code))).toEqual([[], ['PROTECTED']]);
    expect(await t.runtime.prisma.location.count({ where: { id: spare.siteId } })).toBe(1);
    const done = await t.gql<{ bulkDeleteDevice: { ok: boolean } }>(DELETE, { ids: made.deviceIds });
    expect(done.data?.bulkDeleteDevice.ok).toBe(true);
    expect(await t.runtime.prisma.device.count({ where: { id: { in: made.deviceIds } } })).toBe(0);
  });

  it('refuses a list longer than 1,000 objects before reading any of it', async () => {
    const res = await t.gql(CREATE, { inputs: Array.from({ length: 1001 }, (_, i) => ({ ...base, name: `big-${i}` })) });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.errors?.[0]?.message).toContain('at most 1000 objects; this one has 1001');
    expect(await devices('big-')).toBe(0);
  });

  it('holds a constrained permission for every object: one outside it refuses the list', async () => {
    const other = await buildSite(t.runtime.prisma, 'Bulk elsewhere');
    const user = await t.user({
      username: `bulk-${provider}`,
      permissions: [{ actions: ['view', 'add'], contentTypes: ['dcim.device'], constraints: { locationId: base['locationId'] } }, { actions: ['view'], contentTypes: ['dcim.location', 'dcim.devicetype', 'extras.role', 'extras.status'] }],
    });
    const res = await user.gql<{ bulkCreateDevice: WritePayload }>(CREATE, { inputs: [{ ...base, name: 'scoped-1' }, { ...base, locationId: other.siteId, name: 'scoped-2' }] });
    expect(res.data?.bulkCreateDevice.ok).toBe(false);
    expect(res.data?.bulkCreateDevice.results[1]?.errors[0]?.code).toBe('FORBIDDEN');
    expect(await devices('scoped-')).toBe(0);
    const viewer = await t.user({ username: `bulk-viewer-${provider}`, permissions: [{ actions: ['view'], contentTypes: ['dcim.device'] }] });
    const refused = await viewer.gql(CREATE, { inputs: [{ ...base, name: 'viewer-1' }] });
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});
