import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, serveFathom } from '../harness.ts';
import { configArgs, configFileOf, findCompiled, pointerFile } from '../../server/bin/compiled.js';

const run = promisify(execFile);
const bin = join(ROOT, 'server', 'bin', 'fathom.js');

/** A deployment of its own under .fathom/, with both bundled plugins, driven through the `fathom` command. */
const dir = join(ROOT, '.fathom', `compiled-test-${process.pid}`);
const config = join(dir, 'fathom.config.ts');
mkdirSync(dir, { recursive: true });
writeFileSync(
  config,
  `import { defineConfig } from 'fathom/sdk';\nexport default defineConfig({ plugins: ['fathom-plugin-example', 'fathom-plugin-peering'], pluginsConfig: { example: { defaultLocalAsn: 64512 } }, database: { url: ${JSON.stringify(`file:${join(dir, 'db.sqlite')}`)} }, stateDir: ${JSON.stringify(join(dir, 'state'))}, logLevel: 'warn' });\n`,
);
const env = { ...process.env, DATABASE_URL: '', FATHOM_CONFIG: '', FATHOM_RUN_SOURCES: '' };
const fathom = (args: string[], extra: Record<string, string> = {}) => run(process.execPath, [bin, ...args, '--config', config], { cwd: dir, env: { ...env, ...extra }, maxBuffer: 16 * 1024 * 1024 });

/** Start `fathom start`, wait for its serving line and a healthy /health, and stop it. */
async function serve(extra: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  const served = await serveFathom(bin, ['--config', config], { cwd: dir, env: { ...env, ...extra } });
  served.stop();
  return { stdout: served.stdout(), stderr: served.stderr() };
}

