import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import type { GraphQLSchema } from 'graphql';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { FathomConfig } from './config/config.ts';
import type { PrismaClient } from './context.ts';
import { createAdapterFactory, countingFactory, createQueryCounter, type QueryCounter } from './db/adapters.ts';
import { composePrisma, readFragment, type PluginModels } from './db/compose-prisma.ts';
import { ensureClient, generatorBlocks } from './db/generate.ts';
import { composeSchema, type ComposedSchema } from './gateway/compose.ts';
import type { Logger } from './logger.ts';
import { loadPlugins } from './plugins/load.ts';
import { validatePlugins, type ValidatedPlugin } from './plugins/validate.ts';
import { addInstalledPlugins } from './schema/installed-plugins.ts';
import { FATHOM_VERSION } from './version.ts';
import { pluginError } from './errors.ts';
import { contentTypeMap } from './auth/content-types.ts';
import { addAuthTypes } from './schema/auth.ts';
import { addUserAdminTypes } from './schema/user-admin.ts';
import { addJobTypes } from './schema/jobs.ts';
import { addSecretTypes } from './schema/secrets.ts';
import { addExportTemplateTypes } from './schema/export-templates.ts';
import { addGitTypes } from './schema/git.ts';
import { addCustomFieldTypes } from './schema/custom-fields.ts';
import { gitDataTypes, type GitDataTypes } from './git/sync.ts';
import { createTemplateEngine, type TemplateEngine } from './templates/engine.ts';
import { templateSelect, type Select } from './templates/template-data.ts';
import { secretsProviders } from './secrets/providers.ts';
import { createJobQueue, type JobQueue } from './jobs/queue.ts';
import { addUiExtensions } from './schema/ui-extensions.ts';
import { LoginGuard } from './auth/login-guard.ts';
import { memoryEpoch, redisEpoch, type Epoch } from './cache/epoch.ts';

/** Phases 1–2: load and validate the configured plugins. */
export async function resolvePlugins(config: FathomConfig): Promise<ValidatedPlugin[]> {
  const found = await loadPlugins(config.plugins, config.rootDir);
  return validatePlugins(found, { fathomVersion: FATHOM_VERSION, pluginsConfig: config.pluginsConfig });
}

export function pluginModels(plugin: ValidatedPlugin): PluginModels {
  return {
    plugin: plugin.name,
    prefix: plugin.prefix,
    dependencies: plugin.dependencies,
    fragments: (plugin.definition.prismaFragments ?? []).map(readFragment),
  };
}

export interface GeneratedClient {
  dir: string;
  hash: string;
  generated: boolean;
  schema: string;
  modelsByPlugin: Map<string, string[]>;
}

/** Compose the Prisma schema for the enabled plugins and make sure its client is generated. */
export async function prepareClient(config: FathomConfig, plugins: readonly ValidatedPlugin[]): Promise<GeneratedClient> {
  const composed = composePrisma({ provider: config.database.provider, plugins: plugins.map(pluginModels), generators: generatorBlocks() });
  const client = await ensureClient(composed.schema, config.stateDir);
  return { ...client, schema: composed.schema, modelsByPlugin: composed.modelsByPlugin };
}

interface ClientModule {
  PrismaClient: new (options: { adapter: SqlMigrationAwareDriverAdapterFactory; log?: unknown[] }) => PrismaClient;
}

export async function importClient(dir: string): Promise<{ PrismaClient: ClientModule['PrismaClient']; dmmf: PothosPrismaDatamodel }> {
  const client = (await import(pathToFileURL(join(dir, 'client', 'client.ts')).href)) as ClientModule;
  const types = (await import(pathToFileURL(join(dir, 'pothos-types.ts')).href)) as { getDatamodel: () => PothosPrismaDatamodel };
  return { PrismaClient: client.PrismaClient, dmmf: types.getDatamodel() };
}

/**
 * Open a database client for the enabled plugins' composition (generating it if needed). `adapterFactory` wraps
 * the driver adapter, e.g. to count statements.
 */
export async function openPrisma(
  config: FathomConfig,
  plugins: readonly ValidatedPlugin[],
  wrap: (factory: SqlMigrationAwareDriverAdapterFactory) => SqlMigrationAwareDriverAdapterFactory = (f) => f,
): Promise<{ prisma: PrismaClient; client: GeneratedClient; dmmf: PothosPrismaDatamodel }> {
  const client = await prepareClient(config, plugins);
  const { PrismaClient, dmmf } = await importClient(client.dir);
  const prisma = new PrismaClient({ adapter: wrap(createAdapterFactory(config.database.provider, config.database.url)) });
  return { prisma, client, dmmf };
}

