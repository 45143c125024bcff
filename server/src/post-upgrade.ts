import { rm, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FathomConfig } from './config/config.ts';
import { CORE_CONTENT_TYPES, contentTypeMap } from './auth/content-types.ts';
import { buildWeb, webPlugins } from './web/build.ts';
import { databaseAdapter } from './db/adapters.ts';
import { composePrisma, pluginModels, type PluginModels } from './db/compose-prisma.ts';
import { secretValue, secretsProviders } from './secrets/providers.ts';
import { migrateDatabase } from './db/migrate.ts';
import { HISTORY_TABLE, type MigrationPlan, type PushedState } from './migrations/apply.ts';
import { openMigrationConnection } from './migrations/connection.ts';
import { searchIndexTables } from './db/search-index.ts';
import { ROW_COUNTS_TABLE } from './db/row-counts.ts';
import { applyAll, planAll, pushedPlugins, uncoveredChanges } from './migrations/apps.ts';
import { compareSchemas, droppedByMigrations, NOTHING_TO_COMPARE, readUpgradeInputs, reportLines, type UpgradeReport } from './migrations/upgrade-check.ts';
import { FathomError } from './errors.ts';
import { pluginError } from './errors.ts';
import type { Logger } from './logger.ts';
import { openPrisma, openRuntime, prepareClient, resolvePlugins } from './runtime.ts';
import type { PluginRegistry } from './plugins/registry.ts';
import { createLogger } from './logger.ts';

export interface PostUpgradeReport {
  steps: string[];
  /** Migrations applied plus schema changes pushed. */
  migrationSteps: number;
  /** `app/name` of each migration applied by this run. */
  migrationsApplied: string[];
  breakingChanges: string[];
  generatedClient: boolean;
  contentTypesAdded: number;
  /** Web UI sessions past their expiry, removed. */
  sessionsRemoved: number;
  contentTypesRemoved: number;
  retainedPlugins: string[];
}


interface PluginStateRow {
  name: string;
  version: string;
  enabled: boolean;
  prismaFragment: string;
}

/** Read plugin bookkeeping straight through the adapter: the table may not exist yet on a new database. */
async function readPluginState(config: FathomConfig): Promise<PluginStateRow[] | null> {
  const adapter = await databaseAdapter(config.database).connect();
  try {
    const result = await adapter.queryRaw({ sql: 'SELECT "name", "version", "prismaFragment" FROM "FathomPluginState" ORDER BY "name"', args: [], argTypes: [] });
    return result.rows.map((row) => ({ name: String(row[0]), version: String(row[1]), enabled: false, prismaFragment: String(row[2]) }));
  } catch {
    return null;
  } finally {
    await adapter.dispose();
  }
}

/** What a push-based release left: the core's tables (its bookkeeping table exists) and each plugin's last fragment. */
function pushedState(previous: PluginStateRow[] | null): PushedState {
  return { core: previous !== null, plugins: new Map((previous ?? []).map((row) => [row.name, row.prismaFragment])) };
}

/**
 * `fathom upgrade-check`, and the first step of post-upgrade: compose this version's schema (the generated client
 * must be ready) and compare it with the one recorded by the last server that ran on this database.
 */
export async function upgradeCheck(config: FathomConfig, plan: MigrationPlan): Promise<UpgradeReport> {
  const dropped = droppedByMigrations(plan.steps);
  const { served, templates } = await readUpgradeInputs(config);
  if (!served) return { compared: false, breaking: dropped, dangerous: [], lines: [NOTHING_TO_COMPARE, ...dropped.map((d) => `  breaking: ${d}`)] };
  const runtime = await openRuntime(config, createLogger('silent'));
  try {
    const compared = compareSchemas(served.sdl, runtime.composed.schema, templates, (ct) => runtime.models.byContentType(ct)?.model);
    const breaking = [...compared.breaking, ...dropped];
    return { compared: true, breaking, dangerous: compared.dangerous, lines: reportLines(served.version, breaking, compared.dangerous) };
  } finally {
    await runtime.close();
  }
}

export interface UpgradePlan {
  report: UpgradeReport;
  plan: MigrationPlan;
  pushed: string[];
}

/** `fathom migrate --plan`: what post-upgrade would do, computed without changing the database. */
export async function planUpgrade(config: FathomConfig, log: Logger): Promise<UpgradePlan> {
  const registry = await resolvePlugins(config, log);
  await prepareClient(config, registry);
  const pushed = pushedState(await readPluginState(config));
  const plan = await planAll(config, registry, log, pushed);
  const report = await upgradeCheck(config, plan);
  return { report, plan, pushed: pushedPlugins(registry) };
}

/**
 * What `fathom start` and `fathom worker` check before they serve: the migrations of the enabled apps the database
 * does not have yet (`app/name`), which post-upgrade would apply.
 */
