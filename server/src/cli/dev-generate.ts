import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../config/config.ts';
import { generateClient, generatorBlocks } from '../db/generate.ts';
import { composePrisma } from '../db/compose-prisma.ts';
import { pluginModels, resolvePlugins } from '../runtime.ts';

/**
 * Generate the Prisma client and Pothos types for the core plus every bundled plugin into `generated/`, for
 * type checking and editors. The running server generates its own client for the plugins actually enabled.
 */
export async function devGenerate(rootDir: string): Promise<{ dir: string; generated: boolean }> {
  const pluginsDir = join(rootDir, 'plugins');
  const packages = readdirSync(pluginsDir)
    .filter((entry) => existsSync(join(pluginsDir, entry, 'package.json')))
    .map((entry) => (JSON.parse(readFileSync(join(pluginsDir, entry, 'package.json'), 'utf8')) as { name: string }).name);
  const config = parseConfig({ plugins: packages, pluginsConfig: { example: { defaultLocalAsn: 64512 } } }, rootDir);
  const schema = composePrisma({ provider: 'sqlite', plugins: pluginModels(await resolvePlugins(config)), generators: generatorBlocks() }).schema;
  const dir = join(rootDir, 'generated');
  const schemaFile = join(dir, 'schema.prisma');
  if (existsSync(schemaFile) && readFileSync(schemaFile, 'utf8') === schema && existsSync(join(dir, 'pothos-types.ts'))) {
    return { dir, generated: false };
  }
  await generateClient(schema, dir);
  return { dir, generated: true };
}
