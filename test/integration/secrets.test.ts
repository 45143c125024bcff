import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, testConfig, BUNDLED, type TestApp, type TestDatabase } from '../harness.ts';

const CREATE = 'mutation($input: CreateSecretInput!) { createSecret(input: $input) { secret { id name provider parameters } errors { field code message } } }';
const CHECK = 'query($name: String!) { checkSecret(name: $name) { ok message } }';

describe('secrets', () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'secrets');
    t = await bootApp(testConfig(db, { pluginsConfig: { example: { ...BUNDLED.pluginsConfig.example, secrets: { 'router-password': 's3cret!' } } } }));
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('resolves secrets from an environment variable, a text file and a plugin’s provider, never returning the value', async () => {
    process.env['FATHOM_TEST_SECRET'] = 'from-env';
    const file = join(mkdtempSync(join(tmpdir(), 'fathom-secret-')), 'token');
    writeFileSync(file, 'from-file\n');
    await t.gql(CREATE, { input: { name: 'env', provider: 'environment-variable', parameters: '{"variable":"FATHOM_TEST_SECRET"}' } });
    await t.gql(CREATE, { input: { name: 'file', provider: 'text-file', parameters: JSON.stringify({ path: file }) } });
    await t.gql(CREATE, { input: { name: 'plugin', provider: 'example-config', parameters: '{"key":"router-password"}' } });
    for (const [name, length] of [['env', 8], ['file', 9], ['plugin', 7]] as const) {
      const res = await t.gql<{ checkSecret: { ok: boolean; message: string } }>(CHECK, { name });
      expect(res.data?.checkSecret).toEqual({ ok: true, message: `Retrieved a value of ${length} character(s).` });
      expect(JSON.stringify(res)).not.toMatch(/from-env|from-file|s3cret/);
    }
    delete process.env['FATHOM_TEST_SECRET'];
    const gone = await t.gql<{ checkSecret: { ok: boolean; message: string } }>(CHECK, { name: 'env' });
    expect(gone.data?.checkSecret).toEqual({ ok: false, message: 'The environment variable FATHOM_TEST_SECRET is not set.' });
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
