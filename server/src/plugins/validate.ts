import semver from 'semver';
import { FathomError, pluginError, reportAll } from '../errors.ts';
import type { PluginSettings } from '../context.ts';
import { definitionSchema, type PluginDefinition } from './definition.ts';
import type { FoundPlugin } from './load.ts';

/** Links into a plugin's own pages must stay under its base URL. */
function foreignPluginLinks(definition: PluginDefinition, baseUrl: string): string[] {
  const links = (definition.navigation ?? []).flatMap((tab) => tab.groups.flatMap((g) => g.items.flatMap((i) => [i.link, ...(i.buttons ?? []).map((b) => b.link)])));
  return links.filter((link) => link.startsWith('/plugins/') && !link.startsWith(`/plugins/${baseUrl}/`));
}

/** A plugin that passed validation, with everything the later phases need. */
export interface ValidatedPlugin {
  specifier: string;
  definition: PluginDefinition;
  name: string;
  baseUrl: string;
  /** PascalCase prefix for its GraphQL types and Prisma models. */
  prefix: string;
  settings: PluginSettings;
  dependencies: readonly string[];
}

export function prefixOf(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** A plugin left out at start-up because it cannot run here (with `incompatiblePlugins: 'skip'`). */
export interface SkippedPlugin {
  name: string;
  specifier: string;
  version: string;
  reason: string;
}

/**
 * Phase 2, validate: definitions, versions, settings and dependencies. Returns the plugins ordered so that every
 * plugin comes after the plugins it depends on (config order otherwise). With `skip`, a plugin outside its Fathom
 * version range or missing a dependency (and every plugin depending on it) is left out and handed to `skip`
 * instead of stopping start-up; every other problem still stops it.
 */
export function validatePlugins(
  found: readonly FoundPlugin[],
  options: { fathomVersion: string; pluginsConfig: Readonly<Record<string, Record<string, unknown>>>; skip?: (plugin: SkippedPlugin) => void },
): ValidatedPlugin[] {
  const skipped = new Map<string, SkippedPlugin>();
  const skipInstead = (error: FathomError, specifier: string, definition: PluginDefinition): boolean => {
    if (!options.skip || !['PLUGIN_VERSION', 'PLUGIN_DEPENDENCY'].includes(error.code)) return false;
    const name = error.plugin ?? definition.name;
    skipped.set(name, { name, specifier, version: String(definition.version ?? ''), reason: error.message.replace(/^Plugin "[^"]*": /, '') });
    return true;
  };
  const byName = new Map<string, ValidatedPlugin>();
  const byBaseUrl = new Map<string, string>();
  // Every problem of every plugin is collected and reported together, so that one start-up shows them all.
  const problems: FathomError[] = [];

  for (const { specifier, definition } of found) {
    try {
      checkOne(specifier, definition);
    } catch (error) {
      if (!(error instanceof FathomError)) throw error;
      if (!skipInstead(error, specifier, definition)) problems.push(error);
    }
  }

  function checkOne(specifier: string, definition: PluginDefinition): void {
    const parsed = definitionSchema.safeParse(definition);
    const label = typeof definition.name === 'string' && definition.name ? definition.name : specifier;
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'definition'} ${i.message}`).join('; ');
      throw pluginError('PLUGIN_INVALID', label, `its definition is not valid: ${problems}`);
    }
    const name = definition.name;
    const other = byName.get(name);
    if (other) throw pluginError('PLUGIN_DUPLICATE', name, `two enabled packages define a plugin with this name (${other.specifier} and ${specifier})`);
    const baseUrl = definition.baseUrl ?? name;
    const urlOwner = byBaseUrl.get(baseUrl);
    if (urlOwner) throw pluginError('PLUGIN_DUPLICATE', name, `its base URL "${baseUrl}" is already used by plugin "${urlOwner}"`);

    const outside = foreignPluginLinks(definition, baseUrl);
    if (outside.length > 0) {
      throw pluginError('PLUGIN_INVALID', name, `its navigation links to ${outside.join(', ')}, outside its own /plugins/${baseUrl}/`);
    }

    const { minVersion, maxVersion } = definition;
    if (minVersion && maxVersion && semver.gt(minVersion, maxVersion)) {
      throw pluginError('PLUGIN_INVALID', name, `its minVersion ${minVersion} is above its maxVersion ${maxVersion}`);
    }
    if (minVersion && semver.lt(options.fathomVersion, minVersion)) {
      throw pluginError('PLUGIN_VERSION', name, `it requires Fathom ${minVersion} or later, but this is Fathom ${options.fathomVersion}`);
    }
    if (maxVersion && semver.gt(options.fathomVersion, maxVersion)) {
      throw pluginError('PLUGIN_VERSION', name, `it supports Fathom up to ${maxVersion}, but this is Fathom ${options.fathomVersion}`);
    }

    const userSettings = options.pluginsConfig[name] ?? {};
    const settings = { ...(definition.defaultSettings ?? {}), ...userSettings };
    const missing = (definition.requiredSettings ?? []).filter((key) => settings[key] === undefined || settings[key] === null || settings[key] === '');
    if (missing.length > 0) {
      throw pluginError(
        'PLUGIN_SETTINGS',
        name,
        `required setting${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} missing; set ${missing.length > 1 ? 'them' : 'it'} under pluginsConfig["${name}"] in fathom.config.ts`,
      );
    }

    byBaseUrl.set(baseUrl, name);
    byName.set(name, {
      specifier,
      definition,
      name,
      baseUrl,
      prefix: prefixOf(name),
      settings: deepFreeze(structuredCloneSafe(settings)),
      dependencies: definition.dependencies ?? [],
    });
  }

  const report = (error: FathomError) => problems.push(error);
  // A skipped plugin takes the plugins that depend on it along, until nothing more changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const plugin of [...byName.values()]) {
      for (const dep of plugin.dependencies) {
        if (dep === plugin.name || byName.has(dep) || problems.some((p) => p.plugin === dep)) continue;
        const missing = pluginError('PLUGIN_DEPENDENCY', plugin.name, skipped.has(dep) ? `it depends on plugin "${dep}", which was skipped` : `it depends on plugin "${dep}", which is not enabled; install it and add it to \`plugins\` in fathom.config.ts`);
        if (skipInstead(missing, plugin.specifier, plugin.definition)) {
          byName.delete(plugin.name);
          changed = true;
          break;
        }
      }
    }
  }
  for (const plugin of byName.values()) {
    for (const dep of plugin.dependencies) {
      if (dep === plugin.name) report(pluginError('PLUGIN_DEPENDENCY_CYCLE', plugin.name, 'it depends on itself'));
      else if (!byName.has(dep) && !problems.some((p) => p.plugin === dep)) {
        report(pluginError('PLUGIN_DEPENDENCY', plugin.name, `it depends on plugin "${dep}", which is not enabled; install it and add it to \`plugins\` in fathom.config.ts`));
      }
    }
  }
  reportAll(problems);
  for (const plugin of skipped.values()) options.skip?.(plugin);
  return orderByDependencies([...byName.values()]);
}

function structuredCloneSafe(value: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(value);
  } catch {
    return { ...value };
  }
}

/** Depth-first topological order; a cycle is reported with its whole path. */
function orderByDependencies(plugins: ValidatedPlugin[]): ValidatedPlugin[] {
  const byName = new Map(plugins.map((p) => [p.name, p]));
  const done = new Set<string>();
  const visiting: string[] = [];
  const ordered: ValidatedPlugin[] = [];
  const visit = (plugin: ValidatedPlugin) => {
    if (done.has(plugin.name)) return;
    const at = visiting.indexOf(plugin.name);
    if (at >= 0) {
      const cycle = [...visiting.slice(at), plugin.name].join(' → ');
      throw pluginError('PLUGIN_DEPENDENCY_CYCLE', plugin.name, `its dependencies form a cycle: ${cycle}`);
    }
    visiting.push(plugin.name);
    for (const dep of plugin.dependencies) {
      const target = byName.get(dep);
      if (target) visit(target);
    }
    visiting.pop();
    done.add(plugin.name);
    ordered.push(plugin);
  };
  for (const plugin of plugins) visit(plugin);
  return ordered;
}