export async function pendingMigrations(config: FathomConfig, registry: PluginRegistry, log: Logger): Promise<string[]> {
  const plan = await planAll(config, registry, log, pushedState(await readPluginState(config)));
  return plan.steps.map((step) => `${step.app}/${step.migration.name}`);
}

export function printPlan(upgrade: UpgradePlan, print: (line: string) => void): void {
  for (const line of upgrade.report.lines) print(line);
  if (upgrade.plan.steps.length === 0) print('Migrations: none pending.');
  for (const step of upgrade.plan.steps) {
    const { migration } = step;
    if (step.action === 'baseline') {
      print(`${step.app}: ${migration.name} would be recorded as applied (its tables are already there)`);
      continue;
    }
    print(`${step.app}: ${migration.name} would run:`);
    for (const line of migration.sql.trim().split('\n')) if (line.trim() !== '') print(`    ${line}`);
    if (migration.dataStep) print(`    then its data step ${migration.dataStep}`);
  }
  if (upgrade.pushed.length > 0) print(`Then the tables of plugin(s) without migrations are pushed from their fragments: ${upgrade.pushed.join(', ')}`);
}

/** SQLite's quick search index tables (made by the server at start, not by the Prisma schema): a push leaves them alone. */
async function searchTables(config: FathomConfig): Promise<string[]> {
  if (config.database.provider !== 'sqlite') return [];
  const conn = await openMigrationConnection('sqlite', config.database.url);
  try {
    return await searchIndexTables((sql) => conn.query(sql));
  } finally {
    await conn.close();
  }
}

/**
 * `fathom post-upgrade`: safe to run on every deploy, and a second run changes nothing.
 * Compose the Prisma schema, generate the client, migrate (keeping the tables of disabled plugins), record plugin
 * state, sync content types, run each plugin's database-ready hook, and clear stale generated clients.
 */
