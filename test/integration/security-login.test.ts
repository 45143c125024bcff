import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app.ts';
import { createLogger } from '../../server/src/logger.ts';
import { openRuntime, type Runtime } from '../../server/src/runtime.ts';
import { bootApp, createTestDatabase, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { me { username } errors { code message } } }';
const LIMITS = { loginFailuresPerUser: 3, loginFailuresPerAddress: 5, loginWindowSeconds: 600 };

type Login = { data?: { login: { me: { username: string } | null; errors: Array<{ code: string }> } }; errors?: Array<{ message: string }> };

/** Log in through `app.fetch` as a client at `ip` (a documentation address: the request never leaves the process). */
async function login(app: { fetch: TestApp['app']['fetch'] }, ip: string, username: string, password: string): Promise<Login> {
  const response = await app.fetch(
    new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: LOGIN, variables: { u: username, p: password } }) }),
    { req: { socket: { remoteAddress: ip } } },
  );
  return (await response.json()) as Login;
}
const code = (r: Login) => r.data?.login.errors[0]?.code ?? (r.data?.login.me ? 'OK' : 'NONE');

/** Finding 10: password guessing is slow and bounded. */
describe('login limits in one process', () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'login-limits');
    t = await bootApp(testConfig(db, { auth: LIMITS }));
    for (const name of ['carol', 'dave', 'erin']) await t.user({ username: name, password: `${name} has a long password` });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('refuses a username after too many failures, even with the right password, while others still log in', async () => {
    for (let i = 0; i < 3; i += 1) expect(code(await login(t.app, '192.0.2.10', 'carol', `guess ${i}`))).toBe('INVALID_LOGIN');
    expect(code(await login(t.app, '192.0.2.11', 'carol', 'carol has a long password'))).toBe('RATE_LIMITED');
    expect(code(await login(t.app, '192.0.2.10', 'dave', 'dave has a long password'))).toBe('OK');
  });

  it('refuses an address after too many failures across usernames, while other addresses still log in', async () => {
    for (const name of ['x1', 'x2', 'x3', 'x4', 'x5']) expect(code(await login(t.app, '192.0.2.20', name, 'wrong'))).toBe('INVALID_LOGIN');
    expect(code(await login(t.app, '192.0.2.20', 'erin', 'erin has a long password'))).toBe('RATE_LIMITED');
    expect(code(await login(t.app, '192.0.2.21', 'erin', 'erin has a long password'))).toBe('OK');
  });

  it('allows one login per request: aliases do not multiply guesses', async () => {
    const res = await t.gqlWith<unknown>({}, 'mutation { a: login(username: "dave", password: "one") { errors { code } } b: login(username: "dave", password: "two") { errors { code } } }');
    expect(res.errors?.[0]?.message).toBe('Only one login per request.');
  });
});

describe('login limits shared through Redis by two server processes', () => {
  let db: TestDatabase;
  let a: Runtime;
  let b: Runtime;
  beforeAll(async () => {
    db = await createTestDatabase('postgresql', 'login-redis');
    const config = testConfig(db, { auth: { ...LIMITS, maxConcurrentHashes: 1 }, jobs: { redisUrl: 'redis://127.0.0.1:6379/0', queueName: `login-${randomUUID()}` } });
    const first = await bootApp(config);
    a = first.runtime;
    b = await openRuntime(config, createLogger('silent'));
    await first.user({ username: 'frank', password: 'frank has a long password' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('counts failures made on one process against logins on the other', async () => {
    const appA = createApp(a);
    const appB = createApp(b);
    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < 3; i += 1) expect(code(await login(appA, ip, 'frank', `guess ${i}`))).toBe('INVALID_LOGIN');
    expect(code(await login(appB, `${ip.slice(0, -1)}9`, 'frank', 'frank has a long password'))).toBe('RATE_LIMITED');
  });

  it('refuses the crowd beyond the hashing gate’s line', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 30 }, () => b.loginGuard.verify('guess', 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')));
    // One hashes, twenty wait, the other nine are turned away at once.
    expect(outcomes.filter((o) => o.status === 'rejected').length).toBe(9);
  });
});
