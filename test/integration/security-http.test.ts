import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webOutDir } from '../../server/src/web/build.ts';
import { bootApp, createTestDatabase, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { me { username csrfToken } errors { code } } }';
const CREATE_TOKEN = 'mutation { createApiToken(description: "stolen") { key errors { message } } }';
const ALLOWED = 'https://ops.example.net';

/** The HTTP edge: cross-origin use, CSRF, and what error responses reveal. The database does not matter here. */
describe('the HTTP edge', () => {
  let db: TestDatabase;
  let t: TestApp;
  let cookie: string;
  let csrfToken: string;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'edge');
    t = await bootApp(testConfig(db, { server: { corsOrigins: [ALLOWED] } }));
    await t.user({ username: 'edge-admin', password: 'correct horse', superuser: true });
    const login = await t.gqlWith<{ login: { me: { csrfToken: string } } }>({}, LOGIN, { u: 'edge-admin', p: 'correct horse' });
    cookie = `fathom_session=${/fathom_session=([^;]*)/.exec(login.response.headers.get('set-cookie') ?? '')?.[1] ?? ''}`;
    csrfToken = login.data?.login.me.csrfToken ?? '';
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const post = (headers: Record<string, string>, query: string) =>
    t.app.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) }));
  const preflight = (origin: string) =>
    t.app.fetch(
      new Request('http://fathom.test/graphql', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-fathom-csrf' },
      }),
    );

  it('gives other origins no cross-origin access: no CORS headers on the preflight or the response', async () => {
    for (const origin of ['https://evil.example.net', 'https://ops.example.net.evil.test', 'null']) {
      const pre = await preflight(origin);
      expect(pre.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect(pre.headers.get('access-control-allow-credentials'), origin).toBeNull();
      const res = await post({ origin, cookie, 'x-fathom-csrf': '1' }, '{ me { username } }');
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('lets an origin listed in server.corsOrigins call the API with credentials', async () => {
    const pre = await preflight(ALLOWED);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/x-fathom-csrf/);
  });

  it('refuses a cookie-authenticated mutation without the session’s CSRF token, so a sibling page cannot mint an API token', async () => {
    const before = await t.runtime.prisma.token.count();
    // What the review's sibling-origin page sent: the cookie, JSON, and the header with a guessable value.
    const attempts: Array<Record<string, string>> = [{}, { 'x-fathom-csrf': '1' }, { 'x-graphql-yoga-csrf': '1' }, { 'x-fathom-csrf': csrfToken.replace(/.$/, (c) => (c === '0' ? '1' : '0')) }];
    for (const forged of attempts) {
      const res = await post({ origin: 'https://sibling.example.net', cookie, ...forged }, CREATE_TOKEN);
      const body = (await res.json()) as { data?: { createApiToken: { key: string } | null }; errors?: Array<{ extensions: { code: string } }> };
      expect(body.data?.createApiToken?.key).toBeUndefined();
      expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    expect(await t.runtime.prisma.token.count()).toBe(before);
    // The web app, which knows the token, can.
    const real = await post({ cookie, 'x-fathom-csrf': csrfToken }, CREATE_TOKEN);
    expect(((await real.json()) as { data: { createApiToken: { key: string } } }).data.createApiToken.key).toMatch(/^[0-9a-f]{40}$/);
  });

  it('refuses, at the default limits, the review’s three-level query whose page sizes came in variables', async () => {
    const viewer = await t.user({ username: 'cost-viewer', permissions: [{ actions: ['view'], contentTypes: ['dcim.device', 'dcim.location'] }] });
    const res = await t.gqlWith<unknown>(
      viewer.headers,
      'query($n: Int) { devices(first: $n) { edges { node { name location { devices(first: $n) { edges { node { name serial comments location { name } } } } } } } } }',
      { n: 1000 },
    );
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'COST_LIMIT' } });
    expect(res.data).toBeUndefined();
  });

  it('answers malformed URLs and bodies without stack traces, paths or echoed internals', async () => {
    const probes: Array<[string, RequestInit]> = [
      ['/%', {}],
      ['/assets/%E0%A4%A', {}],
      ['/api/plugins/example/sessions/%E0%A4%A/', { headers: { authorization: `Token ${t.adminToken}` } }],
      ['/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' }],
    ];
    for (const [path, init] of probes) {
      const res = await t.app.fetch(new Request(`http://fathom.test${path}`, init));
      const text = await res.text();
      // A client error (yoga answers bad JSON with 200 and an error, as GraphQL over HTTP allows for application/json).
      expect(res.status, path).not.toBeGreaterThanOrEqual(500);
      expect(text, path).toMatch(/error/i);
      expect(text, path).not.toMatch(/\bat \S+ \(|node_modules|\/work\/|\.ts:\d|originalError|SyntaxError/);
    }
  });

  it('answers HEAD as GET without the body for the web UI’s files, and no more than GET for anything else', async () => {
    const dir = webOutDir(t.config);
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Fathom</title>');
    writeFileSync(join(dir, 'assets', 'app-abc.js'), 'console.log(1);');
    try {
      const head = (path: string) => t.app.fetch(new Request(`http://fathom.test${path}`, { method: 'HEAD' }));
      const page = await head('/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await page.text()).toBe('');
      const asset = await head('/assets/app-abc.js');
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect(await asset.text()).toBe('');
      expect((await head('/assets/missing.js')).status).toBe(404);
      // A path out of the bundle's folder is refused for HEAD as for GET.
      for (const path of ['/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fpackage.json']) {
        expect((await head(path)).status, path).toBe(404);
        expect((await t.app.fetch(new Request(`http://fathom.test${path}`))).status, path).toBe(404);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves GraphiQL from the installed package under a strict policy, and not to anonymous callers', async () => {
    const page = await t.app.fetch(new Request('http://fathom.test/graphql', { headers: { accept: 'text/html', cookie } }));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('YogaGraphiQL');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("connect-src 'self'");
    const anonymous = await t.app.fetch(new Request('http://fathom.test/graphql', { headers: { accept: 'text/html' } }));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('YogaGraphiQL');
    const compressed = await t.app.fetch(new Request('http://fathom.test/graphql', { headers: { accept: 'text/html', 'accept-encoding': 'gzip', cookie } }));
    expect(compressed.headers.get('content-encoding')).toBe('gzip');
  });

  it('accepts a cookie-session mutation from a page of this very origin (GraphiQL served here), by its Origin header', async () => {
    const res = await post({ cookie, origin: 'http://fathom.test' }, CREATE_TOKEN);
    expect(((await res.json()) as { data: { createApiToken: { key: string } } }).data.createApiToken.key).toMatch(/^[0-9a-f]{40}$/);
  });

  it('still lets cookie sessions read without the token (a read gives another origin nothing it can see)', async () => {
    const res = await post({ cookie }, '{ me { username } }');
    expect(((await res.json()) as { data: { me: { username: string } } }).data.me.username).toBe('edge-admin');
  });
});