export async function postUpgrade(
  config: FathomConfig,
  log: Logger,
  print: (line: string) => void = () => {},
  options: { buildWeb?: boolean } = {},
): Promise<PostUpgradeReport> {
  const steps: string[] = [];
  const say = (line: string) => {
    steps.push(line);
    print(line);
  };

  say('Loading plugins...');
  const registry = await resolvePlugins(config, log);
  const plugins = registry.plugins;
  say(plugins.length === 0 ? '  No plugins enabled.' : plugins.map((p) => `  ${p.name} ${p.version} (${p.specifier})`).join('\n'));

  say('Composing the Prisma schema...');
  const client = await prepareClient(config, registry);
  say(`  ${client.modelsByPlugin.size} plugin(s) contribute ${[...client.modelsByPlugin.values()].flat().length} model(s); schema ${client.hash}`);
  say(client.generated ? 'Generating the Prisma client... done' : 'Generating the Prisma client... up to date');

  say('Checking for breaking changes...');
  const previous = await readPluginState(config);
  // Planned once: the breaking-change report reads the plan, and the same plan is applied below.
  const plan = await planAll(config, registry, log, pushedState(previous));
  const report = await upgradeCheck(config, plan);
  for (const line of report.lines) say(`  ${line}`);
  if (report.breaking.length > 0 && config.upgrade.breakingChanges === 'strict') {
    throw new FathomError(
      'BREAKING_CHANGE',
      `The upgrade was refused (upgrade.breakingChanges is 'strict') and the database was not changed:\n${report.breaking.map((b) => `  - ${b}`).join('\n')}\n` +
        `Fix what reads the removed parts, or set upgrade.breakingChanges to 'warn' to upgrade anyway.`,
    );
  }

  // Models of plugins that were enabled before and are not now stay in the database, untouched.
  const enabledNames = new Set(plugins.map((p) => p.name));
  const allNames = [...new Set([...enabledNames, ...(previous ?? []).map((row) => row.name)])];
  const retained: PluginModels[] = (previous ?? [])
    .filter((row) => !enabledNames.has(row.name) && row.prismaFragment.trim() !== '')
    // They were checked when they were enabled; here they only need to compose as they did then.
    .map((row) => ({ plugin: row.name, prefix: '', dependencies: allNames, fragments: [row.prismaFragment] }));
  const migrationSchema =
    retained.length === 0
      ? client.schema
      : composePrisma({
          provider: config.database.provider,
          plugins: [...pluginModels(registry), ...retained],
        }).schema;
  if (retained.length > 0) say(`  Keeping the tables of disabled plugin(s): ${retained.map((r) => r.plugin).join(', ')}`);

  say('Performing database migrations...');
  const migrationsApplied = await applyAll(config, registry, log, plan, say);
  const pgSchema = config.database.provider === 'postgresql' ? (new URL(config.database.url).searchParams.get('schema') ?? 'public') : null;
  // Tables the server makes for itself, which the Prisma schema does not describe: a push leaves them alone.
  const ownTables = pgSchema === null ? [HISTORY_TABLE, ...(await searchTables(config))] : [`${pgSchema}.${HISTORY_TABLE}`, `${pgSchema}.${ROW_COUNTS_TABLE}`];
  const migration = await migrateDatabase(databaseAdapter(config.database), migrationSchema, ownTables);
  if (migration.executedSteps > 0) {
    const unmigrated = pushedPlugins(registry);
    say(`  Pushed ${migration.executedSteps} schema change(s)${unmigrated.length > 0 ? ` (plugins without migrations: ${unmigrated.join(', ')})` : ''}.`);
  }
  if (migrationsApplied.length === 0 && migration.executedSteps === 0) say('  No migrations to apply.');
  for (const app of uncoveredChanges(registry, log, config.database.provider)) {
    say(`  note: ${app}'s fragment has changes no migration covers yet; they were pushed. Run \`fathom makemigrations ${app}\` before shipping.`);
  }

  const { prisma } = await openPrisma(config, registry);
  let added = 0;
  let removed = 0;
  let sessionsRemoved = 0;
  try {
    say('Recording plugin state...');
    for (const models of pluginModels(registry)) {
      const version = plugins.find((p) => p.name === models.plugin)?.version ?? '';
      const fragment = models.fragments.join('\n');
      await prisma.fathomPluginState.upsert({
        where: { name: models.plugin },
        create: { name: models.plugin, version, enabled: true, prismaFragment: fragment },
        update: { version, enabled: true, prismaFragment: fragment },
      });
    }
    await prisma.fathomPluginState.updateMany({ where: { name: { notIn: [...enabledNames] } }, data: { enabled: false } });

    say('Syncing content types...');
    const wanted = new Set(contentTypeMap(client.modelsByPlugin).values());
    const keepApps = new Set([...Object.values(CORE_CONTENT_TYPES).map((ct) => ct.split('.')[0] ?? ''), ...plugins.map((p) => p.name)]);
    const existing = await prisma.contentType.findMany({ select: { id: true, appLabel: true, model: true } });
    const have = new Set(existing.map((c) => `${c.appLabel}.${c.model}`));
    for (const label of wanted) {
      if (have.has(label)) continue;
      const [appLabel = '', model = ''] = label.split('.');
      await prisma.contentType.create({ data: { appLabel, model } });
      added += 1;
    }
    // Stale: a model an enabled app no longer has. Content types of disabled plugins stay, like their tables.
    const stale = existing.filter((c) => keepApps.has(c.appLabel) && !wanted.has(`${c.appLabel}.${c.model}`));
    if (stale.length > 0) {
      await prisma.contentType.deleteMany({ where: { id: { in: stale.map((c) => c.id) } } });
      removed = stale.length;
    }
    say(`  ${added} added, ${removed} stale removed.`);

    say('Removing expired sessions...');
    const expired = await prisma.session.deleteMany({ where: { expires: { lt: new Date() } } });
    sessionsRemoved = expired.count;
    say(`  ${expired.count} removed.`);

    say('Running database-ready hooks...');
    const secrets = secretsProviders(registry.secretsProviders, config.secrets);
    for (const { plugin, value: hook } of registry.databaseReady) {
      try {
        await hook({ plugin: plugin.name, settings: plugin.settings, log: plugin.log, prisma, user: null, secret: (name) => secretValue(prisma, secrets, config.secrets, plugin.log, name) });
        say(`  ${plugin.name}: done`);
      } catch (cause) {
        throw pluginError('PLUGIN_HOOK', plugin.name, `its database-ready hook failed: ${(cause as Error).message}`, cause);
      }
    }
  } finally {
    await prisma.$disconnect();
  }

  if (options.buildWeb === false) say('Building the web bundle... skipped (asked not to).');
  else {
    const web = await buildWeb(config, registry);
    say(
      web.built
        ? `Building the web bundle... ${web.files} file(s) in ${web.outDir}, with ${webPlugins(registry).length} plugin(s)' UI code.`
        : `Building the web bundle... up to date (${web.outDir}).`,
    );
  }
  say('Invalidating cache...');
  const clientsDir = join(config.stateDir, 'clients');
  let cleared = 0;
  for (const entry of await readdir(clientsDir).catch(() => [] as string[])) {
    if (entry === client.hash) continue;
    await rm(join(clientsDir, entry), { recursive: true, force: true });
    cleared += 1;
  }
  say(`  Removed ${cleared} stale generated client(s).`);
  const compositionsDir = join(config.stateDir, 'compositions');
  for (const entry of await readdir(compositionsDir).catch(() => [] as string[])) {
    if (entry !== `${client.composition}.json`) await rm(join(compositionsDir, entry), { force: true });
  }
  say('Finished.');
  return {
    steps,
    migrationSteps: migrationsApplied.length + migration.executedSteps,
    migrationsApplied,
    breakingChanges: report.breaking,
    generatedClient: client.generated,
    contentTypesAdded: added,
    contentTypesRemoved: removed,
    sessionsRemoved,
    retainedPlugins: retained.map((r) => r.plugin),
  };
}
