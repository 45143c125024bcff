import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ROOT, type TestDatabase } from '../harness.ts';

const run = promisify(execFile);
const bin = `${ROOT}/server/bin/fathom.js`;

describe('the fathom command line', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'cli');
  });
  afterAll(async () => db?.drop());

  const fathom = (args: string[]) => run(process.execPath, [bin, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url, FATHOM_LOG_LEVEL: 'silent' } });

  it('lists its commands with --help', async () => {
    const { stdout } = await fathom(['--help']);
    for (const command of ['start', 'post-upgrade', 'plugins', 'schema', 'seed', 'makemigrations', 'migrate', 'upgrade-check']) expect(stdout).toContain(command);
  });

  it('lists the enabled plugins in load order with versions and status', async () => {
    const { stdout } = await fathom(['plugins']);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+VERSION\s+PACKAGE\s+DEPENDS ON\s+STATUS$/);
    expect(lines[1]).toMatch(/^example\s+1\.0\.0\s+fathom-plugin-example\s+-\s+ok$/);
    expect(lines[2]).toMatch(/^peering\s+1\.0\.0\s+fathom-plugin-peering\s+example\s+ok$/);
  });

  it('plans the first migrations of a new database without creating anything, then post-upgrade applies them', { timeout: 180_000 }, async () => {
    const plan = await fathom(['migrate', '--plan']);
    expect(plan.stdout).toContain('No served GraphQL schema is on record');
    expect(plan.stdout).toContain('core: 0001_initial would run:');
    expect(plan.stdout).toContain('peering: 0001_initial would run:');
    expect(plan.stdout).toContain('    CREATE TABLE "Device" (');
    const check = await fathom(['upgrade-check']);
    expect(check.stdout).toContain('nothing to compare');
    const { openMigrationConnection } = await import('../../server/src/migrations/connection.ts');
    const conn = await openMigrationConnection('sqlite', db.url);
    try {
      expect(await conn.query("SELECT name FROM sqlite_master WHERE type = 'table'")).toEqual([]);
    } finally {
      await conn.close();
    }
    const due = await fathom(['makemigrations', '--check']);
    expect(due.stdout).toBe('core: no changes; its fragment matches its newest migration.\n');
  });

  it('refuses to start on a database without its migrations, naming them and post-upgrade', { timeout: 120_000 }, async () => {
    const started = await fathom(['start', '--host', '127.0.0.1', '--port', '0']).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(started?.code).toBe(1);
    expect(started?.stderr).toMatch(/^fathom: The sqlite database is missing \d+ migration\(s\) of the enabled apps \(core\/0001_initial, .* more\); run `fathom post-upgrade` first\.$/m);
  });

  it('runs post-upgrade and the demo seed against DATABASE_URL, and seeds only once', { timeout: 180_000 }, async () => {
    const upgrade = await fathom(['post-upgrade']);
    expect(upgrade.stdout).toContain('Performing database migrations...');
    const seed = await fathom(['seed', '--demo']);
    expect(seed.stdout).toMatch(/Demo data created: 8 sites, \d{3} devices/);
    expect(seed.stdout).toContain('admin / fathom-admin (superuser) and viewer / fathom-viewer (read-only)');
    const again = await fathom(['seed', '--demo']);
    expect(again.stdout).toContain('nothing seeded');
  });

  it('creates a superuser non-interactively and prints a new token once, read-only and expiring when asked', async () => {
    const made = await fathom(['createsuperuser', '--username', 'root', '--email', 'root@example.net', '--password', 'long enough pw']);
    expect(made.stdout).toContain('Superuser "root" created.');
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    const token = await fathom(['token', 'create', '--username', 'root', '--read-only', '--expires', expires]);
    const key = token.stdout.trim();
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(token.stderr).toContain('(read-only)');
    const { createApp } = await import('../../server/src/app.ts');
    const { openRuntime } = await import('../../server/src/runtime.ts');
    const { loadConfig } = await import('../../server/src/config/config.ts');
    const { createLogger } = await import('../../server/src/logger.ts');
    const runtime = await openRuntime(await loadConfig({ cwd: ROOT, databaseUrl: db.url }), createLogger('silent'));
    try {
      const stored = await runtime.prisma.token.findFirst({ where: { prefix: key.slice(0, 8) } });
      expect(stored).toMatchObject({ writeEnabled: false });
      expect(stored?.expires?.toISOString()).toBe(expires);
      expect(JSON.stringify(stored)).not.toContain(key);
      const app = createApp(runtime);
      const res = await app.fetch(new Request('http://cli.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Token ${key}` }, body: '{"query":"{ me { username isSuperuser writeEnabled } }"}' }));
      expect(await res.json()).toEqual({ data: { me: { username: 'root', isSuperuser: true, writeEnabled: false } } });
    } finally {
      await runtime.close();
    }
    const short = await fathom(['createsuperuser', '--username', 'x', '--password', 'short']).catch((e: { stderr: string }) => e);
    expect((short as { stderr: string }).stderr).toContain('at least 8 characters');
  });

  it('exits non-zero with the plugin named when the config is broken', async () => {
    const error = await run(process.execPath, [bin, 'plugins', '--config', 'test/fixtures/broken.config.ts'], { cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 1 });
    expect((error as { stderr: string }).stderr).toContain('fathom: Plugin "example": required setting "defaultLocalAsn" missing');
  });
});
