import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createApp, type FathomApp } from '../app.ts';
import { issueToken } from '../auth/graphql.ts';
import { hashPassword } from '../auth/passwords.ts';
import { parseConfig, type DatabaseProvider, type FathomConfig, type FathomConfigInput } from '../config/config.ts';
import type { PrismaClient } from '../db/client.ts';
import { createLogger } from '../logger.ts';
import { postUpgrade } from '../post-upgrade.ts';
import { openRuntime, type Runtime } from '../runtime.ts';

/**
 * `fathom/testing`: start Fathom with a plugin on SQLite or PostgreSQL, in-process (no port), act as users with
 * given permissions, run GraphQL, and count the SQL statements an operation sends (to catch N+1 queries).
 * Works with any test runner; the bundled plugins' tests use it with vitest.
 */

/** Where PostgreSQL test databases are made; `FATHOM_TEST_PG_URL` overrides it. */
export const PG_ADMIN_URL = process.env['FATHOM_TEST_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** A fresh, empty database for one test file: a SQLite file in a temp folder, or a new PostgreSQL database. */
export interface TestDatabase {
  provider: DatabaseProvider;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(provider: DatabaseProvider, label: string): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `fathom-${label}-`));
    return { provider, url: `file:${join(dir, 'fathom.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `fathom_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    provider,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

const stateDirs = new Map<string, string>();

/**
 * One state folder per test process and project, inside the project so that generated clients resolve
 * @prisma/client from its node_modules as they do in a real deployment. Removed when the process exits.
 */
export function testStateDir(rootDir: string): string {
  let dir = stateDirs.get(rootDir);
  if (!dir) {
    mkdirSync(join(rootDir, '.fathom'), { recursive: true });
    const made = mkdtempSync(join(rootDir, '.fathom', 'test-'));
    // Every test process on the machine shares the generated clients (named by their schema's hash), and so do the
    // CLI processes tests start: a composition is generated once per machine, not once per test file.
    process.env['FATHOM_CLIENT_CACHE'] ??= join(rootDir, '.fathom', 'clients-cache');
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    stateDirs.set(rootDir, made);
    dir = made;
  }
  return dir;
}

/** A config for tests: the given plugins on the test database, silent, with a throw-away state folder. */
export function testConfig(db: TestDatabase, input: Partial<FathomConfigInput> = {}, rootDir = process.cwd()): FathomConfig {
  const root = resolve(rootDir);
  return parseConfig({ logLevel: 'silent', ...input, database: { ...input.database, url: db.url }, stateDir: testStateDir(root) }, root);
}

export type GqlResult<T> = { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: ReadonlyArray<string | number> }> };

/** A permission to grant a test user, as an object permission: actions on content types, optionally constrained. */
export interface TestPermission {
  actions: Array<'view' | 'add' | 'change' | 'delete' | string>;
  /** Content type labels such as `dcim.device` or `example.examplebgpsession`. */
  contentTypes: string[];
  /** A Prisma where over the model's fields (or an array of them), as Nautobot's constraints. */
  constraints?: unknown;
}

export interface TestUser {
  id: string;
  token: string;
  /** `{ authorization: 'Token …' }`, for `gqlWith` and plain `app.fetch` requests. */
  headers: Record<string, string>;
  /** Run GraphQL as this user. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
}

export interface TestApp {
  app: FathomApp;
  runtime: Runtime;
  config: FathomConfig;
  /** The unrestricted database client, for setting up data and checking what was written. */
  prisma: PrismaClient;
  /** A superuser's API token, made at boot. */
  adminToken: string;
  /** POST a GraphQL operation in-process as the superuser and return the parsed body. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** The same with other headers: another token (`{ authorization: 'Token …' }`), a cookie, or none (`{}`). */
  gqlWith<T = Record<string, unknown>>(headers: Record<string, string>, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T> & { response: Response }>;
  /** Make a user with an API token; `permissions` are granted directly. */
  user(options: { username: string; superuser?: boolean; password?: string; writeEnabled?: boolean; expires?: Date | null; permissions?: TestPermission[] }): Promise<TestUser>;
  /** Run `work` and count the SQL statements it sent, follow-up work after its responses included: assert a bound, so an N+1 query fails the test. */
  countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }>;
  close(): Promise<void>;
}

