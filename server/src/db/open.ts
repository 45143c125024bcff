import { join } from 'node:path';
import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { FathomConfig } from '../config/config.ts';
import { importFile } from '../import-file.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import type { PrismaClient } from './client.ts';
import { databaseAdapter } from './adapters.ts';
import { pluginModels } from './compose-prisma.ts';
import { composePrismaCached } from './compose-cache.ts';
import { ensureClient, generatorBlocks } from './generate.ts';

/** The generated Prisma client of the running composition: where it is, and the schema it was made from. */
export interface GeneratedClient {
  dir: string;
  hash: string;
  generated: boolean;
  schema: string;
  modelsByPlugin: Map<string, string[]>;
  composition: string;
}

/** Compose the Prisma schema for the enabled plugins and make sure its client is generated. */
export async function prepareClient(config: FathomConfig, registry: PluginRegistry): Promise<GeneratedClient> {
  const composed = composePrismaCached({ provider: config.database.provider, plugins: pluginModels(registry), generators: generatorBlocks() }, join(config.stateDir, 'compositions'));
  const client = await ensureClient(composed.schema, config.stateDir);
  return { ...client, schema: composed.schema, modelsByPlugin: composed.modelsByPlugin, composition: composed.cacheKey };
}

interface ClientModule {
  PrismaClient: new (options: { adapter: SqlMigrationAwareDriverAdapterFactory; log?: unknown[] }) => PrismaClient;
}

export async function importClient(dir: string): Promise<{ PrismaClient: ClientModule['PrismaClient']; dmmf: PothosPrismaDatamodel }> {
  const client = (await importFile(join(dir, 'client', 'client.ts'))) as ClientModule;
  const types = (await importFile(join(dir, 'pothos-types.ts'))) as { getDatamodel: () => PothosPrismaDatamodel };
  return { PrismaClient: client.PrismaClient, dmmf: types.getDatamodel() };
}

/**
 * Open a database client for the enabled plugins' composition (generating it if needed). `adapterFactory` wraps
 * the driver adapter, e.g. to count statements.
 */
export async function openPrisma(
  config: FathomConfig,
  registry: PluginRegistry,
  wrap: (factory: SqlMigrationAwareDriverAdapterFactory) => SqlMigrationAwareDriverAdapterFactory = (f) => f,
): Promise<{ prisma: PrismaClient; client: GeneratedClient; dmmf: PothosPrismaDatamodel }> {
  const client = await prepareClient(config, registry);
  const { PrismaClient, dmmf } = await importClient(client.dir);
  const prisma = new PrismaClient({ adapter: wrap(databaseAdapter(config.database)) });
  return { prisma, client, dmmf };
}
