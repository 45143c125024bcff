import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import type { GraphQLSchema } from 'graphql';
import type { DatabaseProvider, FathomConfig } from './config/config.ts';
import type { PrismaClient } from './db/client.ts';
import { countingFactory, createQueryCounter, holdingFactory, type HeldConnection, type QueryCounter } from './db/adapters.ts';
import { composeSchema, type ComposedSchema } from './gateway/compose.ts';
import { createLogger, type Logger } from './logger.ts';
import { loadPlugins } from './plugins/load.ts';
import { validatePlugins, type SkippedPlugin } from './plugins/validate.ts';
import { checkModelNames, registerPlugins, type PluginRegistry, type RegisteredPlugin } from './plugins/registry.ts';
import { addInstalledPlugins } from './plugins/installed.ts';
import { FATHOM_VERSION } from './version.ts';
import { contentTypeMap } from './auth/content-types.ts';
import { addAuthTypes } from './auth/graphql.ts';
import { addUserAdminTypes } from './auth/admin-graphql.ts';
import { addJobTypes } from './jobs/graphql.ts';
import { addSecretTypes } from './secrets/graphql.ts';
import { addExportTemplateTypes } from './templates/graphql.ts';
import { addExportToLists } from './templates/render-export.ts';
import { addPreferenceTypes } from './auth/preferences.ts';
import { addWebhookTypes } from './webhooks/graphql.ts';
import { ModelDirectory } from './schema/features.ts';
import { addRelationshipsToModels, addRelationshipTypes } from './relationships/graphql.ts';
import { addComputedFieldsToModels, addComputedFieldTypes } from './computed-fields/graphql.ts';
import { addCustomLinkTypes } from './custom-links/graphql.ts';
import { addJobHookTypes, JobHookRunner } from './jobs/hooks.ts';
import { addScheduledJobTypes } from './jobs/schedule-api.ts';
import { fireSchedule, inProcessScheduler, redisScheduler, type Scheduler } from './jobs/schedules.ts';
import { addGitTypes } from './git/graphql.ts';
import { addCustomFieldTypes } from './custom-fields/graphql.ts';
import { createTemplateEngine, type TemplateEngine } from './templates/engine.ts';
import { templateSelect, type Select } from './templates/template-data.ts';
import { secretsProviders } from './secrets/providers.ts';
import { createJobQueue, startWorker, type JobQueue } from './jobs/queue.ts';
import { ChangeFeed } from './changelog/feed.ts';
import type { ChangeListener } from './system.ts';
import { inProcessDeliveries, redisDeliveries, startDeliveryWorker, WebhookDispatcher, type DeliveryQueue } from './webhooks/dispatch.ts';
import { executeJob } from './jobs/execute.ts';
import type { Worker } from 'bullmq';
import { addUiExtensions } from './ui/extensions.ts';
import { openSearchIndex } from './schema/search.ts';
import { checkRowCounts, syncRowCounts } from './db/row-counts.ts';
import { plannerStatistics, type PlannerStatistics } from './db/planner-statistics.ts';
import { plainModels } from './schema/sql-read/where.ts';
import { directInserts, insertPlans, type DirectInserts } from './schema/sql-write/insert.ts';
import type { SearchIndex } from './db/search-index.ts';
import { addChangeLogTypes } from './changelog/graphql.ts';
import { LoginGuard } from './auth/login-guard.ts';
import { epochFactory, type Epoch } from './cache/epoch.ts';

/** Phases 1–3: load, validate and register the configured plugins. */
export async function resolvePlugins(config: FathomConfig, log: Logger = createLogger('silent')): Promise<PluginRegistry> {
  const found = await loadPlugins(config.plugins, config.rootDir);
  const skipped: SkippedPlugin[] = [];
  const skip = (plugin: SkippedPlugin) => {
    skipped.push(plugin);
    log.warn({ plugin: plugin.name, package: plugin.specifier, reason: plugin.reason }, 'plugin skipped: it cannot run here');
  };
  const validated = validatePlugins(found, { fathomVersion: FATHOM_VERSION, pluginsConfig: config.pluginsConfig, ...(config.incompatiblePlugins === 'skip' ? { skip } : {}) });
  return registerPlugins(validated, log, skipped);
}

