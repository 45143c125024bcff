import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices } from '../fixtures/network.ts';

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { me { username } errors { code } } }';
const UPDATE_USER = 'mutation($id: ID!, $input: UserInput!) { updateUser(id: $id, input: $input) { user { id } errors { field code message } } }';
const UPDATE_GROUP = 'mutation($id: ID!, $users: [ID!]) { updateGroup(id: $id, userIds: $users) { group { id } errors { field code message } } }';
const CREATE_PERMISSION =
  'mutation($input: CreateObjectPermissionInput!) { createObjectPermission(input: $input) { objectPermission { id } errors { field code message } } }';
const UPDATE_PERMISSION =
  'mutation($id: ID!, $input: UpdateObjectPermissionInput!) { updateObjectPermission(id: $id, input: $input) { objectPermission { id } errors { field code message } } }';

type Errors = Array<{ field: string; code: string; message: string }>;

/** Findings 4 and 5 of the security review: administration must not lead to superuser, nor history to hidden rows. */
describe.each(PROVIDERS)('privilege boundaries on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let root: { id: string; token: string; headers: Record<string, string> };
  let sites: { a: Awaited<ReturnType<typeof buildDevices>>; b: Awaited<ReturnType<typeof buildDevices>> };

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'privilege');
    t = await bootApp(testConfig(db));
    root = await t.user({ username: 'root', superuser: true, password: 'the real root password' });
    sites = { a: await buildDevices(t.runtime.prisma, 2, 0, 'Priv A'), b: await buildDevices(t.runtime.prisma, 2, 0, 'Priv B') };
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const canLogIn = async (username: string, password: string) => {
    const res = await t.gqlWith<{ login: { me: { username: string } | null } }>({}, LOGIN, { u: username, p: password });
    return res.data?.login.me?.username === username;
  };

  it('refuses a user administrator who resets a superuser’s password, disables it or changes its groups', async () => {
    const admin = await t.user({ username: `useradmin-${provider}`, permissions: [{ actions: ['view', 'add', 'change'], contentTypes: ['users.user'] }] });
    for (const input of [{ password: 'attacker chosen pw' }, { isActive: false }, { groupIds: [] }, { email: 'attacker@example.net' }]) {
      const res = await t.gqlWith<{ updateUser: { errors: Errors } }>(admin.headers, UPDATE_USER, { id: root.id, input });
      expect(res.data?.updateUser.errors[0]?.code, JSON.stringify(input)).toBe('FORBIDDEN');
    }
    expect(await canLogIn('root', 'attacker chosen pw')).toBe(false);
    expect(await canLogIn('root', 'the real root password')).toBe(true);
    // The same administrator may still manage ordinary users.
    const plain = await t.user({ username: `plain-${provider}`, password: 'plain user password' });
    const ok = await t.gqlWith<{ updateUser: { errors: Errors } }>(admin.headers, UPDATE_USER, { id: plain.id, input: { email: 'plain@example.net' } });
    expect(ok.data?.updateUser.errors).toEqual([]);
  });

  it('refuses adding anyone to a group that grants more than the administrator holds, by either side of the membership', async () => {
    const powerful = await t.runtime.prisma.group.create({ data: { name: `powerful-${provider}` } });
    await t.gql(CREATE_PERMISSION, { input: { name: `powerful-perm-${provider}`, actions: ['view', 'add', 'change', 'delete'], contentTypes: ['users.objectpermission', 'dcim.device'], groupIds: [powerful.id] } });
    const admin = await t.user({
      username: `groupadmin-${provider}`,
      permissions: [{ actions: ['view', 'change'], contentTypes: ['users.user', 'users.group'] }],
    });
    const viaUser = await t.gqlWith<{ updateUser: { errors: Errors } }>(admin.headers, UPDATE_USER, { id: admin.id, input: { groupIds: [powerful.id] } });
    expect(viaUser.data?.updateUser.errors).toEqual([expect.objectContaining({ field: 'groupIds', code: 'FORBIDDEN' })]);
    const viaGroup = await t.gqlWith<{ updateGroup: { errors: Errors } }>(admin.headers, UPDATE_GROUP, { id: powerful.id, users: [admin.id] });
    expect(viaGroup.data?.updateGroup.errors).toEqual([expect.objectContaining({ field: 'userIds', code: 'FORBIDDEN' })]);
    expect(await t.runtime.prisma.group.count({ where: { id: powerful.id, users: { some: { id: admin.id } } } })).toBe(0);

    // A group whose permissions the administrator holds is theirs to hand out.
    const modest = await t.runtime.prisma.group.create({ data: { name: `modest-${provider}` } });
    await t.gql(CREATE_PERMISSION, { input: { name: `modest-perm-${provider}`, actions: ['view'], contentTypes: ['users.user'], groupIds: [modest.id] } });
    const fine = await t.gqlWith<{ updateUser: { errors: Errors } }>(admin.headers, UPDATE_USER, { id: admin.id, input: { groupIds: [modest.id] } });
    expect(fine.data?.updateUser.errors).toEqual([]);
  });

  it('refuses a permission administrator who grants actions they do not hold, or widens an existing permission to themselves', async () => {
    const admin = await t.user({
      username: `permadmin-${provider}`,
      permissions: [
        { actions: ['view', 'add', 'change'], contentTypes: ['users.objectpermission'] },
        { actions: ['view'], contentTypes: ['dcim.device'], constraints: { location: { name: 'Priv A' } } },
      ],
    });
    const grant = (input: Record<string, unknown>) => t.gqlWith<{ createObjectPermission: { errors: Errors } }>(admin.headers, CREATE_PERMISSION, { input: { userIds: [admin.id], ...input } });
    const change = await grant({ name: `self-change-${provider}`, actions: ['change'], contentTypes: ['dcim.device'] });
    expect(change.data?.createObjectPermission.errors[0]).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('change on dcim.device') });
    const unconstrained = await grant({ name: `self-all-${provider}`, actions: ['view'], contentTypes: ['dcim.device'] });
    expect(unconstrained.data?.createObjectPermission.errors[0]?.code).toBe('FORBIDDEN');
    const superuserLike = await grant({ name: `self-users-${provider}`, actions: ['change'], contentTypes: ['users.user'] });
    expect(superuserLike.data?.createObjectPermission.errors[0]?.code).toBe('FORBIDDEN');
    // Passing on exactly what they hold is allowed.
    const same = await grant({ name: `same-${provider}`, actions: ['view'], contentTypes: ['dcim.device'], constraints: JSON.stringify({ location: { name: 'Priv A' } }) });
    expect(same.data?.createObjectPermission.errors).toEqual([]);

    const broad = await t.gql<{ createObjectPermission: { objectPermission: { id: string } } }>(CREATE_PERMISSION, {
      input: { name: `broad-${provider}`, actions: ['view', 'change', 'delete'], contentTypes: ['dcim.device'] },
    });
    const widen = await t.gqlWith<{ updateObjectPermission: { errors: Errors } }>(admin.headers, UPDATE_PERMISSION, {
      id: broad.data?.createObjectPermission.objectPermission.id,
      input: { userIds: [admin.id] },
    });
    expect(widen.data?.updateObjectPermission.errors[0]?.code).toBe('FORBIDDEN');
    expect(await t.runtime.prisma.objectPermission.count({ where: { name: `broad-${provider}`, users: { some: { id: admin.id } } } })).toBe(0);
  });

  it('revokes a user’s API tokens as well as their sessions when their password is reset', async () => {
    const victim = await t.user({ username: `reset-${provider}`, password: 'first password here' });
    expect((await t.gqlWith(victim.headers, '{ me { username } }')).errors).toBeUndefined();
    const reset = await t.gql<{ updateUser: { errors: Errors } }>(UPDATE_USER, { id: victim.id, input: { password: 'second password here' } });
    expect(reset.data?.updateUser.errors).toEqual([]);
    const after = await t.gqlWith(victim.headers, '{ me { username } }');
    expect(after.errors?.[0]).toMatchObject({ message: 'This token has been revoked.', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('shows change records only for objects the caller may view, and never secrets’ parameters or Git credentials', async () => {
    const [hiddenId] = sites.b.deviceIds;
    const [shownId] = sites.a.deviceIds;
    for (const id of [hiddenId, shownId]) {
      await t.gql('mutation($id: ID!) { updateDevice(id: $id, input: { serial: "SN-CHANGED" }) { errors { message } } }', { id });
    }
    const local = await t.user({
      username: `local-${provider}`,
      permissions: [
        { actions: ['view'], contentTypes: ['extras.objectchange'] },
        { actions: ['view'], contentTypes: ['dcim.device'], constraints: { location: { name: 'Priv A' } } },
      ],
    });
    const CHANGES = 'query($ct: String, $id: ID) { objectChanges(contentType: $ct, objectId: $id) { objectId contentType data } }';
    type Changes = { objectChanges: Array<{ objectId: string; contentType: string; data: string }> };
    const direct = await t.gqlWith<Changes>(local.headers, CHANGES, { id: hiddenId });
    expect(direct.data?.objectChanges).toEqual([]);
    // Nor one of its changes by id.
    const hiddenChange = await t.runtime.prisma.objectChange.findFirstOrThrow({ where: { objectId: hiddenId } });
    const byId = await t.gqlWith<{ objectChange: unknown }>(local.headers, 'query($id: ID!) { objectChange(id: $id) { id before after } }', { id: hiddenChange.id });
    expect(byId.data?.objectChange).toBeNull();
    const all = await t.gqlWith<Changes>(local.headers, CHANGES, {});
    expect(all.data?.objectChanges.map((c) => c.objectId)).toContain(shownId);
    expect(all.data?.objectChanges.map((c) => c.objectId)).not.toContain(hiddenId);
    expect(new Set(all.data?.objectChanges.map((c) => c.contentType))).toEqual(new Set(['dcim.device']));
    // The superuser still sees both.
    const full = await t.gql<Changes>(CHANGES, { ct: 'dcim.device' });
    expect(full.data?.objectChanges.map((c) => c.objectId)).toEqual(expect.arrayContaining([hiddenId, shownId]));

    await t.gql('mutation { createSecret(input: { name: "napalm", provider: "environment-variable", parameters: "{\\"variable\\": \\"FATHOM_SECRET_NAPALM\\"}" }) { errors { message } } }');
    // Credentials in a remote URL are refused outright, so they can reach neither the row nor its history.
    const git = await t.gql<{ createGitRepository: { errors: Array<{ field: string }> } }>(
      'mutation { createGitRepository(input: { name: "configs", remoteUrl: "https://deploy:hunter2-token@git.example.net/net/configs.git" }) { errors { field message } } }',
    );
    expect(git.data?.createGitRepository.errors.map((e) => e.field)).toEqual(['remoteUrl']);
    const extras = await t.gql<Changes>('{ objectChanges(last: 100) { objectId contentType data } }');
    expect(extras.data?.objectChanges.map((c) => c.contentType)).toContain('extras.secret');
    const text = JSON.stringify(extras.data?.objectChanges);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('FATHOM_SECRET_NAPALM');
  });

  it('shows a constrained user a visible plugin object’s single related core object, as the core path does, and no list below it', async () => {
    const [shownDevice] = sites.a.deviceIds;
    const [hiddenDevice] = sites.b.deviceIds;
    await t.runtime.prisma.interface.create({ data: { name: 'hidden-if', deviceId: hiddenDevice ?? '' } });
    await t.runtime.prisma.exampleBgpSession.createMany({
      data: [
        { name: 'seen-a', localAsn: 1, remoteAsn: 2, remoteAddress: '192.0.2.1', deviceId: shownDevice ?? '' },
        { name: 'seen-b', localAsn: 1, remoteAsn: 3, remoteAddress: '192.0.2.2', deviceId: hiddenDevice ?? '' },
      ],
    });
    const peer = await t.user({
      username: `peer-${provider}`,
      permissions: [
        { actions: ['view'], contentTypes: ['example.examplebgpsession'] },
        { actions: ['view'], contentTypes: ['dcim.device'], constraints: { location: { name: 'Priv A' } } },
      ],
    });
    type Sessions = { exampleBgpSessions: { edges: Array<{ node: { name: string; device: { name: string; interfaces: Array<{ name: string }> } } }> } };
    const res = await t.gqlWith<Sessions>(peer.headers, '{ exampleBgpSessions(filter: { q: "seen-" }) { edges { node { name device { name interfaces { name } } } } } }');
    expect(res.errors).toBeUndefined();
    const byName = new Map(res.data?.exampleBgpSessions.edges.map((e) => [e.node.name, e.node.device]));
    expect(byName.get('seen-a')?.name).toBe('priv-a-r000');
    expect(byName.get('seen-b')?.name).toBe('priv-b-r000');
    // The list below the related device is still narrowed: this user may view no interfaces.
    expect(byName.get('seen-b')?.interfaces).toEqual([]);

    // The gateway's lookups are not for clients: they would read objects past their scope.
    const internal = Object.keys(t.runtime.composed.core.getQueryType()?.getFields() ?? {}).find((f) => f.startsWith('_') && f.endsWith('DeviceByIds'));
    expect(internal).toBeDefined();
    const direct = await t.gqlWith<unknown>(peer.headers, `query($ids: [ID!]!) { ${internal}(ids: $ids) { name } }`, { ids: [hiddenDevice] });
    expect(direct.data ?? null).toBeNull();
    expect(['GRAPHQL_VALIDATION_FAILED', 'FORBIDDEN']).toContain(direct.errors?.[0]?.extensions?.['code']);
  });

  it('shows job results and their logs only to the user who ran them, unless a permission says otherwise', async () => {
    const RUN = 'mutation { runJob(plugin: "example", job: "session-report", input: "{}") { jobResult { id } errors { code } } }';
    const RESULT = 'query($id: ID!) { jobResult(id: $id) { id userName logs { message } } }';
    const runner = { actions: ['add'], contentTypes: ['extras.jobresult'] };
    const sessions = { actions: ['view'], contentTypes: ['example.examplebgpsession'] };
    const alice = await t.user({ username: `job-alice-${provider}`, permissions: [runner, sessions] });
    const bob = await t.user({ username: `job-bob-${provider}`, permissions: [runner, sessions] });
    const started = await t.gqlWith<{ runJob: { jobResult: { id: string } } }>(alice.headers, RUN);
    const id = started.data?.runJob.jobResult.id;
    await t.runtime.jobs.idle();
    const own = await t.gqlWith<{ jobResult: { userName: string; logs: unknown[] } | null }>(alice.headers, RESULT, { id });
    expect(own.data?.jobResult?.userName).toBe(`job-alice-${provider}`);
    expect(own.data?.jobResult?.logs.length).toBeGreaterThan(0);
    expect((await t.gqlWith<{ jobResult: unknown }>(bob.headers, RESULT, { id })).data?.jobResult).toBeNull();
    const list = await t.gqlWith<{ jobResults: Array<{ id: string }> }>(bob.headers, '{ jobResults { id } }');
    expect(list.data?.jobResults.map((r) => r.id)).not.toContain(id);
    const auditor = await t.user({ username: `job-auditor-${provider}`, permissions: [{ actions: ['view'], contentTypes: ['extras.jobresult'] }] });
    expect((await t.gqlWith<{ jobResult: { id: string } }>(auditor.headers, RESULT, { id })).data?.jobResult?.id).toBe(id);
  });
});
