import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createApp, type FathomApp } from '../server/src/app.ts';
import { parseConfig, type DatabaseProvider, type FathomConfig, type FathomConfigInput } from '../server/src/config/config.ts';
import { createLogger } from '../server/src/logger.ts';
import { postUpgrade } from '../server/src/post-upgrade.ts';
import { openRuntime, type Runtime } from '../server/src/runtime.ts';
import { hashPassword } from '../server/src/auth/passwords.ts';
import { issueToken } from '../server/src/auth/graphql.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const PROVIDERS: DatabaseProvider[] = ['sqlite', 'postgresql'];
export const PG_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/test';
export const BUNDLED = {
  plugins: ['fathom-plugin-example', 'fathom-plugin-peering'],
  pluginsConfig: { example: { defaultLocalAsn: 64512 } },
};

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
  return {
    provider,
    url: `postgresql://postgres@127.0.0.1:5432/${name}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * One state folder per test process, inside the project so that generated clients resolve @prisma/client from its
 * node_modules as they do in a real deployment. Removed when the process exits.
 */
mkdirSync(join(ROOT, '.fathom'), { recursive: true });
const stateDir = mkdtempSync(join(ROOT, '.fathom', 'test-'));
process.once('exit', () => rmSync(stateDir, { recursive: true, force: true }));

export function testConfig(db: TestDatabase, input: Partial<FathomConfigInput> = {}): FathomConfig {
  return parseConfig({ ...BUNDLED, logLevel: 'silent', ...input, database: { url: db.url }, stateDir }, ROOT);
}

export type GqlResult<T> = { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

export interface TestApp {
  app: FathomApp;
  runtime: Runtime;
  config: FathomConfig;
  /** A superuser's API token, made at boot. */
  adminToken: string;
  /** POST a GraphQL operation in-process (no port) as the superuser and return the parsed body. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** The same with other headers: another token (`{ authorization: 'Token …' }`), a cookie, or none (`{}`). */
  gqlWith<T = Record<string, unknown>>(headers: Record<string, string>, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T> & { response: Response }>;
  /** Make a user with an API token; `permissions` are granted directly. */
  user(options: { username: string; superuser?: boolean; password?: string; writeEnabled?: boolean; expires?: Date | null; permissions?: Array<{ actions: string[]; contentTypes: string[]; constraints?: unknown }> }): Promise<{ id: string; token: string; headers: Record<string, string> }>;
  close(): Promise<void>;
}

export async function bootApp(config: FathomConfig, options: { upgrade?: boolean; web?: boolean } = {}): Promise<TestApp> {
  const log = createLogger('silent');
  if (options.upgrade !== false) await postUpgrade(config, log, () => {}, { buildWeb: options.web ?? false });
  const runtime = await openRuntime(config, log);
  const app = createApp(runtime);
  const prisma = runtime.prisma;
  const user: TestApp['user'] = async (options) => {
    const row = await prisma.user.create({
      data: { username: options.username, isSuperuser: options.superuser ?? false, passwordHash: options.password ? await hashPassword(options.password) : '' },
    });
    for (const [i, p] of (options.permissions ?? []).entries()) {
      const cts = await prisma.contentType.findMany({ where: { OR: p.contentTypes.map((ct) => ({ appLabel: ct.split('.')[0] ?? '', model: ct.split('.')[1] ?? '' })) } });
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
    return { id: row.id, token: key, headers: { authorization: `Token ${key}` } };
  };
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
  const admin = await user({ username: `admin-${Math.random().toString(36).slice(2, 8)}`, superuser: true });
  return {
    app,
    runtime,
    config,
    adminToken: admin.token,
    gql: async (query, variables) => {
      const { response: _response, ...body } = await gqlWith(admin.headers, query, variables);
      return body as never;
    },
    gqlWith,
    user,
    close: () => runtime.close(),
  };
}
