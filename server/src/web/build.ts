import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Build the web UI with the enabled plugins' components (each in a lazy chunk) into `<stateDir>/web`. */
export async function buildWeb(config: FathomConfig, registry: Pick<PluginRegistry, 'web'>): Promise<{ outDir: string; files: number }> {
  const [{ build }, { svelte }, { fathomPlugins }] = await Promise.all([
    import('vite'),
    import('@sveltejs/vite-plugin-svelte'),
    import('../../../web/vite-plugin-fathom.ts'),
  ]);
  const outDir = webOutDir(config);
  const result = await build({
    configFile: false,
    root: WEB_ROOT,
    logLevel: 'warn',
    mode: 'production',
    // Always a production build, even when the process runs under a test runner that sets NODE_ENV=test.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    plugins: [svelte({ configFile: false, compilerOptions: { dev: false } }), fathomPlugins(webPlugins(registry))],
    build: { outDir, emptyOutDir: true, target: 'es2022' },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const files = outputs.reduce((n, o) => n + ('output' in o ? o.output.length : 0), 0);
  return { outDir, files };
}
