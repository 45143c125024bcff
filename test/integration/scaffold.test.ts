import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, serveFathom } from '../harness.ts';

const run = promisify(execFile);
const bin = `${ROOT}/server/bin/fathom.js`;

/** `fathom new-plugin`, tried as an author outside this repository would. */
describe('a plugin package made by fathom new-plugin', () => {
  let outside: string;
  let pluginDir: string;
  beforeAll(async () => {
    // A folder outside the repository whose dependencies are this project's (as after `npm install fathom vitest`).
    outside = mkdtempSync(join(tmpdir(), 'fathom-scaffold-'));
    symlinkSync(join(ROOT, 'node_modules'), join(outside, 'node_modules'), 'dir');
    pluginDir = join(outside, 'fathom-plugin-cable-labels');
    const made = await run(process.execPath, [bin, 'new-plugin', 'cable-labels', '--dir', pluginDir], { cwd: outside });
    expect(made.stdout).toContain('Created');
  });
  afterAll(async () => {
    rmSync(outside, { recursive: true, force: true });
    // Back to the types of the core and the bundled plugins.
    await run(process.execPath, [bin, 'dev-generate'], { cwd: ROOT });
  });

  it('is a complete package: definition, model, GraphQL API, test, README', () => {
    for (const file of ['package.json', 'plugin.ts', 'prisma/cable-labels.prisma', 'prisma/migrations/0001_initial/sqlite.sql', 'prisma/migrations/0001_initial/postgresql.sql', 'server/graphql.ts', 'test/cable-labels.test.ts', 'README.md', 'vitest.config.ts', 'tsconfig.json']) {
      expect(existsSync(join(pluginDir, file)), file).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8')) as { name: string; exports: Record<string, string> };
    expect(manifest).toMatchObject({ name: 'fathom-plugin-cable-labels', exports: { '.': './plugin.ts' } });
    expect(readFileSync(join(pluginDir, 'prisma/cable-labels.prisma'), 'utf8')).toContain('model CableLabelsItem');
  });

  it('passes its own tests on creation (Fathom on SQLite, its model, permissions, statement counts, its registry)', async () => {
    const result = await run(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=json'], { cwd: pluginDir, maxBuffer: 16 * 1024 * 1024 });
    const report = JSON.parse(result.stdout) as { numPassedTests: number; numFailedTests: number; success: boolean };
    expect(report).toMatchObject({ numPassedTests: 4, numFailedTests: 0, success: true });
  });

  it('type-checks once `fathom plugin-types` has generated the types of its models', { timeout: 180_000 }, async () => {
    const types = await run(process.execPath, [bin, 'plugin-types', pluginDir], { cwd: pluginDir });
    expect(types.stdout).toContain('types');
    // Throws with tsc's report if the package has a type error.
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', pluginDir], { cwd: pluginDir });
  });

  it('installs with npm into a Fathom deployment as the README says, and Installed Plugins shows what it registered', { timeout: 240_000 }, async () => {
    // The author publishes the package (here: packs it); the operator installs it next to Fathom.
    const npm = (args: string[], cwd: string) => run('npm', [...args, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd });
    await run('npm', ['pack', pluginDir, '--pack-destination', outside], { cwd: outside });
    const deploy = join(outside, 'deploy');
    mkdirSync(deploy);
    writeFileSync(join(deploy, 'package.json'), JSON.stringify({ name: 'our-fathom', private: true, type: 'module' }));
    await npm(['install', join(ROOT, 'server')], deploy);
    await npm(['install', join(outside, 'fathom-plugin-cable-labels-0.1.0.tgz')], deploy);
    expect(lstatSync(join(deploy, 'node_modules', 'fathom-plugin-cable-labels')).isDirectory()).toBe(true);
    // A registry install of Fathom would have put its dependencies next to it; here they are this project's, linked
    // one package at a time and only after npm is done (npm removes what it did not install, through links too).
    const modules = join(ROOT, 'node_modules');
    const link = (name: string) => existsSync(join(deploy, 'node_modules', name)) || symlinkSync(join(modules, name), join(deploy, 'node_modules', name), 'dir');
    for (const name of readdirSync(modules).filter((n) => !n.startsWith('.'))) {
      if (!name.startsWith('@')) link(name);
      else {
        mkdirSync(join(deploy, 'node_modules', name), { recursive: true });
        for (const scoped of readdirSync(join(modules, name))) link(`${name}/${scoped}`);
      }
    }
    writeFileSync(join(deploy, 'fathom.config.ts'), "import { defineConfig } from 'fathom/sdk';\n\nexport default defineConfig({ plugins: ['fathom-plugin-cable-labels'] });\n");

    const fathom = (args: string[]) => run(process.execPath, [join(deploy, 'node_modules/fathom/bin/fathom.js'), ...args], { cwd: deploy });
    expect((await fathom(['post-upgrade'])).stdout).toContain('Finished.');
    await fathom(['createsuperuser', '--username', 'admin', '--email', 'admin@example.net', '--password', 'outside-password']);
    const key = (await fathom(['token', 'create', '--username', 'admin'])).stdout.trim().split(/\s+/).pop() ?? '';
    // Boot may load TypeScript through tsx; on a loaded CI machine that can take a while. A server that exits says why.
    const server = await serveFathom(join(deploy, 'node_modules/fathom/bin/fathom.js'), [], { cwd: deploy });
    try {
      const { url } = server;
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Token ${key}` },
        body: JSON.stringify({ query: '{ installedPlugins { name packageName registrations { kind name } } }' }),
      });
      const body = (await response.json()) as { data: { installedPlugins: Array<{ name: string; packageName: string; registrations: Array<{ kind: string; name: string }> }> } };
      const [installed] = body.data.installedPlugins;
      expect(installed).toMatchObject({ name: 'cable-labels', packageName: 'fathom-plugin-cable-labels' });
      expect(installed?.registrations).toEqual([
        { kind: 'migrations', name: 'versioned migrations' },
        { kind: 'graphql', name: 'GraphQL subschema' },
        { kind: 'homePanel', name: 'Cable Labels' },
        { kind: 'searchableModel', name: 'CableLabelsItem' },
      ]);
    } finally {
      server.stop();
    }
  });

  it('refuses a bad name and a folder that is not empty, writing nothing', async () => {
    const bad = await run(process.execPath, [bin, 'new-plugin', 'Cable_Labels', '--dir', join(outside, 'bad')], { cwd: outside }).catch((e: { stderr: string; code: number }) => e);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toContain('is not a plugin name');
    expect(existsSync(join(outside, 'bad'))).toBe(false);
    const busy = join(outside, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    const refused = await run(process.execPath, [bin, 'new-plugin', 'busy', '--dir', busy], { cwd: outside }).catch((e: { stderr: string; code: number }) => e);
    expect((refused as { stderr: string }).stderr).toContain('exists and is not empty');
    expect(readFileSync(join(busy, 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(busy, 'plugin.ts'))).toBe(false);
  });
});
