import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app.ts';
import { createLogger } from '../../server/src/logger.ts';
import { openRuntime, type Runtime } from '../../server/src/runtime.ts';
import { bootApp, createTestDatabase, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices } from '../fixtures/network.ts';

const NESTED = '{ devices(first: 10) { edges { node { name interfaces { name ipAddresses { address } } } } } }';

type Reply = { data?: { me: { username: string } }; errors?: Array<{ message: string }> };

/** One GraphQL request to an app (one process's server) with the caller's headers. */
async function post(app: ReturnType<typeof createApp>, headers: Record<string, string>, query: string): Promise<Reply> {
  const res = await app.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) }));
  return (await res.json()) as Reply;
}

/** Statements one request sends, read from the runtime's counter. */
async function statements(t: { runtime: Runtime }, send: () => Promise<unknown>): Promise<number> {
  const before = t.runtime.queries.count;
  await send();
  return t.runtime.queries.count - before;
}

describe('cached authentication on the embedded default', () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'auth-cache');
    t = await bootApp(testConfig(db));
    await buildDevices(t.runtime.prisma, 3, 2, 'Cache A');
    await buildDevices(t.runtime.prisma, 3, 2, 'Cache B');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('reads the nested device query in one statement with a warm token: none for authentication', async () => {
    await t.gql(NESTED);
    expect(await statements(t, () => t.gql(NESTED))).toBe(1);
  });

  it('caches a constrained user’s permissions too, and applies a permission change made through the API at once', async () => {
    const viewer = await t.user({ username: 'cache-viewer', permissions: [{ actions: ['view'], contentTypes: ['dcim.device'], constraints: { id: { not: '' } } }] });
    const count = async () => (await t.gqlWith<{ devices: { totalCount: number } }>(viewer.headers, '{ devices { totalCount } }')).data?.devices.totalCount;
    expect(await count()).toBe(6);
    expect(await statements(t, count)).toBe(1);
    const permission = await t.runtime.prisma.objectPermission.findFirstOrThrow({ where: { name: 'cache-viewer-0' } });
    const changed = await t.gql<{ updateObjectPermission: { errors: unknown[] } }>('mutation($id: ID!) { updateObjectPermission(id: $id, input: { constraints: "{\\"location\\": {\\"name\\": \\"Cache A\\"}}" }) { errors { message } } }', { id: permission.id });
    expect(changed.data?.updateObjectPermission.errors).toEqual([]);
    expect(await count()).toBe(3);
  });

  it('refuses a revoked token and a disabled user’s token at the next request', async () => {
    const alice = await t.user({ username: 'cache-alice' });
    const me = () => t.gqlWith<{ me: { username: string } }>(alice.headers, '{ me { username } }');
    expect((await me()).data?.me.username).toBe('cache-alice');
    const token = await t.runtime.prisma.token.findFirstOrThrow({ where: { userId: alice.id } });
    await t.gqlWith(alice.headers, 'mutation($id: ID!) { revokeApiToken(id: $id) }', { id: token.id });
    expect((await me()).errors?.[0]?.message).toBe('This token has been revoked.');

    const bob = await t.user({ username: 'cache-bob' });
    expect((await t.gqlWith<{ me: unknown }>(bob.headers, '{ me { username } }')).data?.me).toBeTruthy();
    await t.gql('mutation($id: ID!) { updateUser(id: $id, input: { isActive: false }) { errors { message } } }', { id: bob.id });
    expect((await t.gqlWith(bob.headers, '{ me { username } }')).errors?.[0]?.message).toBe('This account is disabled.');
  });
});

