import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { importFile } from '../import-file.ts';
import { pluginError } from '../errors.ts';
import { PLUGIN_BRAND, type PluginDefinition } from './definition.ts';

/** A plugin package as found on disk, before validation. */
export interface FoundPlugin {
  /** What the config named: an npm package name or a path. */
  specifier: string;
  definition: PluginDefinition;
}

/** The file a plugin specifier from the config names: its package entry point, or the file or folder it points at. */
export function pluginEntryFile(specifier: string, rootDir: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const path = resolve(rootDir, specifier);
    if (!existsSync(join(path, 'package.json'))) return path;
    // A plugin package folder: its entry is the "." export, or "main".
    const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { exports?: unknown; main?: string };
    const exported = typeof manifest.exports === 'string' ? manifest.exports : (manifest.exports as Record<string, unknown> | undefined)?.['.'];
    return join(path, typeof exported === 'string' ? exported : (manifest.main ?? 'index.js'));
  }
  return createRequire(join(rootDir, 'package.json')).resolve(specifier);
}

/** Phase 1, load: resolve and import every enabled plugin package, in the order the config lists them. */
export async function loadPlugins(specifiers: readonly string[], rootDir: string): Promise<FoundPlugin[]> {
  const found: FoundPlugin[] = [];
  for (const specifier of specifiers) {
    let file: string;
    try {
      file = pluginEntryFile(specifier, rootDir);
    } catch (cause) {
      throw pluginError('PLUGIN_NOT_FOUND', specifier, `the package is not installed (run \`npm install ${specifier}\`), or it has no entry point`, cause);
    }
    let mod: Record<string, unknown>;
    try {
      mod = (await importFile(file)) as Record<string, unknown>;
    } catch (cause) {
      throw pluginError('PLUGIN_INVALID', specifier, `importing the package failed: ${(cause as Error).message}`, cause);
    }
    const definition = (mod['default'] ?? mod['plugin']) as (PluginDefinition & { [PLUGIN_BRAND]?: true }) | undefined;
    if (!definition || typeof definition !== 'object' || definition[PLUGIN_BRAND] !== true) {
      throw pluginError(
        'PLUGIN_INVALID',
        specifier,
        'the package does not export a plugin definition; its entry point must `export default definePlugin({...})` from fathom/sdk',
      );
    }
    found.push({ specifier, definition });
  }
  return found;
}
