import { fileURLToPath } from 'node:url';
import type { FathomConfig } from '../config/config.ts';
import { composePrisma, coreFragments, pluginModels, type PluginModels } from '../db/compose-prisma.ts';
import { FathomError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import { applyPlan, planMigrations, readHistory, type MigrationApp, type MigrationPlan, type PushedState } from './apply.ts';
import { openMigrationConnection } from './connection.ts';
import { CORE_APP, normalizeFragment, readMigrations } from './folder.ts';
import { makeMigration, type MadeMigration } from './make.ts';

/** The core's migrations, next to its fragments. */
export function coreMigrationsDir(): string {
  return fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));
}

/** The core first, then every plugin with a migrations folder, each after the plugins it depends on. */
export function migrationApps(registry: PluginRegistry, log: Logger): MigrationApp[] {
  const apps: MigrationApp[] = [{ app: CORE_APP, dir: coreMigrationsDir(), settings: {}, log }];
  for (const plugin of registry.plugins) {
    const dir = registry.migrations.find((c) => c.plugin === plugin)?.value;
    if (dir) apps.push({ app: plugin.name, dir, settings: plugin.settings, log: plugin.log });
  }
  return apps;
}

/** Plugins with models but no migrations folder: their tables are pushed from their fragments. */
export function pushedPlugins(registry: PluginRegistry): string[] {
  return registry.prismaFragments.filter((c) => !registry.migrations.some((m) => m.plugin === c.plugin)).map((c) => c.plugin.name);
}

/**
 * Apps whose fragment has changed since their newest migration: in development, before `makemigrations` is run.
 * post-upgrade says so; the push after the migrations brings their tables along meanwhile.
 */
export function uncoveredChanges(registry: PluginRegistry, log: Logger, provider: FathomConfig['database']['provider']): string[] {
  const out: string[] = [];
  const models = pluginModels(registry);
  for (const app of migrationApps(registry, log)) {
    const newest = readMigrations(app.app, app.dir, provider).at(-1);
    const own = models.find((m) => m.plugin === app.app);
    const current = (own ? own.fragments : coreFragments()).join('\n');
    if (normalizeFragment(newest?.snapshot ?? '') !== normalizeFragment(current)) out.push(app.app);
  }
  return out;
}

/** What post-upgrade would run: every app's pending migrations, from the history. Changes nothing. */
export async function planAll(config: FathomConfig, registry: PluginRegistry, log: Logger, pushed: PushedState): Promise<MigrationPlan> {
  const conn = await openMigrationConnection(config.database.provider, config.database.url);
  try {
    return planMigrations(migrationApps(registry, log), config.database.provider, await readHistory(conn), pushed);
  } finally {
    await conn.close();
  }
}

/** Run a plan made by `planAll`; returns `app/name` of each migration run. */
export async function applyAll(config: FathomConfig, registry: PluginRegistry, log: Logger, plan: MigrationPlan, print: (line: string) => void): Promise<string[]> {
  const conn = await openMigrationConnection(config.database.provider, config.database.url);
  try {
    return await applyPlan(conn, plan, migrationApps(registry, log), print);
  } finally {
    await conn.close();
  }
}

/** The plugin, with the plugins it depends on (transitively), as the composer takes them. */
function withDependencies(all: readonly PluginModels[], name: string): PluginModels[] {
  const wanted = new Set<string>();
  const visit = (n: string) => {
    if (wanted.has(n)) return;
    wanted.add(n);
    for (const d of all.find((p) => p.plugin === n)?.dependencies ?? []) visit(d);
  };
  visit(name);
  return all.filter((p) => wanted.has(p.plugin));
}

/** `fathom makemigrations [app]`: a new migration for the core (no app, or `core`) or one plugin. */
export async function makeMigrations(
  registry: PluginRegistry,
  app: string,
  options: { name?: string; check?: boolean },
): Promise<MadeMigration> {
  if (app === CORE_APP) {
    return makeMigration({
      app,
      dir: coreMigrationsDir(),
      current: coreFragments().join('\n'),
      compose: (provider, fragment) => (fragment === null ? null : composePrisma({ provider, plugins: [], core: [fragment] }).schema),
      ...options,
    });
  }
  const plugin = registry.plugins.find((p) => p.name === app);
  if (!plugin) throw new FathomError('BAD_USER_INPUT', `No enabled plugin is named "${app}"; enable it in the config first`);
  const dir = registry.migrations.find((c) => c.plugin === plugin)?.value;
  if (!dir) {
    throw new FathomError('BAD_USER_INPUT', `Plugin "${app}" declares no migrations folder: add \`migrations: new URL('./migrations/', import.meta.url)\` to its definition`);
  }
  const models = pluginModels(registry);
  const scope = withDependencies(models, app);
  const own = scope.find((p) => p.plugin === app);
  const others = scope.filter((p) => p.plugin !== app);
  return makeMigration({
    app,
    dir,
    current: (own?.fragments ?? []).join('\n'),
    compose: (provider, fragment) =>
      composePrisma({ provider, plugins: fragment === null || own === undefined ? others : [...others, { ...own, fragments: [fragment] }] }).schema,
    ...options,
  });
}
