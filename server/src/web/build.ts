import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageDir } from '../packages.ts';
import type { FathomConfig } from '../config/config.ts';
import type { PluginRegistry } from '../plugins/registry.ts';

export const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../web');

export function webOutDir(config: FathomConfig): string {
  return join(config.stateDir, 'web');
}

/** The enabled plugins that ship web code, with the absolute path of their web entry. */
export function webPlugins(registry: Pick<PluginRegistry, 'web'>): Array<{ name: string; module: string }> {
  return registry.web.map((c) => ({ name: c.plugin.name, module: c.value }));
}

/** Where a build records the hash of what it was made from. */
const STAMP = '.fathom-web-inputs';

/**
 * Build the web UI with the enabled plugins' components (each in a lazy chunk) into `<stateDir>/web`, unless the
 * bundle there was made from the same inputs (`built: false`).
 */
export async function buildWeb(config: FathomConfig, registry: Pick<PluginRegistry, 'web'>): Promise<{ outDir: string; files: number; built: boolean }> {
  const outDir = webOutDir(config);
  const plugins = webPlugins(registry);
  const inputs = await webInputsHash(plugins);
  const stamp = join(outDir, STAMP);
  if (existsSync(join(outDir, 'index.html')) && (await readFile(stamp, 'utf8').catch(() => '')) === inputs) {
    return { outDir, files: 0, built: false };
  }
  const [{ build }, { svelte }, { fathomPlugins }] = await Promise.all([
    import('vite'),
    import('@sveltejs/vite-plugin-svelte'),
    import('../../../web/vite-plugin-fathom.ts'),
  ]);
  const result = await build({
    configFile: false,
    root: WEB_ROOT,
    logLevel: 'warn',
    mode: 'production',
    // Always a production build, even when the process runs under a test runner that sets NODE_ENV=test.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    plugins: [svelte({ configFile: false, compilerOptions: { dev: false } }), fathomPlugins(plugins)],
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const files = outputs.reduce((n, o) => n + ('output' in o ? o.output.length : 0), 0);
  await writeFile(stamp, inputs);
  return { outDir, files, built: true };
}

/**
 * What the bundle is made from, as one hash: the web UI's files, each enabled plugin's name and the files of the
 * folder its web entry is in, and the versions of the build tools.
 */
export async function webInputsHash(plugins: ReadonlyArray<{ name: string; module: string }>): Promise<string> {
  const hash = createHash('sha256');
  for (const tool of ['vite', 'svelte', '@sveltejs/vite-plugin-svelte']) {
    const { version } = JSON.parse(await readFile(join(packageDir(tool), 'package.json'), 'utf8')) as { version: string };
    hash.update(`${tool}@${version}\n`);
  }
  for (const [name, folder] of [['', WEB_ROOT], ...plugins.map((p) => [p.name, dirname(p.module)])] as const) {
    const files = await filesUnder(folder);
    hash.update(`[${name}]\n`);
    for (const file of files) hash.update(`${relative(folder, file)}\n`).update(await readFile(file));
  }
  return hash.digest('hex');
}

async function filesUnder(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(path)));
    else if (entry.isFile()) found.push(path);
  }
  return found.sort();
}
