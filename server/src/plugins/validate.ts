import semver from 'semver';
import { z } from 'zod';
import { FathomError, pluginError } from '../errors.ts';
import type { PluginDefinition, PluginSettings } from '../sdk/define-plugin.ts';
import type { FoundPlugin } from './load.ts';

const NAME = /^[a-z][a-z0-9-]*$/;
const PERMISSION_NAME = /^[\w-]+\.(view|add|change|delete)_\w+$/;

const permissions = z.array(z.string().regex(PERMISSION_NAME, 'must look like app.view_model')).optional();
const slot = z.strictObject({ name: z.string().min(1), weight: z.number().optional(), permissions, content: z.function() });
const slots = z.array(slot).optional();
const button = z.strictObject({ title: z.string().min(1), link: z.string().startsWith('/'), icon: z.string().optional(), permissions });

/**
 * The shape of a plugin definition. Strict: a key the SDK does not document (a misspelling such as
 * `detailViews.Device.leftX`) is a start-up error naming the key, not a silently ignored contribution.
 */
const definitionSchema = z.strictObject({
  name: z.string().regex(NAME, 'must be lowercase letters, digits and dashes, starting with a letter'),
  verboseName: z.string().min(1).optional(),
  version: z.string().refine((v) => semver.valid(v) !== null, 'must be a semantic version such as 1.2.0'),
  author: z.string().optional(),
  authorEmail: z.string().optional(),
  description: z.string().optional(),
  baseUrl: z.string().regex(/^[a-z0-9][a-z0-9-_]*$/, 'must be a single lowercase path segment').optional(),
  minVersion: z.string().refine((v) => semver.valid(v) !== null, 'must be a semantic version').optional(),
  maxVersion: z.string().refine((v) => semver.valid(v) !== null, 'must be a semantic version').optional(),
  requiredSettings: z.array(z.string()).optional(),
  defaultSettings: z.record(z.string(), z.unknown()).optional(),
  dependencies: z.array(z.string()).optional(),
  prismaFragments: z.array(z.union([z.string(), z.instanceof(URL)])).optional(),
  graphql: z.function().optional(),
  databaseReady: z.function().optional(),
  navigation: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        weight: z.number().optional(),
        groups: z.array(
          z.strictObject({
            name: z.string().min(1),
            weight: z.number().optional(),
            items: z.array(
              z.strictObject({
                label: z.string().min(1),
                link: z.string().startsWith('/'),
                weight: z.number().optional(),
                permissions: z.array(z.string().regex(PERMISSION_NAME, 'must look like app.view_model')).optional(),
                buttons: z
                  .array(z.strictObject({ title: z.string().min(1), link: z.string().startsWith('/'), icon: z.string().optional(), permissions: z.array(z.string().regex(PERMISSION_NAME)).optional() }))
                  .optional(),
              }),
            ),
          }),
        ),
      }),
    )
    .optional(),
  detailViews: z.record(z.string(), z.strictObject({ left: slots, right: slots, fullWidth: slots, buttons: z.array(button).optional(), tabs: z.array(z.strictObject({ ...slot.shape, label: z.string().min(1) })).optional() })).optional(),
  banner: z.function().optional(),
  pages: z.array(z.strictObject({ path: z.string().regex(/^[a-z0-9][a-z0-9/_-]*$/i, 'must be a relative path such as sessions/'), title: z.string().min(1), component: z.string().min(1), permissions: permissions })).optional(),
  web: z.union([z.string(), z.instanceof(URL)]).optional(),
  validators: z.record(z.string(), z.function()).optional(),
  rest: z
    .array(
      z.strictObject({
        method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
        path: z.string().regex(/^(?!.*\.\.)[a-z0-9:_-][a-z0-9:/_-]*$/i, 'must be a relative path such as sessions/:id/ (its URL is /api/plugins/<baseUrl>/<path>)'),
        permissions: z.array(z.string().regex(PERMISSION_NAME)).optional(),
        public: z.boolean().optional(),
        handler: z.function(),
      }),
    )
    .optional(),
  middleware: z.array(z.function()).optional(),
  gitDataTypes: z.array(z.strictObject({ slug: z.string().regex(/^[a-z][a-z0-9-]*$/), label: z.string().min(1), onSync: z.function() })).optional(),
  jinjaFilters: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase identifier'), z.function()).optional(),
  secretsProviders: z
    .array(z.strictObject({ slug: z.string().regex(/^[a-z][a-z0-9-]*$/), label: z.string().min(1), parameters: z.record(z.string(), z.strictObject({ label: z.string(), required: z.boolean().optional(), description: z.string().optional() })), get: z.function() }))
    .optional(),
  jobs: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes'),
        label: z.string().min(1),
        description: z.string().optional(),
        input: z
          .record(
            z.string(),
            z.strictObject({
              kind: z.enum(['string', 'int', 'boolean', 'choice']),
              label: z.string().optional(),
              description: z.string().optional(),
              required: z.boolean().optional(),
              default: z.union([z.string(), z.number(), z.boolean()]).optional(),
              choices: z.array(z.string()).optional(),
            }),
          )
          .optional(),
        permissions: z.array(z.string().regex(PERMISSION_NAME)).optional(),
        run: z.function(),
      }),
    )
    .optional(),
  overrideViews: z.record(z.string().regex(/^\w+\.(list|detail|form)$/, 'must name a view as <Model>.list, <Model>.detail or <Model>.form'), z.string().min(1)).optional(),
  homePage: z.array(z.strictObject({ name: z.string().min(1), weight: z.number().optional(), permissions: z.array(z.string().regex(PERMISSION_NAME)).optional(), content: z.function() })).optional(),
});

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

/**
 * Phase 2, validate: definitions, versions, settings and dependencies. Returns the plugins ordered so that every
 * plugin comes after the plugins it depends on (config order otherwise).
 */
export function validatePlugins(
  found: readonly FoundPlugin[],
  options: { fathomVersion: string; pluginsConfig: Readonly<Record<string, Record<string, unknown>>> },
): ValidatedPlugin[] {
  const byName = new Map<string, ValidatedPlugin>();
  const byBaseUrl = new Map<string, string>();
  // Every problem of every plugin is collected and reported together, so that one start-up shows them all.
  const problems: FathomError[] = [];

  for (const { specifier, definition } of found) {
    try {
      checkOne(specifier, definition);
    } catch (error) {
      if (!(error instanceof FathomError)) throw error;
      problems.push(error);
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

  const overriders = new Map<string, string>();
  const report = (error: FathomError) => problems.push(error);
  for (const plugin of byName.values()) {
    for (const view of Object.keys(plugin.definition.overrideViews ?? {})) {
      const other = overriders.get(view);
      if (other) report(pluginError('PLUGIN_INVALID', plugin.name, `it overrides the view ${view}, which plugin "${other}" already overrides`));
      overriders.set(view, plugin.name);
    }
    if (plugin.definition.overrideViews && !plugin.definition.web) {
      report(pluginError('PLUGIN_INVALID', plugin.name, 'it overrides views but ships no web components (set `web`)'));
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
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    throw new FathomError(problems[0]?.code ?? 'PLUGIN_INVALID', `${problems.length} problems stop start-up:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
  }
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
