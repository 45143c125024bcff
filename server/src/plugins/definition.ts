import semver from 'semver';
import { z } from 'zod';
import type { GitSyncContext, JobContext, PluginDatabaseContext, PluginSettings, RequestContext, Validator } from '../context.ts';
import type { Logger } from '../logger.ts';
import type { PluginGraphQLApi, PluginGraphQL } from './graphql-api.ts';
import { filterExtension, formExtension, type DetailObject } from './model-extensions.ts';
import { fn, permissions } from './zod-kit.ts';

export type { PermissionName } from './zod-kit.ts';
export type { DetailObject, FilterExtension, FormExtension, FormSave } from './model-extensions.ts';

/**
 * The plugin definition: one zod schema, from which both start-up validation and the SDK's types come. It is
 * strict: an unknown or misspelled key (`detailViews.Device.leftX`) is a start-up error naming the key, not a
 * silently ignored contribution. Callbacks are checked to be functions; their signatures are the types below.
 */

const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Content the web UI knows how to render. HTML (and markdown, rendered to HTML) is sanitized by the server;
 * `component` mounts a Svelte component the plugin ships in its `web/` folder.
 */
export type SlotContent =
  | { kind: 'text'; text: string }
  | { kind: 'markdown'; markdown: string }
  | { kind: 'html'; html: string }
  | { kind: 'keyValue'; pairs: ReadonlyArray<{ key: string; value: string; link?: string }> }
  | { kind: 'table'; columns: readonly string[]; rows: ReadonlyArray<readonly string[]> }
  | { kind: 'badges'; badges: ReadonlyArray<{ label: string; color?: string }> }
  | { kind: 'component'; component: string; props?: Record<string, unknown> };

export interface Banner {
  level?: 'info' | 'success' | 'warning' | 'danger';
  content: SlotContent;
}

/** Where a banner is asked for: the route, the model on list and detail views, and the object on detail views. */
export interface BannerPage {
  route: string;
  model: string | null;
  object: DetailObject | null;
}

/** A REST handler's input: the request, the caller's context (with the plugin's settings) and path parameters. */
export interface RestInput {
  request: Request;
  ctx: RequestContext;
  params: Readonly<Record<string, string>>;
}

/** What a plugin's middleware gets besides the request: its settings and a logger naming it. */
export interface MiddlewareContext {
  settings: PluginSettings;
  log: Logger;
}

/** What a secrets provider's `get` receives. */
export interface SecretRequest {
  parameters: Readonly<Record<string, string>>;
  secret: { name: string };
  settings: PluginSettings;
}

const version = (message: string) => z.string().refine((v) => semver.valid(v) !== null, message);
const slug = z.string().regex(NAME, 'must be lowercase letters, digits and dashes, starting with a letter');

const navButton = z.strictObject({
  title: z.string().min(1),
  link: z.string().startsWith('/'),
  /** An icon name the web UI knows (e.g. "plus"). */
  icon: z.string().optional(),
  permissions,
});

const navItem = z.strictObject({
  label: z.string().min(1),
  /** Under /plugins/<baseUrl>/ for a plugin's own pages, or any core page. */
  link: z.string().startsWith('/'),
  weight: z.number().optional(),
  permissions,
  buttons: z.array(navButton).optional(),
});

/** Navigation: a tab (top-level menu) with groups of items. Items merge into an existing tab and group by name. */
const navTab = z.strictObject({
  name: z.string().min(1),
  weight: z.number().optional(),
  groups: z.array(z.strictObject({ name: z.string().min(1), weight: z.number().optional(), items: z.array(navItem) })),
});

const detailSlot = z.strictObject({
  name: z.string().min(1),
  weight: z.number().optional(),
  permissions,
  content: fn<(ctx: RequestContext, object: DetailObject) => Promise<SlotContent> | SlotContent>(),
});

/** The tab's title is `label`; its route is /<model route>/<id>/tab/<plugin>/<name>. */
const detailTab = detailSlot.extend({ label: z.string().min(1) });

const detailButton = navButton.extend({
  /** `{id}` is replaced with the object's id. */
  link: z.string().startsWith('/'),
});

/** What a plugin adds to one model's detail view: columns, full-width content, buttons at the top, extra tabs. */
const detailView = z.strictObject({
  left: z.array(detailSlot).optional(),
  right: z.array(detailSlot).optional(),
  fullWidth: z.array(detailSlot).optional(),
  buttons: z.array(detailButton).optional(),
  tabs: z.array(detailTab).optional(),
});

const homePanel = z.strictObject({
  name: z.string().min(1),
  weight: z.number().optional(),
  permissions,
  /** Called for each home page load with the request context; its queries see only what the user may see. */
  content: fn<(ctx: RequestContext) => Promise<SlotContent> | SlotContent>(),
});

/** A page of the plugin's own, at /plugins/<baseUrl>/<path>, rendered by one of its Svelte components. */
const pluginPage = z.strictObject({
  path: z.string().regex(/^[a-z0-9][a-z0-9/_-]*$/i, 'must be a relative path such as sessions/'),
  title: z.string().min(1),
  component: z.string().min(1),
  permissions,
});