/** Everything a running Fathom process holds: plugins, the database client, and the served schema. */
export interface Runtime {
  config: FathomConfig;
  plugins: ValidatedPlugin[];
  prisma: PrismaClient;
  composed: ComposedSchema;
  /** The Prisma datamodel of the running composition. */
  dmmf: PothosPrismaDatamodel;
  /** Model name → content type label (core and enabled plugins). */
  contentTypes: Map<string, string>;
  /** The sandboxed Jinja2-compatible template engine with the plugins' filters. */
  templates: TemplateEngine;
  /** Failed-login counters and the password hashing gate, shared by every request of this process. */
  loginGuard: LoginGuard;
  /**
   * What cached authentication is checked against: this process's counter on SQLite (one process), Redis's when
   * configured (every process), none otherwise (PostgreSQL without Redis: several processes could not agree).
   */
  authEpoch: Epoch | null;
  /** The same for definitions writes consult (custom fields, statuses). */
  definitionsEpoch: Epoch | null;
  /** Git data types the enabled plugins provide, by slug. */
  gitTypes: GitDataTypes;
  /** Secrets providers, core and plugin, by slug. */
  secrets: ReturnType<typeof secretsProviders>;
  /** Where started jobs go; created with the runtime, closed with it. */
  jobs: JobQueue;
  /** Counts SQL statements sent by `prisma` (tests and benchmarks read it). */
  queries: QueryCounter;
  log: Logger;
  close(): Promise<void>;
}

/** A runtime without its job queue and lifecycle: what jobs need to run. */
export type RuntimeCore = Omit<Runtime, 'jobs' | 'close' | 'loginGuard' | 'authEpoch' | 'definitionsEpoch'>;

/** Phases 3–4 on top of 1–2: open the database client and compose the GraphQL schema. */
export async function openRuntime(config: FathomConfig, log: Logger): Promise<Runtime> {
  const plugins = await resolvePlugins(config);
  const queries = createQueryCounter();
  const { prisma, client, dmmf } = await openPrisma(config, plugins, (factory) => countingFactory(factory, queries));
  const models = new Set(Object.keys(dmmf.datamodel.models));
  for (const plugin of plugins) {
    for (const [what, keys] of [
      ['validators', Object.keys(plugin.definition.validators ?? {})],
      ['detailViews', Object.keys(plugin.definition.detailViews ?? {})],
      ['overrideViews', Object.keys(plugin.definition.overrideViews ?? {}).map((view) => view.split('.')[0] ?? view)],
    ] as const) {
      const unknown = keys.filter((k) => !models.has(k));
      if (unknown.length > 0) {
        await prisma.$disconnect();
        throw pluginError('PLUGIN_INVALID', plugin.name, `its ${what} name model(s) that do not exist: ${unknown.join(', ')}`);
      }
    }
  }
  let secrets: Runtime['secrets'];
  let templates: Runtime['templates'];
  let gitTypes: ReturnType<typeof gitDataTypes>;
  try {
    gitTypes = gitDataTypes(plugins);
    secrets = secretsProviders(plugins, config.secrets);
    templates = createTemplateEngine(plugins, config.templates, log);
  } catch (error) {
    await prisma.$disconnect();
    throw error;
  }
  const typesByPlugin = new Map<string, string[]>();
  // What templates may read of each model follows the composed GraphQL schema, known once composition is done.
  let composedSchema: GraphQLSchema | null = null;
  const selects = new Map<string, Select | null>();
  const selectFor = (model: string): Select | null => {
    if (!selects.has(model) && composedSchema) selects.set(model, templateSelect(composedSchema, dmmf, model));
    return selects.get(model) ?? null;
  };
  try {
    const composed = composeSchema({
      dmmf,
      plugins,
      log,
      extendCore: (builder) => {
        addAuthTypes(builder);
        addUserAdminTypes(builder);
        addJobTypes(builder, plugins);
        addSecretTypes(builder, secrets, config.secrets);
        addExportTemplateTypes(builder, templates, selectFor);
        addGitTypes(builder, gitTypes, config.git);
        addCustomFieldTypes(builder);
        addUiExtensions(builder, plugins);
        addInstalledPlugins(
          builder,
          plugins.map((plugin) => ({ plugin, models: client.modelsByPlugin.get(plugin.name) ?? [], graphqlTypes: () => typesByPlugin.get(plugin.name) ?? [] })),
        );
      },
    });
    composedSchema = composed.schema;
    for (const p of composed.plugins) {
      const core = composed.core.getTypeMap();
      typesByPlugin.set(p.plugin, Object.keys(p.schema.getTypeMap()).filter((name) => !name.startsWith('__') && (!(name in core) || p.entityTypes.has(name)) && name !== 'Query' && name !== 'Mutation' && !['String', 'Int', 'Boolean', 'ID', 'Float'].includes(name)).sort());
    }
    const contentTypes = contentTypeMap(client.modelsByPlugin);
    const core: RuntimeCore = { config, plugins, prisma, composed, dmmf, contentTypes, queries, log, secrets, templates, gitTypes };
    const jobs = createJobQueue(core, log);
    const loginGuard = new LoginGuard(config.auth, config.jobs.redisUrl, config.jobs.queueName);
    const epoch = (name: string) => (config.jobs.redisUrl ? redisEpoch(config.jobs.redisUrl, `${config.jobs.queueName}:${name}`) : config.database.provider === 'sqlite' ? memoryEpoch() : null);
    const authEpoch = epoch('auth-epoch');
    const definitionsEpoch = epoch('definitions-epoch');
    return {
      ...core,
      jobs,
      loginGuard,
      authEpoch,
      definitionsEpoch,
      close: async () => {
        await jobs.close();
        await loginGuard.close();
        await authEpoch?.close();
        await definitionsEpoch?.close();
        await templates.close();
        await prisma.$disconnect();
      },
    };
  } catch (error) {
    await templates.close();
    await prisma.$disconnect();
    throw error;
  }
}
