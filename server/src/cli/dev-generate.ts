import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../config/config.ts';
import { generateClient, generatorBlocks } from '../db/generate.ts';
import { composePrisma, pluginModels } from '../db/compose-prisma.ts';
import { loadPlugins } from '../plugins/load.ts';
import { resolvePlugins } from '../runtime.ts';

/** Where Fathom's own sources look for the generated types (`schema/builder.ts`, `db/client.ts`). */
export const GENERATED_DIR = fileURLToPath(new URL('../../../generated', import.meta.url));

/**
 * Generate the Prisma client and Pothos types for the core, every plugin under `<rootDir>/plugins/` and the plugin
 * packages named in `extra` (paths or package names) into the folder Fathom's sources read their types from, for
 * type checking and editors. The running server generates its own client for the plugins actually enabled.
 */
export async function devGenerate(rootDir: string, extra: readonly string[] = []): Promise<{ dir: string; generated: boolean }> {
  const pluginsDir = join(rootDir, 'plugins');
  const bundled = existsSync(pluginsDir)
    ? readdirSync(pluginsDir)
        .filter((entry) => existsSync(join(pluginsDir, entry, 'package.json')))
        .map((entry) => (JSON.parse(readFileSync(join(pluginsDir, entry, 'package.json'), 'utf8')) as { name: string }).name)
    : [];
  const packages = [...bundled, ...extra.map((p) => (p.startsWith('.') ? resolve(rootDir, p) : p))];
  // Only the models matter here: required settings get a stand-in value so that validation lets them through.
  const found = await loadPlugins(packages, rootDir);
  const pluginsConfig = Object.fromEntries(found.map(({ definition }) => [definition.name, Object.fromEntries((definition.requiredSettings ?? []).map((key) => [key, 'type-generation']))]));
  const config = parseConfig({ plugins: packages, pluginsConfig }, rootDir);
  const schema = composePrisma({ provider: 'sqlite', plugins: pluginModels(await resolvePlugins(config)), generators: generatorBlocks() }).schema;
  const dir = GENERATED_DIR;
  const schemaFile = join(dir, 'schema.prisma');
  if (existsSync(schemaFile) && readFileSync(schemaFile, 'utf8') === schema && existsSync(join(dir, 'pothos-types.ts')) && existsSync(join(dir, 'client', 'query_compiler.wasm'))) {
    return { dir, generated: false };
  }
  await generateClient(schema, dir);
  return { dir, generated: true };
}