/** Run post-upgrade (unless told not to) and start the app on `config`. */
export async function bootApp(config: FathomConfig, options: { upgrade?: boolean; web?: boolean } = {}): Promise<TestApp> {
  const log = createLogger('silent');
  if (options.upgrade !== false) await postUpgrade(config, log, () => {}, { buildWeb: options.web ?? false });
  const runtime = await openRuntime(config, log);
  // The statements that follow start (planner statistics) are done before a test counts any of its own.
  await runtime.statistics.ready;
  const app = createApp(runtime);
  const prisma = runtime.prisma;
  const gqlWith: TestApp['gqlWith'] = async (headers, query, variables) => {
    const response = await app.fetch(
      new Request('http://fathom.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      }),
    );
    return { ...((await response.clone().json()) as object), response } as never;
  };
  const asHeaders =
    (headers: Record<string, string>) =>
    async <T>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> => {
      const { response: _response, ...body } = await gqlWith<T>(headers, query, variables);
      return body;
    };
  const user: TestApp['user'] = async (options) => {
    const row = await prisma.user.create({
      data: { username: options.username, isSuperuser: options.superuser ?? false, passwordHash: options.password ? await hashPassword(options.password) : '' },
    });
    for (const [i, p] of (options.permissions ?? []).entries()) {
      const cts = await prisma.contentType.findMany({ where: { OR: p.contentTypes.map((ct) => ({ appLabel: ct.split('.')[0] ?? '', model: ct.split('.')[1] ?? '' })) } });
      if (cts.length !== p.contentTypes.length) throw new Error(`Unknown content type among ${p.contentTypes.join(', ')}.`);
      await prisma.objectPermission.create({
        data: {
          name: `${options.username}-${i}`,
          actions: p.actions.join(','),
          constraints: p.constraints === undefined ? '' : JSON.stringify(p.constraints),
          contentTypes: { connect: cts.map((c) => ({ id: c.id })) },
          users: { connect: [{ id: row.id }] },
        },
      });
    }
    const { key } = await issueToken(prisma, row.id, { description: 'test', expires: options.expires ?? null, writeEnabled: options.writeEnabled ?? true });
    const headers = { authorization: `Token ${key}` };
    return { id: row.id, token: key, headers, gql: asHeaders(headers) };
  };
  const admin = await user({ username: `admin-${Math.random().toString(36).slice(2, 8)}`, superuser: true });
  return {
    app,
    runtime,
    config,
    prisma,
    adminToken: admin.token,
    gql: admin.gql,
    gqlWith,
    user,
    countStatements: async (work) => {
      // What earlier writes set off after their responses (webhooks, job hooks) must not land in this count, and
      // what this work sets off belongs to it.
      const settle = () => Promise.all([runtime.webhooks.idle(), runtime.jobHooks.idle(), runtime.scheduler.idle()]);
      await settle();
      const before = runtime.queries.count;
      const result = await work();
      await settle();
      return { result, statements: runtime.queries.count - before };
    },
    close: () => runtime.close(),
  };
}

export interface StartOptions {
  /** Plugins to enable: package names, or paths (a plugin package's folder, e.g. `'.'` for the package under test). */
  plugins: string[];
  /** Settings by plugin name, as under `pluginsConfig` in fathom.config.ts. */
  pluginsConfig?: Record<string, Record<string, unknown>>;
  provider?: DatabaseProvider;
  /** The project the plugins are resolved from (default: the current folder). */
  rootDir?: string;
}

/** Start Fathom on a new database with the given plugins; `close()` stops it and drops the database. */
export async function startTestApp(options: StartOptions): Promise<TestApp> {
  const db = await createTestDatabase(options.provider ?? 'sqlite', options.plugins.join('-').replace(/[^a-z0-9]/gi, '').slice(0, 24) || 'core');
  try {
    const t = await bootApp(testConfig(db, { plugins: options.plugins, pluginsConfig: options.pluginsConfig ?? {} }, options.rootDir));
    return {
      ...t,
      close: async () => {
        await t.close();
        await db.drop();
      },
    };
  } catch (error) {
    await db.drop();
    throw error;
  }
}

export { buildDevices, buildSite, addressColumns } from './fixtures.ts';