/**
 * A REST endpoint at /api/plugins/<baseUrl>/<path>. The caller is authenticated like every API request; `ctx.prisma`
 * sees only what the caller may see. Path parameters (`sessions/:id/`) arrive in `params`.
 */
const restEndpoint = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string().regex(/^(?!.*\.\.)[a-z0-9:_-][a-z0-9:/_-]*$/i, 'must be a relative path such as sessions/:id/ (its URL is /api/plugins/<baseUrl>/<path>)'),
  permissions,
  /** Allow anonymous callers. */
  public: z.boolean().optional(),
  handler: fn<(input: RestInput) => Promise<Response> | Response>(),
});

/** Kinds of data a Git repository can provide; on each sync the callback processes the checked-out tree. */
const gitDataType = z.strictObject({
  /** Unique across plugins, e.g. `example-bgp-peers`. */
  slug,
  label: z.string().min(1),
  onSync: fn<(ctx: GitSyncContext) => Promise<void> | void>(),
});

/** Where a secret's value comes from. Core ships `environment-variable` and `text-file`. */
const secretsProvider = z.strictObject({
  /** Unique across core and plugins, e.g. `example-config`. */
  slug,
  label: z.string().min(1),
  /** The parameters a secret using this provider must set. */
  parameters: z.record(z.string(), z.strictObject({ label: z.string(), required: z.boolean().optional(), description: z.string().optional() })),
  /** Return the value, or throw with a message saying why it cannot be had. */
  get: fn<(request: SecretRequest) => Promise<string> | string>(),
});

/** One input of a job, rendered as a form field. */
const jobInputField = z.strictObject({
  kind: z.enum(['string', 'int', 'boolean', 'choice']),
  label: z.string().optional(),
  description: z.string().optional(),
  required: z.boolean().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  choices: z.array(z.string()).optional(),
});

/**
 * A job: typed input (a form in the UI), logs and a result. Runs in the server process by default, on a Redis queue
 * worked by `fathom worker` when `jobs.redisUrl` is set. Starting one needs `add` on extras.jobresult, plus the
 * job's own permissions.
 */
const jobDefinition = z.strictObject({
  name: slug,
  label: z.string().min(1),
  description: z.string().optional(),
  input: z.record(z.string(), jobInputField).optional(),
  permissions,
  /**
   * Models whose detail pages show a button that runs the job on the object (job buttons): the object's id arrives
   * as `input.objectId`, an input the job must declare.
   */
  buttons: z.array(z.string()).optional(),
  /** Job hooks may start it when objects change: the change arrives as `input.change`. */
  hooks: z.boolean().optional(),
  run: fn<(args: { input: Readonly<Record<string, unknown>>; ctx: JobContext }) => Promise<unknown> | unknown>(),
});

