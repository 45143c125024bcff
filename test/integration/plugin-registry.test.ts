import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDevices } from '../fixtures/network.ts';
import { bootApp, createTestDatabase, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

const PROBE = './test/fixtures/plugins/context-probe/plugin.ts';
const SETTINGS = { color: 'blue', marker: 'm-42' };

interface Probe {
  settings: Record<string, unknown>;
  keys: string[];
  reachesSystem: boolean;
  user: string | null;
}

/** Every kind of plugin hook gets the same context: its plugin's settings, a narrowed client, no core services. */
describe('the plugin registry and the one plugin context', () => {
  let db: TestDatabase;
  let t: TestApp;
  let deviceId: string;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'registry');
    t = await bootApp(testConfig(db, { plugins: ['fathom-plugin-example', PROBE], pluginsConfig: { example: { defaultLocalAsn: 64512 }, 'context-probe': { marker: 'm-42' } } }));
    deviceId = (await buildDevices(t.runtime.prisma, 1, 0, 'Probe')).deviceIds[0] ?? '';
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const expectPluginContext = (seen: Probe | undefined) => {
    expect(seen?.settings).toEqual(SETTINGS);
    expect(seen?.reachesSystem).toBe(false);
    expect(seen?.keys).toEqual(expect.arrayContaining(['prisma', 'user', 'log', 'settings', 'secret']));
    expect(seen?.keys).not.toContain('system');
  };

  it('lists what each plugin registered on Installed Plugins', async () => {
    const res = await t.gql<{ installedPlugins: Array<{ name: string; registrations: Array<{ kind: string; name: string }> }> }>('{ installedPlugins { name registrations { kind name } } }');
    const byName = new Map(res.data?.installedPlugins.map((p) => [p.name, p.registrations]));
    expect(byName.get('context-probe')).toEqual([
      { kind: 'graphql', name: 'GraphQL subschema' },
      { kind: 'homePanel', name: 'probe' },
      { kind: 'detailSlot', name: 'Device: left — probe' },
      { kind: 'banner', name: 'page banner' },
      { kind: 'validator', name: 'Device' },
      { kind: 'job', name: 'probe' },
      { kind: 'rest', name: 'GET /api/plugins/context-probe/probe/' },
      { kind: 'middleware', name: 'middleware 1' },
      { kind: 'formExtension', name: 'Device.probeNote' },
    ]);
    expect(byName.get('example')).toContainEqual({ kind: 'searchableModel', name: 'ExampleBgpSession' });
    const example = new Set(byName.get('example')?.map((r) => r.kind));
    for (const kind of ['filterExtension', 'tableExtension', 'formExtension', 'graphql', 'databaseReady', 'navigation', 'homePanel', 'detailSlot', 'validator', 'gitDataType', 'templateFilter', 'secretsProvider', 'job', 'rest', 'middleware', 'page', 'web']) {
      expect(example, kind).toContain(kind);
    }
  });

  it('adds the example plugin’s filter and list column to the core device list', async () => {
    const prisma = t.runtime.prisma;
    const [withSession] = (await buildDevices(prisma, 2, 0, 'Filtered')).deviceIds;
    await prisma.exampleBgpSession.create({ data: { name: 'up', localAsn: 64512, remoteAsn: 65000, remoteAddress: '192.0.2.1', deviceId: withSession ?? '' } });
    const list = (has: boolean) =>
      t.gql<{ devices: { edges: Array<{ node: { name: string; exampleBgpSessionCount: number } }> } }>(
        'query($has: Boolean) { devices(filter: { q: "filtered", exampleHasSessions: $has }) { edges { node { name exampleBgpSessionCount } } } }',
        { has },
      );
    expect((await list(true)).data?.devices.edges.map((e) => e.node)).toEqual([{ name: 'filtered-r000', exampleBgpSessionCount: 1 }]);
    expect((await list(false)).data?.devices.edges.map((e) => e.node)).toEqual([{ name: 'filtered-r001', exampleBgpSessionCount: 0 }]);
    const catalog = await t.gql<{ modelCatalog: Array<{ model: string; searchable: boolean; listFields: string[]; filters: Array<{ name: string; type: string }> }> }>(
      '{ modelCatalog { model searchable listFields filters { name type } } }',
    );
    const device = catalog.data?.modelCatalog.find((m) => m.model === 'Device');
    // The plugin's model takes part in global search, as core inventory does; vocabulary such as tags does not.
    const searchable = new Set(catalog.data?.modelCatalog.filter((m) => m.searchable).map((m) => m.model));
    expect(searchable).toContain('ExampleBgpSession');
    expect(searchable).toContain('Device');
    expect(searchable).not.toContain('Tag');
    expect(device?.listFields).toContain('exampleBgpSessionCount');
    expect(device?.filters).toContainEqual({ name: 'exampleHasSessions', type: 'Boolean' });
  });

  it('hands its settings, and no core services, to its GraphQL resolvers', async () => {
    const res = await t.gql<{ contextProbe: string }>('{ contextProbe }');
    expectPluginContext(JSON.parse(res.data?.contextProbe ?? 'null') as Probe);
  });

  it('hands its settings to home panels, detail slots and banners', async () => {
    const home = await t.gql<{ uiExtensions: { homePanels: Array<{ plugin: string; content: { text: string } }> } }>('{ uiExtensions(route: "/") { homePanels { plugin content { text } } } }');
    expectPluginContext(JSON.parse(home.data?.uiExtensions.homePanels.find((p) => p.plugin === 'context-probe')?.content.text ?? 'null') as Probe);
    const detail = await t.gql<{ uiExtensions: { detail: { left: Array<{ plugin: string; content: { text: string } }> } } }>(
      'query($id: ID!) { uiExtensions(route: "/devices", model: "Device", objectId: $id) { detail { left { plugin content { text } } } } }',
      { id: deviceId },
    );
    expectPluginContext(JSON.parse(detail.data?.uiExtensions.detail.left.find((s) => s.plugin === 'context-probe')?.content.text ?? 'null') as Probe);
    const banner = await t.gql<{ uiExtensions: { banners: Array<{ plugin: string; content: { text: string } }> } }>('{ uiExtensions(route: "/probe") { banners { plugin content { text } } } }');
    expectPluginContext(JSON.parse(banner.data?.uiExtensions.banners.find((b) => b.plugin === 'context-probe')?.content.text ?? 'null') as Probe);
  });

  it('hands its settings to validators, which still stop the write', async () => {
    const res = await t.gql<{ updateDevice: { errors: Array<{ field: string; code: string; message: string }> } }>(
      'mutation($id: ID!) { updateDevice(id: $id, input: { name: "probe" }) { errors { field code message } } }',
      { id: deviceId },
    );
    const error = res.data?.updateDevice.errors.find((e) => e.code === 'PROBE');
    expectPluginContext(JSON.parse(error?.message ?? 'null') as Probe);
    expect((await t.runtime.prisma.device.findUniqueOrThrow({ where: { id: deviceId } })).name).toBe('probe-r000');
  });

  it('hands its settings to form fields, whose failing save undoes the object’s write and names the plugin', async () => {
    type Update = { updateDevice: { device: { name: string } | null; errors: Array<{ field: string; code: string; message: string }> } | null };
    const update = (input: Record<string, unknown>) =>
      t.gql<Update>('mutation($id: ID!, $input: UpdateDeviceInput!) { updateDevice(id: $id, input: $input) { device { name } errors { field code message } } }', { id: deviceId, input });
    const read = await t.gql<{ device: { probeNote: string } }>('query($id: ID!) { device(id: $id) { probeNote } }', { id: deviceId });
    expectPluginContext(JSON.parse(read.data?.device.probeNote ?? 'null') as Probe);
    const checked = await update({ probeNote: 'probe' });
    expectPluginContext(JSON.parse(checked.data?.updateDevice?.errors.find((e) => e.field === 'probeNote')?.message ?? 'null') as Probe);
    const saved = await update({ name: 'renamed-by-save', probeNote: 'save-probe' });
    expectPluginContext(JSON.parse(saved.data?.updateDevice?.errors.find((e) => e.field === 'probeNote')?.message ?? 'null') as Probe);

    const failed = await update({ name: 'renamed-by-boom', probeNote: 'boom' });
    expect(failed.errors?.[0]).toMatchObject({ message: 'Unexpected error in plugin "context-probe".', extensions: { plugin: 'context-probe' } });
    expect((await t.runtime.prisma.device.findUniqueOrThrow({ where: { id: deviceId } })).name).toBe('probe-r000');
  });

  it('hands its settings to REST handlers and middleware', async () => {
    const rest = await t.app.fetch(new Request('http://fathom.test/api/plugins/context-probe/probe/', { headers: { authorization: `Token ${t.adminToken}` } }));
    expect(rest.status).toBe(200);
    expectPluginContext((await rest.json()) as Probe);
    const health = await t.app.fetch(new Request('http://fathom.test/health'));
    expect(health.headers.get('x-probe-marker')).toBe('m-42');
  });

  it('hands its settings to jobs, whose log calls become lines of the job’s log', async () => {
    const started = await t.gql<{ runJob: { jobResult: { id: string } } }>('mutation { runJob(plugin: "context-probe", job: "probe") { jobResult { id } } }');
    await t.runtime.jobs.idle();
    const res = await t.gql<{ jobResult: { status: string; result: string; logs: Array<{ level: string; message: string }> } }>(
      'query($id: ID!) { jobResult(id: $id) { status result logs { level message } } }',
      { id: started.data?.runJob.jobResult.id },
    );
    expect(res.data?.jobResult.status).toBe('completed');
    expect(res.data?.jobResult.logs).toEqual([
      { level: 'info', message: 'marker m-42' },
      { level: 'warning', message: '{"detail":"an object without a message"}' },
    ]);
    const seen = JSON.parse(res.data?.jobResult.result ?? 'null') as Probe;
    expectPluginContext(seen);
    expect(seen.user).toMatch(/^admin-/);
  });
});