import { openPrisma } from './db/open.ts';

export { importClient, openPrisma, prepareClient, type GeneratedClient } from './db/open.ts';

/** Everything a running Fathom process holds: plugins, the database client, and the served schema. */
export interface Runtime {
  config: FathomConfig;
  /** The enabled plugins, in load order. */
  plugins: readonly RegisteredPlugin[];
  /** Everything they contribute, by extension point. */
  registry: PluginRegistry;
  prisma: PrismaClient;
  composed: ComposedSchema;
  /** The Prisma datamodel of the running composition; `plainModels` are those SQL may name as Prisma does (no `@map`). */
  dmmf: PothosPrismaDatamodel;
  plainModels: ReadonlySet<string>;
  /** Model name → content type label (core and enabled plugins). */
  contentTypes: Map<string, string>;
  /** Models with the standard API and the shared features each takes part in. */
  models: ModelDirectory;
  /** The sandboxed Jinja2-compatible template engine with the plugins' filters. */
  templates: TemplateEngine;
  /** What an export template may read of a model (what its GraphQL type exposes), or null when it may not. */
  exportSelect: (model: string) => Select | null;
  /** Failed-login counters and the password hashing gate, shared by every request of this process. */
  loginGuard: LoginGuard;
  /** What cached authentication is checked against: Redis's counters, else PostgreSQL's notices, else this process's. */
  authEpoch: Epoch | null;
  /** The same for definitions writes consult (custom fields, statuses). */
  definitionsEpoch: Epoch | null;
  /** The quick search's index on SQLite (null on PostgreSQL, which has trigram indexes). */
  searchIndex: SearchIndex | null;
  /** Tables whose row count PostgreSQL keeps (`db/row-counts.ts`), for an unfiltered list's `totalCount`; empty on SQLite. */
  countedTables: ReadonlySet<string>;
  /** Creates of models with a plan written with plain INSERTs (`schema/sql-write/insert.ts`). */
  inserts: DirectInserts;
  /** The planner statistics the server keeps fresh (`db/planner-statistics.ts`). */
  statistics: PlannerStatistics;
  /** Git data types the enabled plugins provide, by slug. */
  gitTypes: PluginRegistry['gitDataTypes'];
  /** Secrets providers, core and plugin, by slug. */
  secrets: ReturnType<typeof secretsProviders>;
  /** Where started jobs go; created with the runtime, closed with it. */
  jobs: JobQueue;
  /** Follows committed changes and sends the webhooks they call for. */
  webhooks: WebhookDispatcher;
  /** Committed changes for subscribers, across processes through Redis when configured. */
  feed: ChangeFeed;
  /** Everything that follows committed changes: webhooks, the feed and job hooks. */
  changes: ChangeListener;
  /** Starts the jobs of job hooks; `idle()` waits until every change so far has started its jobs. */
  jobHooks: JobHookRunner;
  /** Starts scheduled jobs when they are due; the serving process starts it (`createApp`). */
  scheduler: Scheduler;
  /** Where webhook deliveries wait (this process, or the Redis queue `fathom worker` works). */
  deliveries: DeliveryQueue;
  /** Counts SQL statements sent by `prisma` (tests and benchmarks read it). */
  queries: QueryCounter;
  log: Logger;
  close(): Promise<void>;
}

/** A runtime without its job queue and lifecycle: what jobs need to run. */
export type RuntimeCore = Omit<Runtime, 'jobs' | 'close' | 'loginGuard' | 'authEpoch' | 'definitionsEpoch' | 'webhooks' | 'deliveries' | 'feed' | 'changes' | 'jobHooks' | 'scheduler' | 'statistics'>;

