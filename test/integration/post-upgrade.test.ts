import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapterFactory } from '../../server/src/db/adapters.ts';
import { createLogger } from '../../server/src/logger.ts';
import { postUpgrade } from '../../server/src/post-upgrade.ts';
import { webInputsHash, webOutDir } from '../../server/src/web/build.ts';
import { bootApp, createTestDatabase, PROVIDERS, ROOT, testConfig, type TestDatabase } from '../harness.ts';
import { buildDevices } from '../fixtures/network.ts';

const silent = createLogger('silent');

async function tableRows(db: TestDatabase, table: string): Promise<number> {
  const adapter = await createAdapterFactory(db.provider, db.url).connect();
  try {
    const result = await adapter.queryRaw({ sql: `SELECT COUNT(*) FROM "${table}"`, args: [], argTypes: [] });
    return Number(result.rows[0]?.[0]);
  } finally {
    await adapter.dispose();
  }
}

describe.each(PROVIDERS)('post-upgrade on %s', (provider) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(provider, 'upgrade');
  });
  afterAll(async () => db?.drop());

  it('migrates a new database, prints its steps, and changes nothing when run a second time', async () => {
    const config = testConfig(db);
    const lines: string[] = [];
    // The state folder is shared by the two databases' runs: forget any bundle the other one built.
    rmSync(webOutDir(config), { recursive: true, force: true });
    const first = await postUpgrade(config, silent, (line) => lines.push(line));
    expect(first.migrationSteps).toBeGreaterThan(0);
    expect(lines).toEqual(expect.arrayContaining(['Performing database migrations...', 'Syncing content types...', 'Running database-ready hooks...', 'Finished.']));
    expect(lines.find((l) => l.startsWith('Building the web bundle...'))).toMatch(/\d+ file\(s\) in .*, with 2 plugin\(s\)' UI code\./);
    const bundle = join(webOutDir(config), 'index.html');
    const builtAt = statSync(bundle).mtimeMs;
    const second = await postUpgrade(config, silent);
    // Nothing the bundle is made from changed: it is not built again.
    expect(second.steps).toContain(`Building the web bundle... up to date (${webOutDir(config)}).`);
    expect(statSync(bundle).mtimeMs).toBe(builtAt);
    expect(second.migrationSteps).toBe(0);
    expect(second.generatedClient).toBe(false);
    expect(second.contentTypesAdded).toBe(0);
    expect(second.contentTypesRemoved).toBe(0);
    expect(second.steps).toContain('  No migrations to apply.');
    expect(await tableRows(db, 'Tag')).toBe(1); // the example plugin's hook made "bgp" once, not twice
  });

  it('removes expired web sessions and keeps live ones, saying how many', async () => {
    const app = await bootApp(testConfig(db), { upgrade: false });
    try {
      const user = await app.prisma.user.create({ data: { username: `sessions-${provider}`, passwordHash: '' } });
      const hour = 3_600_000;
      await app.prisma.session.createMany({
        data: [
          { keyHash: `expired-a-${provider}`, userId: user.id, expires: new Date(Date.now() - hour) },
          { keyHash: `expired-b-${provider}`, userId: user.id, expires: new Date(Date.now() - 24 * hour) },
          { keyHash: `live-${provider}`, userId: user.id, expires: new Date(Date.now() + hour) },
        ],
      });
    } finally {
      await app.close();
    }
    const run = await postUpgrade(testConfig(db), silent, () => {}, { buildWeb: false });
    expect(run.sessionsRemoved).toBe(2);
    expect(run.steps).toEqual(expect.arrayContaining(['Removing expired sessions...', '  2 removed.']));
    expect(await tableRows(db, 'Session')).toBe(1);
  });

  it('keeps a disabled plugin’s tables and rows, and brings them back intact when it is enabled again', async () => {
    const enabled = testConfig(db);
    const app = await bootApp(enabled);
    const { deviceIds } = await buildDevices(app.runtime.prisma, 1, 1, 'Keep');
    const created = await app.gql<{ createExampleBgpSession: { exampleBgpSession: { id: string } } }>(
      'mutation($d: ID!) { createExampleBgpSession(input: { name: "transit", remoteAsn: 65010, remoteAddress: "198.51.100.1", deviceId: $d }) { exampleBgpSession { id } errors { message } } }',
      { d: deviceIds[0] },
    );
    const sessionId = created.data?.createExampleBgpSession.exampleBgpSession.id;
    await app.gql('mutation($s: ID!) { createPeeringContact(input: { name: "NOC", email: "noc@example.net", sessionId: $s }) { errors { message } } }', { s: sessionId });
    await app.close();

    const disabled = testConfig(db, { plugins: [], pluginsConfig: {} });
    const report = await postUpgrade(disabled, silent, () => {}, { buildWeb: false });
    expect(report.retainedPlugins.sort()).toEqual(['example', 'peering']);
    expect(await tableRows(db, 'ExampleBgpSession')).toBe(1);
    expect(await tableRows(db, 'PeeringContact')).toBe(1);
    const without = await bootApp(disabled, { upgrade: false });
    const schemaless = await without.gql('{ exampleBgpSessions { totalCount } }');
    expect(schemaless.errors?.[0]?.message).toContain('Cannot query field "exampleBgpSessions"');
    await without.close();
    expect((await postUpgrade(disabled, silent, () => {}, { buildWeb: false })).migrationSteps).toBe(0);

    const again = await bootApp(enabled);
    const res = await again.gql<{ exampleBgpSession: unknown }>(
      'query($id: ID!) { exampleBgpSession(id: $id) { name remoteAsn localAsn device { name } peeringContacts { name email } } }',
      { id: sessionId },
    );
    expect(res.data?.exampleBgpSession).toEqual({ name: 'transit', remoteAsn: 65010, localAsn: 64512, device: { name: 'keep-r000' }, peeringContacts: [{ name: 'NOC', email: 'noc@example.net' }] });
    await again.close();
  });
});

describe('the web bundle’s inputs', () => {
  it('hash the same for the same files and plugins, and differently when a plugin’s web file or the plugin list changes', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'fathom-web-inputs-'));
    try {
      cpSync(join(ROOT, 'plugins', 'example', 'web'), folder, { recursive: true });
      const module = join(folder, 'index.ts');
      const before = await webInputsHash([{ name: 'example', module }]);
      expect(await webInputsHash([{ name: 'example', module }])).toBe(before);
      expect(await webInputsHash([])).not.toBe(before);
      expect(await webInputsHash([{ name: 'renamed', module }])).not.toBe(before);
      writeFileSync(join(folder, 'extra.ts'), 'export const changed = true;\n');
      expect(await webInputsHash([{ name: 'example', module }])).not.toBe(before);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
