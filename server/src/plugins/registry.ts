import { fileURLToPath } from 'node:url';
import type { PluginDatabaseContext, PluginSettings, Validator } from '../context.ts';
import { reportAll, pluginError, type FathomError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type {
  Banner,
  BannerPage,
  DetailViewExtension,
  FilterExtension,
  FormExtension,
  GitDataType,
  HomePanel,
  JobDefinition,
  Middleware,
  NavTab,
  PluginPage,
  RestEndpoint,
  SecretsProvider,
  TemplateFilter,
} from './definition.ts';
import type { PluginGraphQL } from './graphql-api.ts';
import type { SkippedPlugin, ValidatedPlugin } from './validate.ts';
import type { RequestContext } from '../context.ts';

/** A plugin as the rest of Fathom knows it once registered: who it is, never its raw definition. */
export interface RegisteredPlugin {
  name: string;
  /** What the config named: an npm package name or a path. */
  specifier: string;
  verboseName: string;
  version: string;
  author: string | null;
  authorEmail: string | null;
  description: string | null;
  baseUrl: string;
  /** PascalCase prefix for its GraphQL types and Prisma models. */
  prefix: string;
  minVersion: string | null;
  maxVersion: string | null;
  dependencies: readonly string[];
  requiredSettings: readonly string[];
  /** Frozen: defaults under the user's values. */
  settings: PluginSettings;
  /** The server log with the plugin's name bound. */
  log: Logger;
}

/** One thing one plugin contributed. */
export interface Contribution<T> {
  plugin: RegisteredPlugin;
  value: T;
}

/** A line of what a plugin registered, as the Installed Plugins page lists it. */
export interface Registration {
  kind: string;
  name: string;
}

type BannerFn = (ctx: RequestContext, page: BannerPage) => Promise<Banner | null> | Banner | null;
type DatabaseReady = (ctx: PluginDatabaseContext) => Promise<void> | void;

/**
 * Phase 3, register: everything every plugin contributes, by extension point. Each consumer is handed its slice;
 * nothing outside the plugin host reads a definition.
 */
export interface PluginRegistry {
  /** In load order: every plugin after the plugins it depends on. */
  plugins: readonly RegisteredPlugin[];
  prismaFragments: ReadonlyArray<Contribution<ReadonlyArray<string | URL>>>;
  /** Each plugin's migrations folder, as an absolute path. */
  migrations: ReadonlyArray<Contribution<string>>;
  graphql: ReadonlyArray<Contribution<PluginGraphQL>>;
  databaseReady: ReadonlyArray<Contribution<DatabaseReady>>;
  navigation: ReadonlyArray<Contribution<NavTab>>;
  homePanels: ReadonlyArray<Contribution<HomePanel>>;
  /** By model name. */
  detailViews: ReadonlyMap<string, ReadonlyArray<Contribution<DetailViewExtension>>>;
  banners: ReadonlyArray<Contribution<BannerFn>>;
  /** By model name, in load order. */
  validators: ReadonlyMap<string, ReadonlyArray<Contribution<Validator>>>;
  /** By view (`Device.detail`): the component that replaces it. */
  overrideViews: ReadonlyMap<string, Contribution<string>>;
  /** By filter name. */
  templateFilters: ReadonlyMap<string, Contribution<TemplateFilter>>;
  /** By slug. */
  gitDataTypes: ReadonlyMap<string, Contribution<GitDataType>>;
  secretsProviders: ReadonlyArray<Contribution<SecretsProvider>>;
  jobs: ReadonlyArray<Contribution<JobDefinition>>;
  rest: ReadonlyArray<Contribution<RestEndpoint>>;
  /** The first plugin's middleware is the outermost. */
  middleware: ReadonlyArray<Contribution<Middleware>>;
  pages: ReadonlyArray<Contribution<PluginPage>>;
  /** Absolute paths of the plugins' web entry modules. */
  web: ReadonlyArray<Contribution<string>>;
  /** Filters added to other models, by model. */
  filterExtensions: ReadonlyMap<string, ReadonlyArray<Contribution<{ name: string; filter: FilterExtension }>>>;
  /** List columns added to other models, by model. */
  tableExtensions: ReadonlyMap<string, ReadonlyArray<Contribution<string>>>;
  /** Jobs that run on one object from a button on its detail page, by model. */
  jobButtons: ReadonlyMap<string, ReadonlyArray<Contribution<JobDefinition>>>;
  /** Form fields added to other models, by model. */
  formExtensions: ReadonlyMap<string, ReadonlyArray<Contribution<{ name: string; field: FormExtension }>>>;
  /** What each plugin registered, by plugin name. */
  registrations: ReadonlyMap<string, readonly Registration[]>;
  /** Plugins left out because they cannot run here (`incompatiblePlugins: 'skip'`). */
  skipped: readonly SkippedPlugin[];
}

const push = <K, T>(map: Map<K, T[]>, key: K, value: T) => map.set(key, [...(map.get(key) ?? []), value]);

/** Register every validated plugin. Names claimed twice (filters, Git data types, views) are all reported at once. */
export function registerPlugins(validated: readonly ValidatedPlugin[], log: Logger, skipped: readonly SkippedPlugin[] = []): PluginRegistry {
  const problems: FathomError[] = [];
  const claim = <T>(map: Map<string, Contribution<T>>, key: string, c: Contribution<T>, clash: (other: string) => string) => {
    const other = map.get(key);
    if (other) problems.push(pluginError('PLUGIN_INVALID', c.plugin.name, clash(other.plugin.name)));
    else map.set(key, c);
  };
  const registry = {
    plugins: [] as RegisteredPlugin[],
    prismaFragments: [] as Array<Contribution<ReadonlyArray<string | URL>>>,
    migrations: [] as Array<Contribution<string>>,
    graphql: [] as Array<Contribution<PluginGraphQL>>,
    databaseReady: [] as Array<Contribution<DatabaseReady>>,
    navigation: [] as Array<Contribution<NavTab>>,
    homePanels: [] as Array<Contribution<HomePanel>>,
    detailViews: new Map<string, Array<Contribution<DetailViewExtension>>>(),
    banners: [] as Array<Contribution<BannerFn>>,
    validators: new Map<string, Array<Contribution<Validator>>>(),
    overrideViews: new Map<string, Contribution<string>>(),
    templateFilters: new Map<string, Contribution<TemplateFilter>>(),
    gitDataTypes: new Map<string, Contribution<GitDataType>>(),
    secretsProviders: [] as Array<Contribution<SecretsProvider>>,
    jobs: [] as Array<Contribution<JobDefinition>>,
    rest: [] as Array<Contribution<RestEndpoint>>,
    middleware: [] as Array<Contribution<Middleware>>,
    pages: [] as Array<Contribution<PluginPage>>,
    web: [] as Array<Contribution<string>>,
    filterExtensions: new Map<string, Array<Contribution<{ name: string; filter: FilterExtension }>>>(),
    tableExtensions: new Map<string, Array<Contribution<string>>>(),
    formExtensions: new Map<string, Array<Contribution<{ name: string; field: FormExtension }>>>(),
    jobButtons: new Map<string, Array<Contribution<JobDefinition>>>(),
    registrations: new Map<string, Registration[]>(),
    skipped,
  };

  for (const v of validated) {
    const d = v.definition;
    const plugin: RegisteredPlugin = Object.freeze({
      name: v.name,
      specifier: v.specifier,
      verboseName: d.verboseName ?? v.name,
      version: d.version,
      author: d.author ?? null,
      authorEmail: d.authorEmail ?? null,
      description: d.description ?? null,
      baseUrl: v.baseUrl,
      prefix: v.prefix,
      minVersion: d.minVersion ?? null,
      maxVersion: d.maxVersion ?? null,
      dependencies: Object.freeze([...v.dependencies]),
      requiredSettings: Object.freeze([...(d.requiredSettings ?? [])]),
      settings: v.settings,
      log: log.child({ plugin: v.name }),
    });
    const lines: Registration[] = [];
    const note = (kind: string, name: string) => lines.push({ kind, name });
    const of = <T>(value: T): Contribution<T> => ({ plugin, value });
    registry.plugins.push(plugin);

    if (d.prismaFragments?.length) registry.prismaFragments.push(of(d.prismaFragments));
    if (d.migrations) {
      registry.migrations.push(of(d.migrations instanceof URL ? fileURLToPath(d.migrations) : d.migrations));
      note('migrations', 'versioned migrations');
    }
    if (d.graphql) {
      registry.graphql.push(of(d.graphql));
      note('graphql', 'GraphQL subschema');
    }
    if (d.databaseReady) {
      registry.databaseReady.push(of(d.databaseReady));
      note('databaseReady', 'database-ready hook');
    }
    for (const tab of d.navigation ?? []) {
      registry.navigation.push(of(tab));
      for (const g of tab.groups) for (const i of g.items) note('navigation', `${tab.name} / ${g.name} / ${i.label}`);
    }
    for (const panel of d.homePage ?? []) {
      registry.homePanels.push(of(panel));
      note('homePanel', panel.name);
    }
    for (const [model, ext] of Object.entries(d.detailViews ?? {})) {
      push(registry.detailViews, model, of(ext));
      for (const column of ['left', 'right', 'fullWidth'] as const) for (const s of ext[column] ?? []) note('detailSlot', `${model}: ${column} — ${s.name}`);
      for (const b of ext.buttons ?? []) note('detailButton', `${model}: ${b.title}`);
      for (const t of ext.tabs ?? []) note('detailTab', `${model}: ${t.label}`);
    }
    if (d.banner) {
      registry.banners.push(of(d.banner));
      note('banner', 'page banner');
    }
    for (const [model, validate] of Object.entries(d.validators ?? {})) {
      push(registry.validators, model, of(validate));
      note('validator', model);
    }
    for (const [view, component] of Object.entries(d.overrideViews ?? {})) {
      claim(registry.overrideViews, view, of(component), (other) => `it overrides the view ${view}, which plugin "${other}" already overrides`);
      note('overrideView', `${view} → ${component}`);
    }
    for (const [name, filter] of Object.entries(d.jinjaFilters ?? {})) {
      claim(registry.templateFilters, name, of(filter), (other) => `its Jinja2 filter "${name}" is already registered by plugin "${other}"`);
      note('templateFilter', name);
    }
    for (const type of d.gitDataTypes ?? []) {
      claim(registry.gitDataTypes, type.slug, of(type), (other) => `its Git data type "${type.slug}" is already provided by plugin "${other}"`);
      note('gitDataType', type.slug);
    }
    for (const provider of d.secretsProviders ?? []) {
      registry.secretsProviders.push(of(provider));
      note('secretsProvider', provider.slug);
    }
    for (const job of d.jobs ?? []) {
      registry.jobs.push(of(job));
      note('job', job.name);
      for (const model of job.buttons ?? []) {
        push(registry.jobButtons, model, of(job));
        note('jobButton', `${model}: ${job.label}`);
      }
      if (job.buttons?.length && !job.input?.['objectId']) problems.push(pluginError('PLUGIN_INVALID', plugin.name, `its job ${job.name} has buttons but no objectId input to receive the object`));
    }
    for (const endpoint of d.rest ?? []) {
      registry.rest.push(of(endpoint));
      note('rest', `${endpoint.method} /api/plugins/${plugin.baseUrl}/${endpoint.path.replace(/^\/+/, '')}`);
    }
    for (const middleware of d.middleware ?? []) {
      registry.middleware.push(of(middleware));
      note('middleware', `middleware ${registry.middleware.filter((m) => m.plugin === plugin).length}`);
    }
    for (const page of d.pages ?? []) {
      registry.pages.push(of(page));
      note('page', `/plugins/${plugin.baseUrl}/${page.path}`);
    }
    if (d.web) {
      registry.web.push(of(d.web instanceof URL ? fileURLToPath(d.web) : d.web));
      note('web', 'web components');
    }
    for (const [model, filters] of Object.entries(d.filterExtensions ?? {})) {
      for (const [name, filter] of Object.entries(filters)) {
        push(registry.filterExtensions, model, of({ name, filter }));
        note('filterExtension', `${model}.${name}`);
      }
    }
    for (const [model, fields] of Object.entries(d.tableExtensions ?? {})) {
      for (const field of fields) {
        push(registry.tableExtensions, model, of(field));
        note('tableExtension', `${model}: ${field}`);
      }
    }
    for (const [model, fields] of Object.entries(d.formExtensions ?? {})) {
      for (const [name, field] of Object.entries(fields)) {
        push(registry.formExtensions, model, of({ name, field }));
        note('formExtension', `${model}.${name}`);
      }
    }
    if (d.overrideViews && !d.web) problems.push(pluginError('PLUGIN_INVALID', plugin.name, 'it overrides views but ships no web components (set `web`)'));
    registry.registrations.set(plugin.name, lines);
  }
  reportAll(problems);
  return registry;
}

/** Contributions that name models must name models of the composition; checked once the datamodel is known. */
export function checkModelNames(registry: PluginRegistry, models: ReadonlySet<string>): void {
  const problems: FathomError[] = [];
  const check = (what: string, entries: Iterable<[string, ReadonlyArray<Contribution<unknown>> | Contribution<unknown>]>, modelOf = (key: string) => key) => {
    const unknown = new Map<string, string[]>();
    for (const [key, value] of entries) {
      if (models.has(modelOf(key))) continue;
      for (const c of Array.isArray(value) ? value : [value]) push(unknown, (c as Contribution<unknown>).plugin.name, modelOf(key));
    }
    for (const [plugin, names] of unknown) problems.push(pluginError('PLUGIN_INVALID', plugin, `its ${what} name model(s) that do not exist: ${names.join(', ')}`));
  };
  check('validators', registry.validators);
  check('detailViews', registry.detailViews);
  check('overrideViews', registry.overrideViews, (view) => view.split('.')[0] ?? view);
  check('filterExtensions', registry.filterExtensions);
  check('tableExtensions', registry.tableExtensions);
  check('formExtensions', registry.formExtensions);
  check('job buttons', registry.jobButtons);
  reportAll(problems);
}
