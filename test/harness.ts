import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createApp, type FathomApp } from '../server/src/app.ts';
import { parseConfig, type DatabaseProvider, type FathomConfig, type FathomConfigInput } from '../server/src/config/config.ts';
import { createLogger } from '../server/src/logger.ts';
import { postUpgrade } from '../server/src/post-upgrade.ts';
import { openRuntime, type Runtime } from '../server/src/runtime.ts';

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

export interface TestApp {
  app: FathomApp;
  runtime: Runtime;
  config: FathomConfig;
  /** POST a GraphQL operation in-process (no port) and return the parsed body. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
  close(): Promise<void>;
}

export async function bootApp(config: FathomConfig, options: { upgrade?: boolean } = {}): Promise<TestApp> {
  const log = createLogger('silent');
  if (options.upgrade !== false) await postUpgrade(config, log);
  const runtime = await openRuntime(config, log);
  const app = createApp(runtime);
  return {
    app,
    runtime,
    config,
    gql: async (query, variables) => {
      const response = await app.fetch(
        new Request('http://fathom.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query, variables }),
        }),
      );
      return (await response.json()) as never;
    },
    close: () => runtime.close(),
  };
}