/** Phases 3–4 on top of 1–2: open the database client and compose the GraphQL schema. */
export async function openRuntime(config: FathomConfig, log: Logger): Promise<Runtime> {
  const registry = await resolvePlugins(config, log);
  const plugins = registry.plugins;
  const queries = createQueryCounter();
  const held: HeldConnection = { adapter: undefined };
  const { prisma, client, dmmf } = await openPrisma(config, registry, (factory) => holdingFactory(countingFactory(factory, queries), held));
  let secrets: Runtime['secrets'];
  let templates: Runtime['templates'];
  let gitTypes: PluginRegistry['gitDataTypes'];
  try {
    checkModelNames(registry, new Set(Object.keys(dmmf.datamodel.models)));
    gitTypes = registry.gitDataTypes;
    secrets = secretsProviders(registry.secretsProviders, config.secrets);
    templates = createTemplateEngine(registry.templateFilters, config.templates, log);
  } catch (error) {
    await prisma.$disconnect();
    throw error;
  }
  const typesByPlugin = new Map<string, string[]>();
  const searchableByPlugin = new Map<string, string[]>();
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
      graphql: registry.graphql,
      extensions: registry,
      extendModels: (builder) => {
        addComputedFieldsToModels(builder);
        addRelationshipsToModels(builder);
        addExportToLists(builder);
      },
      extendCore: (builder) => {
        addAuthTypes(builder);
        addUserAdminTypes(builder);
        addPreferenceTypes(builder);
        addChangeLogTypes(builder);
        addJobTypes(builder, registry.jobs);
        addSecretTypes(builder, secrets, config.secrets);
        addExportTemplateTypes(builder, selectFor);
        addWebhookTypes(builder, config.webhooks);
        addGitTypes(builder, gitTypes, config.git);
        addCustomFieldTypes(builder);
        addComputedFieldTypes(builder);
        addCustomLinkTypes(builder);
        addRelationshipTypes(builder);
        addJobHookTypes(builder, registry.jobs);
        addScheduledJobTypes(builder, registry.jobs);
        addUiExtensions(builder, registry);
        addInstalledPlugins(
          builder,
          registry.skipped,
          plugins.map((plugin) => ({ plugin, registrations: () => [...(registry.registrations.get(plugin.name) ?? []), ...(searchableByPlugin.get(plugin.name) ?? []).map((name) => ({ kind: 'searchableModel', name }))], pages: registry.pages.filter((c) => c.plugin === plugin).map((c) => c.value), models: client.modelsByPlugin.get(plugin.name) ?? [], graphqlTypes: () => typesByPlugin.get(plugin.name) ?? [] })),
        );
      },
    });
    composedSchema = composed.schema;
    for (const entry of composed.catalog) if (entry.plugin && entry.searchable) searchableByPlugin.set(entry.plugin, [...(searchableByPlugin.get(entry.plugin) ?? []), entry.model]);
    for (const p of composed.plugins) {
      const core = composed.core.getTypeMap();
      typesByPlugin.set(p.plugin, Object.keys(p.schema.getTypeMap()).filter((name) => !name.startsWith('__') && (!(name in core) || p.entityTypes.has(name)) && name !== 'Query' && name !== 'Mutation' && !['String', 'Int', 'Boolean', 'ID', 'Float'].includes(name)).sort());
    }
    const contentTypes = contentTypeMap(client.modelsByPlugin);
    const models = new ModelDirectory(composed.catalog, (model) => contentTypes.get(model));
    const searchIndex = await openSearchIndex(prisma, config.database.provider, composed.catalog, client.schema, config.database.url);
    const plain = plainModels(client.schema);
    const listed = composed.catalog.map((e) => e.model).filter((m) => plain.has(m));
    const counted = await openRowCounts(prisma, config.database.provider, listed, log);
    const statistics = plannerStatistics(prisma, config.database.provider, listed, log, counted.checked);
    const inserts = directInserts(() => held.adapter, config.database.provider, insertPlans(dmmf, client.schema, plain));
    const core: RuntimeCore = { config, plugins, registry, prisma, composed, dmmf, plainModels: plain, contentTypes, models, queries, log, secrets, templates, exportSelect: selectFor, gitTypes, searchIndex, countedTables: counted.tables, inserts };
    const jobs = createJobQueue(config.jobs, (id) => executeJob(core, id, log));
    const loginGuard = new LoginGuard(config.auth, config.jobs.redisUrl, config.jobs.queueName);
    const epoch = epochFactory({ redisUrl: config.jobs.redisUrl, queueName: config.jobs.queueName, provider: config.database.provider, url: config.database.url });
    const authEpoch = epoch('auth-epoch');
    const definitionsEpoch = epoch('definitions-epoch');
    const webhooks = new WebhookDispatcher(prisma, definitionsEpoch, templates, config.webhooks, log, config.auth.cacheSeconds);
    const deliveries = config.jobs.redisUrl ? redisDeliveries(webhooks, config.jobs.redisUrl, config.jobs.queueName) : inProcessDeliveries(webhooks);
    webhooks.useQueue(deliveries);
    const feed = new ChangeFeed(config.jobs.redisUrl, `${config.jobs.queueName}:changes`, log);
    const jobHooks = new JobHookRunner(prisma, definitionsEpoch, registry.jobs, jobs, log, config.auth.cacheSeconds);
    const { redisUrl, queueName } = config.jobs;
    const scheduler = redisUrl ? redisScheduler(prisma, { redisUrl, queueName }, log) : inProcessScheduler(prisma, jobs, log);
    const changes: ChangeListener = {
      committed: (list, rulesEpoch) => {
        // Each follower hears the changes of the models that take part in it.
        webhooks.committed(list.filter((c) => models.takes(c.contentType, 'webhooks')), rulesEpoch);
        feed.committed(list.filter((c) => models.takes(c.contentType, 'changeFeed')));
        jobHooks.committed(list, rulesEpoch);
        scheduler.committed(list);
      },
    };
    return {
      ...core,
      jobs,
      webhooks,
      deliveries,
      feed,
      changes,
      jobHooks,
      scheduler,
      loginGuard,
      authEpoch,
      definitionsEpoch,
      statistics,
      close: async () => {
        await webhooks.idle();
        await jobHooks.idle();
        await scheduler.close();
        await deliveries.close();
        await feed.close();
        await jobs.close();
        await loginGuard.close();
        await Promise.all([authEpoch.close(), definitionsEpoch.close()]);
        await templates.close();
        await counted.checked;
        await statistics.close();
        await prisma.$disconnect();
      },
    };
  } catch (error) {
    await templates.close();
    await prisma.$disconnect();
    throw error;
  }
}