describe('the compiled build', () => {
  afterAll(() => {
    rmSync(pointerFile(config), { force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('is written by post-upgrade, carries the config, the plugins and the client, and is kept while current', { timeout: 240_000 }, async () => {
    expect(findCompiled(config)).toEqual({ entry: null, reason: 'not compiled yet' });
    const first = await fathom(['post-upgrade']);
    expect(first.stdout).toMatch(/Compiled \d+ source files into .*compiled\/fathom\.mjs/);
    const compiled = findCompiled(config);
    expect(compiled.entry).toBe(join(dir, 'state', 'compiled', 'fathom.mjs'));
    const manifest = JSON.parse(readFileSync(join(dir, 'state', 'compiled', 'manifest.json'), 'utf8')) as { carried: string[]; inputs: Array<[string, string]> };
    expect(manifest.carried[0]).toBe(config);
    expect(manifest.carried.some((file) => file.endsWith(join('plugins', 'example', 'plugin.ts')))).toBe(true);
    expect(manifest.carried.some((file) => file.endsWith(join('client', 'client.ts')))).toBe(true);
    // Installed packages are imported from where they are installed, and recorded so that an upgrade is noticed.
    const bundle = readFileSync(compiled.entry!, 'utf8');
    expect(bundle).toContain(`from "${join(ROOT, 'node_modules', 'graphql')}`);
    expect(manifest.inputs.some(([file]) => file.includes(`${join('node_modules', 'graphql')}`))).toBe(true);
    // Prisma's query compiler is read from the WebAssembly file written beside the client, not from a base64 module.
    const clientDir = dirname(manifest.carried.find((file) => file.endsWith(join('client', 'client.ts')))!);
    expect(readFileSync(join(clientDir, 'query_compiler.wasm')).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    expect(readFileSync(join(clientDir, 'internal', 'class.ts'), 'utf8')).not.toContain('wasm-base64');
    expect(bundle).not.toMatch(/import\([^()]*wasm-base64\.mjs["']\)/);
    // The second run is the compiled build itself: plugins find their fragments and migrations beside their sources.
    const second = await fathom(['post-upgrade']);
    expect(second.stdout).toContain(`The compiled build is current: ${compiled.entry}`);
    expect(second.stdout).toContain('No migrations to apply');
  });

  it('serves from the compiled build, and prints the same schema as the sources', { timeout: 120_000 }, async () => {
    // The preload reports each use of Node's locale data: its first use maps megabytes into the process, so starting
    // up makes none (the export field's description once printed its limit with toLocaleString).
    const served = await serve({ NODE_OPTIONS: `--import ${pathToFileURL(join(ROOT, 'test', 'fixtures', 'locale-calls.mjs')).href}` });
    expect(served.stdout).toContain('compiled build)');
    expect(served.stderr).not.toContain('running from the TypeScript sources');
    expect(served.stderr).not.toContain('locale-call:');
    const compiled = await fathom(['schema']);
    const sources = await fathom(['schema'], { FATHOM_RUN_SOURCES: '1' });
    expect(compiled.stdout.length).toBeGreaterThan(10_000);
    expect(compiled.stdout).toBe(sources.stdout);
  });

  it('runs from the sources again, saying why, once a file it was built from changes; post-upgrade compiles anew', { timeout: 240_000 }, async () => {
    const later = new Date(Date.now() + 5_000);
    utimesSync(config, later, later);
    expect(findCompiled(config)).toEqual({ entry: null, reason: `${config} changed since it was compiled` });
    const served = await serve();
    expect(served.stdout).toContain('TypeScript sources)');
    expect(served.stderr).toContain(`running from the TypeScript sources (${config} changed since it was compiled)`);
    const upgrade = await fathom(['post-upgrade']);
    expect(upgrade.stdout).toMatch(/Compiled \d+ source files/);
    expect((await serve()).stdout).toContain('compiled build)');
  });

  it('finds the config file as the CLI does: --config, -c, --config=, then $FATHOM_CONFIG, then ./fathom.config.ts', () => {
    expect(configFileOf(['start', '--config', 'a.ts', '--port', '1'], '/srv', {})).toBe('/srv/a.ts');
    expect(configFileOf(['start', '-c', '/etc/f.ts'], '/srv', {})).toBe('/etc/f.ts');
    expect(configFileOf(['start', '--config=b.ts'], '/srv', { FATHOM_CONFIG: 'c.ts' })).toBe('/srv/b.ts');
    expect(configFileOf(['start'], '/srv', { FATHOM_CONFIG: 'c.ts' })).toBe('/srv/c.ts');
    expect(configFileOf(['start'], '/srv', {})).toBe('/srv/fathom.config.ts');
    expect(configArgs(['start', '--prepare', '-c', 'x.ts', '--port', '1'])).toEqual(['-c', 'x.ts']);
  });

  it('is not used when its build is gone or its manifest is from another format, and says so', () => {
    const manifestFile = join(dir, 'state', 'compiled', 'manifest.json');
    const manifest = readFileSync(manifestFile, 'utf8');
    writeFileSync(manifestFile, manifest.replace('"format":1', '"format":0'));
    expect(findCompiled(config)).toEqual({ entry: null, reason: 'its build is from another release' });
    // A damaged manifest or pointer is refused with a reason, never a crash of the command.
    for (const damaged of ['null', '{"format":1}', manifest.replace(/"inputs":\[.*\]/, '"inputs":{"a":1}'), manifest.slice(0, 200)]) {
      writeFileSync(manifestFile, damaged);
      expect(findCompiled(config).entry).toBeNull();
    }
    writeFileSync(manifestFile, manifest.replace(/"inputs":\[\[/, '"inputs":[7,['));
    expect(findCompiled(config)).toEqual({ entry: null, reason: 'undefined changed since it was compiled' });
    writeFileSync(manifestFile, manifest);
    expect(findCompiled(config).entry).toBe(join(dir, 'state', 'compiled', 'fathom.mjs'));
    const pointer = readFileSync(pointerFile(config), 'utf8');
    writeFileSync(pointerFile(config), '{"manifest":42}');
    expect(findCompiled(config)).toEqual({ entry: null, reason: 'its build is gone' });
    writeFileSync(pointerFile(config), pointer);
    rmSync(join(dir, 'state', 'compiled'), { recursive: true });
    expect(findCompiled(config)).toEqual({ entry: null, reason: 'its build is gone' });
    expect(existsSync(pointerFile(config))).toBe(true);
  });
});
