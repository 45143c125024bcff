import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices } from '../fixtures/network.ts';

describe.each(PROVIDERS)('plugin REST endpoints and middleware on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let sessionA: string;
  let sessionB: string;

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'rest');
    t = await bootApp(testConfig(db));
    const a = await buildDevices(t.runtime.prisma, 1, 0, 'Rest A');
    const b = await buildDevices(t.runtime.prisma, 1, 0, 'Rest B');
    sessionA = (await t.runtime.prisma.exampleBgpSession.create({ data: { name: 'a', localAsn: 1, remoteAsn: 2, remoteAddress: '192.0.2.1', deviceId: a.deviceIds[0] ?? '' } })).id;
    sessionB = (await t.runtime.prisma.exampleBgpSession.create({ data: { name: 'b', localAsn: 1, remoteAsn: 3, remoteAddress: '192.0.2.2', deviceId: b.deviceIds[0] ?? '' } })).id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const get = (path: string, headers: Record<string, string> = {}) => t.app.fetch(new Request(`http://fathom.test${path}`, { headers }));

  it('serves the example plugin’s endpoint under /api/plugins/<baseUrl>/ to a permitted caller', async () => {
    const res = await get('/api/plugins/example/sessions/', { authorization: `Token ${t.adminToken}` });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { count: number; results: Array<{ name: string }> };
    expect(body.results.map((s) => s.name)).toEqual(['a', 'b']);
    const one = await get(`/api/plugins/example/sessions/${sessionB}/`, { authorization: `Token ${t.adminToken}` });
    expect(await one.json()).toMatchObject({ name: 'b', remoteAsn: 3 });
  });

  it('refuses anonymous callers, callers without the permission, and unknown methods; and narrows data to a constraint', async () => {
    expect((await get('/api/plugins/example/sessions/')).status).toBe(401);
    const nobody = await t.user({ username: `rest-nobody-${provider}`, permissions: [{ actions: ['view'], contentTypes: ['dcim.device'] }] });
    expect((await get('/api/plugins/example/sessions/', nobody.headers)).status).toBe(403);
    const post = await t.app.fetch(new Request('http://fathom.test/api/plugins/example/sessions/', { method: 'POST', headers: { authorization: `Token ${t.adminToken}` } }));
    expect(post.status).toBe(405);
    const scoped = await t.user({
      username: `rest-scoped-${provider}`,
      permissions: [{ actions: ['view'], contentTypes: ['example.examplebgpsession'], constraints: { device: { location: { name: 'Rest A' } } } }],
    });
    const list = (await (await get('/api/plugins/example/sessions/', scoped.headers)).json()) as { results: Array<{ id: string }> };
    expect(list.results.map((s) => s.id)).toEqual([sessionA]);
    expect((await get(`/api/plugins/example/sessions/${sessionB}/`, scoped.headers)).status).toBe(404);
    expect((await get('/api/plugins/example/nothing-here/', { authorization: `Token ${t.adminToken}` })).status).toBe(404);
  });

  it('runs plugin middleware around every request', async () => {
    const health = await get('/health');
    expect(health.headers.get('server-timing')).toMatch(/^fathom;dur=\d+(\.\d)?$/);
    const graphql = await t.app.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Token ${t.adminToken}` }, body: '{"query":"{ me { username } }"}' }));
    expect(graphql.headers.get('server-timing')).toMatch(/^fathom;dur=/);
    expect(((await graphql.json()) as { data: { me: { username: string } } }).data.me.username).toMatch(/^admin-/);
    // A redirect's headers cannot be changed in place; it still gets the header, and stays a redirect.
    const redirect = await get('/');
    expect([redirect.status, redirect.headers.get('location')]).toEqual([302, 'http://fathom.test/graphql']);
    expect(redirect.headers.get('server-timing')).toMatch(/^fathom;dur=/);
  });
});

describe('plugin REST paths', () => {
  it('refuses a REST path that tries to leave /api/plugins/<baseUrl>/', async () => {
    const { loadPlugins } = await import('../../server/src/plugins/load.ts');
    const { validatePlugins } = await import('../../server/src/plugins/validate.ts');
    const found = await loadPlugins(['./test/fixtures/plugins/rest-escape/plugin.ts'], (await import('../harness.ts')).ROOT);
    expect(() => validatePlugins(found, { fathomVersion: '0.1.0', pluginsConfig: {} })).toThrow(/Plugin "rest-escape": its definition is not valid: rest\.0\.path must be a relative path/);
  });
});