/**
 * The row counts PostgreSQL keeps for `totalCount`, put in place before serving and checked against the rows after.
 * A database role that may not create them (or any other failure) leaves every count to `count(*)`, with a warning.
 */
async function openRowCounts(prisma: PrismaClient, provider: DatabaseProvider, tables: string[], log: Logger): Promise<{ tables: ReadonlySet<string>; checked: Promise<unknown> }> {
  if (provider !== 'postgresql') return { tables: new Set(), checked: Promise.resolve() };
  try {
    const counted = await syncRowCounts(prisma, tables);
    const checked = checkRowCounts(prisma, counted, log).catch((err: unknown) => log.warn({ err }, 'checking the kept row counts failed'));
    return { tables: counted, checked };
  } catch (err) {
    log.warn({ err }, 'the row counts for totalCount could not be put in place; lists count their rows with count(*)');
    return { tables: new Set(), checked: Promise.resolve() };
  }
}

/** `fathom worker`: work the Redis queue with this runtime until stopped. Several workers may share one queue. */
export function workJobs(runtime: Runtime, concurrency = 4): Worker {
  const scheduled = async (scheduleId: string) => {
    await fireSchedule(runtime.prisma, runtime.jobs, scheduleId, new Date());
  };
  return startWorker(runtime.config.jobs, (id) => executeJob(runtime, id, runtime.log), concurrency, scheduled);
}

/** `fathom worker`: send the webhook deliveries waiting on the Redis queue, with their retries. */
export function workDeliveries(runtime: Runtime, concurrency = 4): Worker {
  const { redisUrl, queueName } = runtime.config.jobs;
  if (!redisUrl) throw new Error('webhook deliveries are queued on Redis only when jobs.redisUrl is set; without it they are sent by the server process.');
  return startDeliveryWorker(runtime.webhooks, redisUrl, queueName, concurrency);
}
