import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../e2e/browser.ts';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices } from '../fixtures/network.ts';

const DEVICES = '{ devices(first: 100) { totalCount edges { node { id name } } } }';
const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { me { username via } errors { code message } } }';

function sessionCookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  return /fathom_session=([^;]*)/.exec(header)?.[1] ?? '';
}

/** The headers the web app sends with a session: the cookie and the session's CSRF token. */
async function sessionHeaders(t: TestApp, key: string): Promise<Record<string, string>> {
  const cookie = `fathom_session=${key}`;
  const me = await t.gqlWith<{ me: { csrfToken: string } }>({ cookie }, '{ me { csrfToken } }');
  return { cookie, 'x-fathom-csrf': me.data?.me.csrfToken ?? '' };
}

describe.each(PROVIDERS)('authentication and permissions on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let siteA: Awaited<ReturnType<typeof buildDevices>>;
  let siteB: Awaited<ReturnType<typeof buildDevices>>;

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'auth');
    t = await bootApp(testConfig(db));
    siteA = await buildDevices(t.runtime.prisma, 3, 1, 'Site A');
    siteB = await buildDevices(t.runtime.prisma, 2, 1, 'Site B');
    await t.runtime.prisma.exampleBgpSession.create({ data: { name: 's1', localAsn: 1, remoteAsn: 2, remoteAddress: '192.0.2.1', deviceId: siteA.deviceIds[0] ?? '' } });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('refuses anonymous reads and writes, but answers `me` with null', async () => {
    const read = await t.gqlWith({}, DEVICES);
    expect(read.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(read.data).toBeUndefined();
    const write = await t.gqlWith({}, 'mutation { deleteDevice(id: "x") { deletedId } }');
    expect(write.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const me = await t.gqlWith<{ me: null }>({}, '{ me { username } }');
    expect(me.data?.me).toBeNull();
  });

  it('lets a superuser see everything', async () => {
    const res = await t.gql<{ devices: { totalCount: number } }>(DEVICES);
    expect(res.data?.devices.totalCount).toBe(5);
  });

  it('logs in with a session cookie (HttpOnly, SameSite, rotated on each login) and logs out', async () => {
    await t.user({ username: 'alice', password: 'correct horse', superuser: true });
    const first = await t.gqlWith<{ login: { me: { username: string; via: string } } }>({}, LOGIN, { u: 'alice', p: 'correct horse' });
    expect(first.data?.login.me).toEqual({ username: 'alice', via: 'session' });
    const header = first.response.headers.get('set-cookie') ?? '';
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).not.toMatch(/Secure/);
    const key1 = sessionCookieOf(first.response);
    const viaCookie = await t.gqlWith<{ devices: { totalCount: number } }>({ cookie: `fathom_session=${key1}` }, DEVICES);
    expect(viaCookie.data?.devices.totalCount).toBe(5);

    const second = await t.gqlWith(await sessionHeaders(t, key1), LOGIN, { u: 'alice', p: 'correct horse' });
    const key2 = sessionCookieOf(second.response);
    expect(key2).not.toBe(key1);
    const stale = await t.gqlWith({ cookie: `fathom_session=${key1}` }, DEVICES);
    expect(stale.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');

    const out = await t.gqlWith<{ logout: boolean }>(await sessionHeaders(t, key2), 'mutation { logout }');
    expect(out.data?.logout).toBe(true);
    const after = await t.gqlWith({ cookie: `fathom_session=${key2}` }, DEVICES);
    expect(after.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('marks the session cookie Secure when served over HTTPS', async () => {
    await t.user({ username: 'secure-sam', password: 'correct horse' });
    const res = await t.app.fetch(
      new Request('https://fathom.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: LOGIN, variables: { u: 'secure-sam', p: 'correct horse' } }),
      }),
    );
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('rejects a wrong password with one message, and records logins in the audit log with where they came from', async () => {
    const bad = await t.gqlWith<{ login: { me: null; errors: Array<{ code: string }> } }>({}, LOGIN, { u: 'alice', p: 'wrong' });
    expect(bad.data?.login).toEqual({ me: null, errors: [expect.objectContaining({ code: 'INVALID_LOGIN' })] });
    const unknown = await t.gqlWith<{ login: { errors: Array<{ message: string }> } }>({}, LOGIN, { u: 'nobody', p: 'wrong' });
    expect(unknown.data?.login.errors[0]?.message).toBe(bad.data?.login.errors[0] && 'Invalid username or password.');
    const log = await t.gql<{ auditEvents: Array<{ action: string; actorName: string }> }>('{ auditEvents(last: 50) { action actorName ip time } }');
    const actions = log.data?.auditEvents.map((e) => `${e.action}:${e.actorName}`) ?? [];
    expect(actions).toEqual(expect.arrayContaining(['login.failure:alice', 'login.failure:nobody', 'login.success:alice', 'logout:alice']));
  });

  it('records the client address of a login attempt made over HTTP', async () => {
    const { url, server } = await listen(t);
    try {
      await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: LOGIN, variables: { u: 'over-http', p: 'wrong' } }),
      });
    } finally {
      server.close();
    }
    const event = await t.runtime.prisma.auditEvent.findFirst({ where: { action: 'login.failure', actorName: 'over-http' } });
    expect(event?.ip).toMatch(/127\.0\.0\.1$/);
  });

  it('refuses cookie-authenticated requests that a cross-site form could send (CSRF)', async () => {
    await t.user({ username: 'csrf-carl', password: 'correct horse', superuser: true });
    const login = await t.gqlWith({}, LOGIN, { u: 'csrf-carl', p: 'correct horse' });
    const cookie = `fathom_session=${sessionCookieOf(login.response)}`;
    const forged = await t.app.fetch(
      new Request('http://fathom.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: `query=${encodeURIComponent(`mutation { deleteDevice(id: "${siteB.deviceIds[0]}") { deletedId } }`)}`,
      }),
    );
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(await t.runtime.prisma.device.count({ where: { id: siteB.deviceIds[0] ?? '' } })).toBe(1);
  });

  it('refuses an expired token and a revoked one', async () => {
    const expired = await t.user({ username: 'old-token', superuser: true, expires: new Date(Date.now() - 1000) });
    const res = await t.gqlWith(expired.headers, DEVICES);
    expect(res.errors?.[0]).toMatchObject({ message: 'This token has expired.', extensions: { code: 'UNAUTHENTICATED' } });

    const bob = await t.user({ username: 'bob', superuser: true });
    const mine = await t.gqlWith<{ myApiTokens: Array<{ id: string }> }>(bob.headers, '{ myApiTokens { id prefix } }');
    const id = mine.data?.myApiTokens[0]?.id;
    const revoked = await t.gqlWith<{ revokeApiToken: boolean }>(bob.headers, 'mutation($id: ID!) { revokeApiToken(id: $id) }', { id });
    expect(revoked.data?.revokeApiToken).toBe(true);
    const after = await t.gqlWith(bob.headers, DEVICES);
    expect(after.errors?.[0]).toMatchObject({ message: 'This token has been revoked.', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('issues a token through GraphQL whose key is shown once and stored only as a hash', async () => {
    const carol = await t.user({ username: 'carol', superuser: true });
    const made = await t.gqlWith<{ createApiToken: { key: string; token: { prefix: string; writeEnabled: boolean } } }>(
      carol.headers,
      'mutation { createApiToken(description: "ci", writeEnabled: false) { key token { prefix writeEnabled } errors { message } } }',
    );
    const key = made.data?.createApiToken.key ?? '';
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(made.data?.createApiToken.token).toEqual({ prefix: key.slice(0, 8), writeEnabled: false });
    const stored = await t.runtime.prisma.token.findMany({ where: { prefix: key.slice(0, 8) } });
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(key);
    const works = await t.gqlWith<{ devices: { totalCount: number } }>({ authorization: `Token ${key}` }, DEVICES);
    expect(works.data?.devices.totalCount).toBe(5);
  });

  it('lets a read-only token read but never write', async () => {
    const reader = await t.user({ username: 'reader', superuser: true, writeEnabled: false });
    const read = await t.gqlWith<{ devices: { totalCount: number } }>(reader.headers, DEVICES);
    expect(read.data?.devices.totalCount).toBe(5);
    const write = await t.gqlWith(reader.headers, 'mutation($id: ID!) { deleteDevice(id: $id) { deletedId } }', { id: siteB.deviceIds[0] });
    expect(write.errors?.[0]).toMatchObject({ message: 'This token is read-only.', extensions: { code: 'FORBIDDEN' } });
    expect(await t.runtime.prisma.device.count()).toBe(5);
  });

  it('filters a list to exactly the rows a constrained permission allows, and hides the others by id', async () => {
    const dana = await t.user({
      username: 'dana',
      permissions: [{ actions: ['view'], contentTypes: ['dcim.device', 'dcim.location'], constraints: { location: { name: 'Site A' } } }],
    });
    const list = await t.gqlWith<{ devices: { totalCount: number; edges: Array<{ node: { id: string } }> } }>(dana.headers, DEVICES);
    expect(list.errors).toBeUndefined();
    expect(list.data?.devices.totalCount).toBe(3);
    expect(list.data?.devices.edges.map((e) => e.node.id).sort()).toEqual([...siteA.deviceIds].sort());
    const hidden = await t.gqlWith<{ device: null }>(dana.headers, 'query($id: ID!) { device(id: $id) { id } }', { id: siteB.deviceIds[0] });
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data?.device).toBeNull();
    // Interfaces are not granted: nested lists come back empty, not failed.
    const nested = await t.gqlWith<{ device: { interfaces: unknown[] } }>(dana.headers, 'query($id: ID!) { device(id: $id) { interfaces { id } } }', { id: siteA.deviceIds[0] });
    expect(nested.data?.device.interfaces).toEqual([]);
  });

  it('keeps writes inside a constrained permission and writes nothing outside it', async () => {
    const erin = await t.user({
      username: 'erin',
      permissions: [
        { actions: ['view'], contentTypes: ['dcim.device', 'dcim.location', 'dcim.devicetype', 'extras.role', 'extras.status'] },
        { actions: ['add', 'change', 'delete'], contentTypes: ['dcim.device'], constraints: { location: { name: 'Site A' } } },
      ],
    });
    const create = 'mutation($input: CreateDeviceInput!) { createDevice(input: $input) { device { name } errors { code } } }';
    const base = { deviceTypeId: siteA.deviceTypeId, roleId: siteA.roleId, statusId: siteA.statusId };
    const outside = await t.gqlWith<{ createDevice: { device: null; errors: Array<{ code: string }> } }>(erin.headers, create, { input: { ...base, name: 'nope', locationId: siteB.siteId } });
    expect(outside.data?.createDevice).toEqual({ device: null, errors: [{ code: 'FORBIDDEN' }] });
    expect(await t.runtime.prisma.device.count({ where: { name: 'nope' } })).toBe(0);
    const inside = await t.gqlWith<{ createDevice: { device: { name: string } } }>(erin.headers, create, { input: { ...base, name: 'ok-a', locationId: siteA.siteId } });
    expect(inside.data?.createDevice.device).toEqual({ name: 'ok-a' });
    const del = await t.gqlWith<{ deleteDevice: { errors: Array<{ code: string }> } }>(erin.headers, 'mutation($id: ID!) { deleteDevice(id: $id) { deletedId errors { code } } }', { id: siteB.deviceIds[0] });
    expect(del.data?.deleteDevice.errors).toEqual([{ code: 'NOT_FOUND' }]);
    expect(await t.runtime.prisma.device.count({ where: { id: siteB.deviceIds[0] ?? '' } })).toBe(1);
    await t.runtime.prisma.device.deleteMany({ where: { name: 'ok-a' } });
  });

  it('refuses a mutation without the action at all', async () => {
    const fay = await t.user({ username: 'fay', permissions: [{ actions: ['view'], contentTypes: ['dcim.device'] }] });
    const res = await t.gqlWith(fay.headers, 'mutation($id: ID!) { deleteDevice(id: $id) { deletedId } }', { id: siteB.deviceIds[0] });
    expect(res.errors?.[0]).toMatchObject({ message: 'You do not have permission to delete dcim.device.', extensions: { code: 'FORBIDDEN' } });
  });

  it('hides a plugin model from a user without view on it, in its own list and in fields merged onto core types', async () => {
    const gus = await t.user({ username: 'gus', permissions: [{ actions: ['view'], contentTypes: ['dcim.device'] }] });
    const res = await t.gqlWith<{ exampleBgpSessions: { totalCount: number }; device: { exampleBgpSessions: unknown[]; exampleBgpSessionCount: number } }>(
      gus.headers,
      'query($id: ID!) { exampleBgpSessions { totalCount } device(id: $id) { exampleBgpSessions { id } exampleBgpSessionCount } }',
      { id: siteA.deviceIds[0] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ exampleBgpSessions: { totalCount: 0 }, device: { exampleBgpSessions: [], exampleBgpSessionCount: 0 } });
    const granted = await t.user({ username: 'hal', permissions: [{ actions: ['view'], contentTypes: ['dcim.device', 'example.examplebgpsession'] }] });
    const seen = await t.gqlWith<{ exampleBgpSessions: { totalCount: number } }>(granted.headers, '{ exampleBgpSessions { totalCount } }');
    expect(seen.data?.exampleBgpSessions.totalCount).toBe(1);
  });

  it('grants a group’s permissions to its members, and manages users and groups through GraphQL', async () => {
    const made = await t.gql<{ createUser: { user: { id: string; username: string }; errors: unknown[] } }>(
      'mutation { createUser(input: { username: "ivy", password: "long enough pw" }) { user { id username } errors { field message } } }',
    );
    expect(made.data?.createUser.errors).toEqual([]);
    const ivyId = made.data?.createUser.user.id;
    const group = await t.gql<{ createGroup: { group: { id: string } } }>('mutation($u: [ID!]) { createGroup(name: "noc", userIds: $u) { group { id } errors { message } } }', { u: [ivyId] });
    const groupId = group.data?.createGroup.group.id;
    await t.gql(
      'mutation($g: ID!) { createObjectPermission(input: { name: "noc devices", actions: ["view"], contentTypes: ["dcim.device"], groupIds: [$g] }) { errors { message } } }',
      { g: groupId },
    );
    const login = await t.gqlWith({}, LOGIN, { u: 'ivy', p: 'long enough pw' });
    const cookie = `fathom_session=${sessionCookieOf(login.response)}`;
    const seen = await t.gqlWith<{ devices: { totalCount: number } }>({ cookie }, '{ devices { totalCount } }');
    expect(seen.data?.devices.totalCount).toBe(5);

    await t.gql('mutation($g: ID!) { updateGroup(id: $g, userIds: []) { errors { message } } }', { g: groupId });
    const after = await t.gqlWith<{ devices: { totalCount: number } }>({ cookie }, '{ devices { totalCount } }');
    expect(after.data?.devices.totalCount).toBe(0);

    const manager = await t.user({ username: 'manager', permissions: [{ actions: ['view', 'add', 'change'], contentTypes: ['users.user'] }] });
    const escalate = await t.gqlWith<{ createUser: { errors: Array<{ field: string }> } }>(
      manager.headers,
      'mutation { createUser(input: { username: "root2", password: "long enough pw", isSuperuser: true }) { errors { field } } }',
    );
    expect(escalate.data?.createUser.errors).toEqual([{ field: 'isSuperuser' }]);
    const disable = await t.gqlWith<{ updateUser: { errors: unknown[] } }>(manager.headers, 'mutation($id: ID!) { updateUser(id: $id, input: { isActive: false }) { errors { field } } }', { id: ivyId });
    expect(disable.data?.updateUser.errors).toEqual([]);
    const gone = await t.gqlWith({ cookie }, '{ devices { totalCount } }');
    expect(gone.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const log = await t.gql<{ auditEvents: Array<{ action: string }> }>('{ auditEvents(last: 300) { action } }');
    expect(log.data?.auditEvents.map((e) => e.action)).toEqual(expect.arrayContaining(['user.create', 'group.create', 'group.update', 'user.update']));
  });

  it('records permission changes and token creation in the audit log', async () => {
    const created = await t.gql<{ createObjectPermission: { objectPermission: { id: string; actions: string[] }; errors: unknown[] } }>(
      'mutation { createObjectPermission(input: { name: "noc-view", actions: ["view"], contentTypes: ["dcim.device"], constraints: "{\\"name\\":{\\"startsWith\\":\\"site-a\\"}}" }) { objectPermission { id actions } errors { field message } } }',
    );
    expect(created.data?.createObjectPermission.errors).toEqual([]);
    const invalid = await t.gql<{ createObjectPermission: { errors: Array<{ field: string }> } }>(
      'mutation { createObjectPermission(input: { name: "bad", actions: ["fly"], contentTypes: ["dcim.device"], constraints: "{\\"noSuchField\\":1}" }) { errors { field } } }',
    );
    expect(invalid.data?.createObjectPermission.errors.map((e) => e.field).sort()).toEqual(['actions', 'constraints']);
    await t.gql('mutation($id: ID!) { deleteObjectPermission(id: $id) }', { id: created.data?.createObjectPermission.objectPermission.id });
    const log = await t.gql<{ auditEvents: Array<{ action: string }> }>('{ auditEvents(last: 200) { action } }');
    expect(log.data?.auditEvents.map((e) => e.action)).toEqual(expect.arrayContaining(['permission.create', 'permission.delete', 'token.create', 'token.revoke']));
  });
});

describe('exempt view permissions', () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'exempt');
    t = await bootApp(testConfig(db, { auth: { exemptViewPermissions: ['dcim.device'] } }));
    await buildDevices(t.runtime.prisma, 2, 0, 'Open');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('lets anonymous callers read an exempt model, and nothing else', async () => {
    const open = await t.gqlWith<{ devices: { totalCount: number } }>({}, '{ devices { totalCount } }');
    expect(open.data?.devices.totalCount).toBe(2);
    const closed = await t.gqlWith({}, '{ locations { totalCount } }');
    expect(closed.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });
});