export const definitionSchema = z.strictObject({
  /** Unique, lowercase: letters, digits, dashes. Used as its settings key and content type app label. */
  name: slug,
  verboseName: z.string().min(1).optional(),
  /** The plugin's own semantic version, e.g. `1.2.0`. */
  version: version('must be a semantic version such as 1.2.0'),
  author: z.string().optional(),
  authorEmail: z.string().optional(),
  description: z.string().optional(),
  /** Its URLs live under /plugins/<baseUrl>/ and /api/plugins/<baseUrl>/. Defaults to its name. */
  baseUrl: z.string().regex(/^[a-z0-9][a-z0-9-_]*$/, 'must be a single lowercase path segment').optional(),
  /** Lowest Fathom version it runs on (inclusive), a full semantic version such as 0.1.0. */
  minVersion: version('must be a full semantic version such as 0.1.0 (ranges are not accepted)').optional(),
  /** Highest Fathom version it runs on (inclusive), a full semantic version such as 1.4.0. */
  maxVersion: version('must be a full semantic version such as 1.4.0 (ranges are not accepted)').optional(),
  /** Settings that must be set under `pluginsConfig[<name>]`; start-up stops naming the missing ones. */
  requiredSettings: z.array(z.string()).optional(),
  defaultSettings: z.record(z.string(), z.unknown()).optional(),
  /** Names of plugins that must be enabled and are loaded first. */
  dependencies: z.array(z.string()).optional(),
  /** Prisma fragment files (absolute paths or file URLs) with the plugin's models. */
  prismaFragments: z.array(z.union([z.string(), z.instanceof(URL)])).optional(),
  /**
   * The folder of the plugin's versioned migrations (an absolute path or a file URL), made by
   * `fathom makemigrations <plugin>`. Without it the plugin's tables are pushed from its fragments, as in development.
   */
  migrations: z.union([z.string(), z.instanceof(URL)]).optional(),
  /** Builds the plugin's GraphQL subschema with its own Pothos builder on the shared Prisma client. */
  graphql: fn<PluginGraphQL>().optional(),
  /** Runs after each post-upgrade migration: create statuses, custom fields, relationships… idempotently. */
  databaseReady: fn<(ctx: PluginDatabaseContext) => Promise<void> | void>().optional(),
  /** Menu entries, served by `uiExtensions` to users holding their permissions. */
  navigation: z.array(navTab).optional(),
  /** Home page panels, served by `uiExtensions`; each panel's content comes from the plugin's resolver. */
  homePage: z.array(homePanel).optional(),
  /** Content in core (or other plugins') detail views, keyed by model name, e.g. `Device`. */
  detailViews: z.record(z.string(), detailView).optional(),
  /** A banner for the current page, or null. Sees the route, the user and, on detail views, the object. */
  banner: fn<(ctx: RequestContext, page: BannerPage) => Promise<Banner | null> | Banner | null>().optional(),
  /** Extra validation per model name, e.g. `{ Device: validateDeviceName }`. */
  validators: z.record(z.string(), fn<Validator>()).optional(),
  /**
   * Views this plugin replaces with one of its Svelte components: `<Model>.list`, `<Model>.detail` or
   * `<Model>.form`, for core models or other plugins' models. Two plugins replacing one view is a start-up error.
   */
  overrideViews: z.record(z.string().regex(/^\w+\.(list|detail|form)$/, 'must name a view as <Model>.list, <Model>.detail or <Model>.form'), z.string().min(1)).optional(),
  /**
   * Filters for the Jinja2-compatible template engine (export templates, and later computed fields, webhooks and
   * custom links), by name. Names must be unique across plugins.
   */
  jinjaFilters: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase identifier'), fn<(value: unknown, ...args: unknown[]) => unknown>()).optional(),
  /** Kinds of data a Git repository can provide. */
  gitDataTypes: z.array(gitDataType).optional(),
  /** Secrets providers the plugin adds. */
  secretsProviders: z.array(secretsProvider).optional(),
  /** Jobs the plugin provides. */
  jobs: z.array(jobDefinition).optional(),
  /** REST endpoints under /api/plugins/<baseUrl>/. */
  rest: z.array(restEndpoint).optional(),
  /** HTTP middleware around every request (API, UI and GraphQL), in plugin load order: call `next()` to continue. */
  middleware: z.array(fn<(request: Request, next: () => Promise<Response>, plugin: MiddlewareContext) => Promise<Response>>()).optional(),
  /** Pages under /plugins/<baseUrl>/. */
  pages: z.array(pluginPage).optional(),
  /**
   * Filters added to other models' standard API, by model and filter name (camelCase, best prefixed with the
   * plugin's name): `{ Device: { exampleHasSessions: { type: 'Boolean', where: … } } }`.
   */
  filterExtensions: z.record(z.string(), z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be a camelCase name'), filterExtension)).optional(),
  /** Columns added to other models' list views, by model: fields of its GraphQL type, e.g. ones the plugin merges onto it. */
  tableExtensions: z.record(z.string(), z.array(z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be a field name'))).optional(),
  /**
   * Fields added to other models' create and edit forms (and their GraphQL input and type), by model and field name
   * (camelCase, best prefixed with the plugin's name); each is saved in the same transaction as the object.
   */
  formExtensions: z.record(z.string(), z.record(z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'must be a camelCase name'), formExtension)).optional(),
  /** The module (usually `web/index.ts`) that exports `components`: name → lazy Svelte component import. */
  web: z.union([z.string(), z.instanceof(URL)]).optional(),
});

/** A plugin, as its package exports it. */
export type PluginDefinition = z.input<typeof definitionSchema>;
export type NavTab = z.input<typeof navTab>;
export type NavItem = z.input<typeof navItem>;
export type NavButton = z.input<typeof navButton>;
export type DetailSlot = z.input<typeof detailSlot>;
export type DetailTab = z.input<typeof detailTab>;
export type DetailButton = z.input<typeof detailButton>;
export type DetailViewExtension = z.input<typeof detailView>;
export type HomePanel = z.input<typeof homePanel>;
export type PluginPage = z.input<typeof pluginPage>;
export type RestEndpoint = z.input<typeof restEndpoint>;
export type Middleware = NonNullable<PluginDefinition['middleware']>[number];
export type GitDataType = z.input<typeof gitDataType>;
export type SecretsProvider = z.input<typeof secretsProvider>;
export type JobInputField = z.input<typeof jobInputField>;
export type JobDefinition = z.input<typeof jobDefinition>;
export type TemplateFilter = (value: unknown, ...args: unknown[]) => unknown;
export type { PluginGraphQLApi };

export const PLUGIN_BRAND: unique symbol = Symbol.for('fathom.plugin');

/** Declare a plugin. Returns a frozen copy; nothing runs until the host loads it. */
export function definePlugin<T extends PluginDefinition>(definition: T): T & { readonly [PLUGIN_BRAND]: true } {
  return Object.freeze({ ...definition, [PLUGIN_BRAND]: true as const });
}