describe('cached authentication shared by two processes through Redis', () => {
  let db: TestDatabase;
  let a: Runtime;
  let b: Runtime;
  let first: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase('postgresql', 'auth-cache-redis');
    const config = testConfig(db, { jobs: { redisUrl: 'redis://127.0.0.1:6379/0', queueName: `auth-${randomUUID()}` } });
    first = await bootApp(config);
    a = first.runtime;
    b = await openRuntime(config, createLogger('silent'));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('refuses on one process a token revoked through the other, at the next request', async () => {
    const carol = await first.user({ username: 'cache-carol' });
    const appA = createApp(a);
    const appB = createApp(b);
    const me = (app: ReturnType<typeof createApp>) => post(app, carol.headers, '{ me { username } }');
    expect((await me(appB)).data?.me.username).toBe('cache-carol');
    // Warm on B: no statement for authentication.
    expect(await statements({ runtime: b }, () => me(appB))).toBe(0);
    const token = await a.prisma.token.findFirstOrThrow({ where: { userId: carol.id } });
    await post(appA, carol.headers, `mutation { revokeApiToken(id: "${token.id}") }`);
    expect((await me(appB)).errors?.[0]?.message).toBe('This token has been revoked.');
  });

  it('asks Redis for a request’s epochs in one round trip, which also serves the rules that follow its write', async () => {
    const { redisUrl, queueName } = a.config.jobs;
    const watcher = new Redis(redisUrl ?? '');
    const monitor = await watcher.monitor();
    const sent: string[][] = [];
    // Every client's commands pass by; only this runtime's epochs (named under its queue) count here.
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => arg.startsWith(`${queueName}:`) && arg.endsWith('-epoch'))) sent.push(args);
    });
    try {
      // Warm: the token and the tag's definitions are cached, so what is left is the epochs alone.
      await first.gql('mutation { createTag(input: { name: "epoch-warm" }) { errors { message } } }');
      await Promise.all([a.webhooks.idle(), a.jobHooks.idle()]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      sent.length = 0;
      const created = await first.gql<{ createTag: { errors: unknown[] } }>('mutation { createTag(input: { name: "epoch-counted" }) { errors { message } } }');
      expect(created.data?.createTag.errors).toEqual([]);
      await Promise.all([a.webhooks.idle(), a.jobHooks.idle()]);
      await expect.poll(() => sent.length).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // The request's authentication and definitions together; the webhooks and job hooks after the commit take
      // the rules standing at that definitions epoch and ask nothing more.
      expect(sent).toEqual([['mget', `${queueName}:auth-epoch`, `${queueName}:definitions-epoch`]]);
    } finally {
      watcher.disconnect();
      monitor.disconnect();
    }
  });
});

describe('cached authentication shared by two processes through PostgreSQL, without Redis', () => {
  let db: TestDatabase;
  let first: TestApp;
  let b: Runtime;
  beforeAll(async () => {
    db = await createTestDatabase('postgresql', 'auth-cache-notify');
    const config = testConfig(db);
    first = await bootApp(config);
    b = await openRuntime(config, createLogger('silent'));
  });
  afterAll(async () => {
    await first?.close();
    await b?.close();
    await db?.drop();
  });

  it('caches on each process, and refuses on one a token revoked through the other once PostgreSQL has told it', async () => {
    const dave = await first.user({ username: 'cache-dave' });
    const appA = createApp(first.runtime);
    const appB = createApp(b);
    const me = (app: ReturnType<typeof createApp>) => post(app, dave.headers, '{ me { username } }');
    expect((await me(appB)).data?.me.username).toBe('cache-dave');
    expect(await statements({ runtime: b }, () => me(appB))).toBe(0);
    const token = await first.runtime.prisma.token.findFirstOrThrow({ where: { userId: dave.id } });
    await post(appA, dave.headers, `mutation { revokeApiToken(id: "${token.id}") }`);
    await expect.poll(async () => (await me(appB)).errors?.[0]?.message).toBe('This token has been revoked.');
  });

  it('reads authentication again while its listening connection is lost, and caches again once it is back', async () => {
    const erin = await first.user({ username: 'cache-erin' });
    const appB = createApp(b);
    const me = () => post(appB, erin.headers, '{ me { username } }');
    await me();
    expect(await statements({ runtime: b }, me)).toBe(0);
    // Whatever was announced while the connection was down is lost: the next request must not trust the cache.
    await first.runtime.prisma.$queryRawUnsafe("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND (query LIKE 'LISTEN %' OR query LIKE 'SELECT pg_notify%')");
    await expect.poll(() => statements({ runtime: b }, me)).toBeGreaterThan(0);
    expect(await statements({ runtime: b }, me)).toBe(0);
  });
});
