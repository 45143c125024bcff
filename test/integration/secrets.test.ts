import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, testConfig, BUNDLED, type TestApp, type TestDatabase } from '../harness.ts';

const CREATE = 'mutation($input: CreateSecretInput!) { createSecret(input: $input) { secret { id name provider parameters } errors { field code message } } }';
const CHECK = 'query($name: String!) { checkSecret(name: $name) { ok message } }';

describe('secrets', () => {
  let db: TestDatabase;
  let t: TestApp;
  const folder = mkdtempSync(join(tmpdir(), 'fathom-secret-'));
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'secrets');
    t = await bootApp(
      testConfig(db, { pluginsConfig: { example: { ...BUNDLED.pluginsConfig.example, secrets: { 'router-password': 's3cret!' } } }, secrets: { fileDirectories: [folder], maxBytes: 1024 } }),
    );
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('resolves secrets from an environment variable, a text file and a plugin’s provider, never returning the value', async () => {
    process.env['FATHOM_SECRET_TEST'] = 'from-env';
    const file = join(folder, 'token');
    writeFileSync(file, 'from-file\n');
    await t.gql(CREATE, { input: { name: 'env', provider: 'environment-variable', parameters: '{"variable":"FATHOM_SECRET_TEST"}' } });
    await t.gql(CREATE, { input: { name: 'file', provider: 'text-file', parameters: JSON.stringify({ path: file }) } });
    await t.gql(CREATE, { input: { name: 'plugin', provider: 'example-config', parameters: '{"key":"router-password"}' } });
    for (const name of ['env', 'file', 'plugin']) {
      const res = await t.gql<{ checkSecret: { ok: boolean; message: string } }>(CHECK, { name });
      expect(res.data?.checkSecret).toEqual({ ok: true, message: 'A value was retrieved.' });
      expect(JSON.stringify(res)).not.toMatch(/from-env|from-file|s3cret/);
    }
    delete process.env['FATHOM_SECRET_TEST'];
    const gone = await t.gql<{ checkSecret: { ok: boolean; message: string } }>(CHECK, { name: 'env' });
    expect(gone.data?.checkSecret).toEqual({ ok: false, message: 'The secret is not available.' });
  });

  it('refuses files outside the configured folders and variables without the configured prefix when a secret is saved', async () => {
    const dbFile = t.config.database.url.slice('file:'.length);
    for (const parameters of [{ path: '/etc/shadow' }, { path: dbFile }, { path: `${folder}/../etc/passwd` }, { path: 'relative/token' }]) {
      const res = await t.gql<{ createSecret: { errors: Array<{ field: string }> } }>(CREATE, { input: { name: `f-${parameters.path.length}`, provider: 'text-file', parameters: JSON.stringify(parameters) } });
      expect(res.data?.createSecret.errors.map((e) => e.field), parameters.path).toEqual(['parameters']);
    }
    for (const variable of ['DATABASE_URL', 'PATH', 'REDIS_URL']) {
      const res = await t.gql<{ createSecret: { errors: Array<{ field: string }> } }>(CREATE, { input: { name: `v-${variable}`, provider: 'environment-variable', parameters: JSON.stringify({ variable }) } });
      expect(res.data?.createSecret.errors.map((e) => e.field), variable).toEqual(['parameters']);
    }
  });

  it('answers every unavailable secret alike — missing, folder, link out, device, FIFO, too large, forbidden — reading nothing large', async () => {
    mkdirSync(join(folder, 'a-folder'));
    symlinkSync('/etc/passwd', join(folder, 'link-out'));
    symlinkSync('/dev/zero', join(folder, 'zero'));
    execFileSync('mkfifo', [join(folder, 'fifo')]);
    writeFileSync(join(folder, 'huge'), 'x'.repeat(4096));
    const stored = [
      ['missing', 'text-file', { path: join(folder, 'nope') }],
      ['folder', 'text-file', { path: join(folder, 'a-folder') }],
      ['link-out', 'text-file', { path: join(folder, 'link-out') }],
      ['zero', 'text-file', { path: join(folder, 'zero') }],
      ['fifo', 'text-file', { path: join(folder, 'fifo') }],
      ['huge', 'text-file', { path: join(folder, 'huge') }],
      ['shadow', 'text-file', { path: '/etc/shadow' }],
      ['db-url', 'environment-variable', { variable: 'PATH' }],
    ] as const;
    // Stored directly, as an older release or a database edit could have left them.
    for (const [name, provider, parameters] of stored) await t.runtime.prisma.secret.create({ data: { name: `legacy-${name}`, provider, parameters: JSON.stringify(parameters) } });
    const before = process.memoryUsage().rss;
    for (const [name] of stored) {
      const res = await t.gql<{ checkSecret: { ok: boolean; message: string } }>(CHECK, { name: `legacy-${name}` });
      expect(res.data?.checkSecret, name).toEqual({ ok: false, message: 'The secret is not available.' });
    }
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('refuses an unknown provider and parameters the provider does not take, writing nothing', async () => {
    const before = await t.runtime.prisma.secret.count();
    const unknown = await t.gql<{ createSecret: { errors: Array<{ field: string; code: string }> } }>(CREATE, { input: { name: 'x', provider: 'vault', parameters: '{}' } });
    expect(unknown.data?.createSecret.errors).toEqual([expect.objectContaining({ field: 'provider', code: 'INVALID_CHOICE' })]);
    const wrong = await t.gql<{ createSecret: { errors: Array<{ field: string; message: string }> } }>(CREATE, { input: { name: 'y', provider: 'text-file', parameters: '{"file":"/etc/x"}' } });
    expect(wrong.data?.createSecret.errors).toEqual([{ field: 'parameters', code: 'INVALID', message: 'Unknown parameter file for Text file.' }]);
    expect(await t.runtime.prisma.secret.count()).toBe(before);
  });

  it('lists the providers, core first, with their parameters', async () => {
    const res = await t.gql<{ secretsProviders: Array<{ slug: string; plugin: string | null }> }>('{ secretsProviders { slug plugin } }');
    expect(res.data?.secretsProviders).toEqual([
      { slug: 'environment-variable', plugin: null },
      { slug: 'text-file', plugin: null },
      { slug: 'example-config', plugin: 'example' },
    ]);
  });
});
