import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../harness.ts';

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
    for (const file of ['package.json', 'plugin.ts', 'prisma/cable-labels.prisma', 'server/graphql.ts', 'test/cable-labels.test.ts', 'README.md', 'vitest.config.ts', 'tsconfig.json']) {
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

  it('type-checks once `fathom plugin-types` has generated the types of its models', async () => {
    const types = await run(process.execPath, [bin, 'plugin-types', pluginDir], { cwd: pluginDir });
    expect(types.stdout).toContain('types');
    // Throws with tsc's report if the package has a type error.
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', pluginDir], { cwd: pluginDir });
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
