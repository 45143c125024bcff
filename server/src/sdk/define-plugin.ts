import type { ObjectRef } from '@pothos/core';
import type { PrismaClient, RequestContext } from '../context.ts';
import type { Logger } from '../logger.ts';
import type { FathomBuilder, FathomSchemaTypes, FieldError } from '../schema/builder.ts';

export const PLUGIN_BRAND: unique symbol = Symbol.for('fathom.plugin');

export type PluginSettings = Readonly<Record<string, unknown>>;

type ModelName = keyof FathomSchemaTypes['PrismaTypes'] & string;
type Types = PothosSchemaTypes.ExtendDefaultTypes<FathomSchemaTypes>;

/** What a plugin's GraphQL function receives besides its own Pothos builder. */
export interface PluginGraphQLApi {
  /** The plugin's name, e.g. `example`. */
  readonly plugin: string;
  /** The prefix its types and models carry, e.g. `Example`. */
  readonly prefix: string;
  /** Settings after defaults were merged under the user's values. Read-only. */
  readonly settings: PluginSettings;
  readonly log: Logger;
  /**
   * Add fields to a type owned by the core (or by a plugin this one depends on). The fields are served through
   * type merging: the plugin never touches the owner's code, and the gateway fetches them in one batch per list.
   * Returns the type's reference so that the plugin's own fields can point at it.
   */
  extendType<Name extends ModelName>(
    name: Name,
    fields?: (
      t: PothosSchemaTypes.PrismaObjectFieldBuilder<Types, FathomSchemaTypes['PrismaTypes'][Name]>,
    ) => Record<string, PothosSchemaTypes.FieldRef<Types>>,
  ): ObjectRef<Types, unknown>;
}

/** A permission in Nautobot's notation: `<app_label>.<action>_<model>`, e.g. `dcim.view_device`. */
export type PermissionName = `${string}.${'view' | 'add' | 'change' | 'delete'}_${string}`;

export interface NavButton {
  title: string;
  link: string;
  /** An icon name the web UI knows (e.g. "plus"). */
  icon?: string;
  permissions?: readonly PermissionName[];
}

export interface NavItem {
  label: string;
  /** Under /plugins/<baseUrl>/ for a plugin's own pages, or any core page. */
  link: string;
  weight?: number;
  permissions?: readonly PermissionName[];
  buttons?: readonly NavButton[];
}

/** Navigation: a tab (top-level menu) with groups of items. Items merge into an existing tab and group by name. */
export interface NavTab {
  name: string;
  weight?: number;
  groups: ReadonlyArray<{ name: string; weight?: number; items: readonly NavItem[] }>;
}

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

/** The object a detail view shows, as the user may see it (its scalar columns). */
export type DetailObject = Readonly<Record<string, unknown>> & { id: string };

export interface DetailSlot {
  name: string;
  weight?: number;
  permissions?: readonly PermissionName[];
  content: (ctx: RequestContext, object: DetailObject) => Promise<SlotContent> | SlotContent;
}

export interface DetailTab extends DetailSlot {
  /** The tab's title; its route is /<model route>/<id>/tab/<plugin>/<name>. */
  label: string;
}

export interface DetailButton {
  title: string;
  /** `{id}` is replaced with the object's id. */
  link: string;
  icon?: string;
  permissions?: readonly PermissionName[];
}

/** What a plugin adds to one model's detail view: columns, full-width content, buttons at the top, extra tabs. */
export interface DetailViewExtension {
  left?: readonly DetailSlot[];
  right?: readonly DetailSlot[];
  fullWidth?: readonly DetailSlot[];
  buttons?: readonly DetailButton[];
  tabs?: readonly DetailTab[];
}

export interface Banner {
  level?: 'info' | 'success' | 'warning' | 'danger';
  content: SlotContent;
}

/**
 * Custom validation for a model (core or another plugin's): called on every create and update made through the
 * API with the values to be written (`data`, Prisma column names) and the current row (`existing`, null on
 * create). Returned field errors stop the write; nothing is saved.
 */
export type Validator = (input: {
  data: Readonly<Record<string, unknown>>;
  existing: Readonly<Record<string, unknown>> | null;
  ctx: RequestContext;
}) => Promise<readonly FieldError[]> | readonly FieldError[];

/**
 * A REST endpoint at /api/plugins/<baseUrl>/<path>. The caller is authenticated like every API request; `ctx.prisma`
 * sees only what the caller may see. Path parameters (`sessions/:id/`) arrive in `params`.
 */
export interface RestEndpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  permissions?: readonly PermissionName[];
  /** Allow anonymous callers. */
  public?: boolean;
  handler: (input: { request: Request; ctx: RequestContext; params: Readonly<Record<string, string>> }) => Promise<Response> | Response;
}

/** HTTP middleware around every request (API, UI and GraphQL): call `next()` to continue. */
export type Middleware = (request: Request, next: () => Promise<Response>) => Promise<Response>;

/** Where a secret's value comes from. Core ships `environment-variable` and `text-file`. */
export interface SecretsProvider {
  /** Unique across core and plugins, e.g. `example-config`. */
  slug: string;
  label: string;
  /** The parameters a secret using this provider must set. */
  parameters: Readonly<Record<string, { label: string; required?: boolean; description?: string }>>;
  /** Return the value, or throw with a message saying why it cannot be had. */
  get: (args: { parameters: Readonly<Record<string, string>>; secret: { name: string }; settings: PluginSettings }) => Promise<string> | string;
}

/** What a Git data type's callback receives on each sync. */
export interface GitSyncContext {
  /**
   * The checked-out working tree (read it; do not write). Prefer `files`: reading `path` directly follows
   * symbolic links, which a repository can point anywhere on the server.
   */
  path: string;
  /** Read files of the tree without ever leaving it: links out of the repository, `..` and `.git` are refused. */
  files: {
    read(path: string): Promise<string>;
    exists(path: string): Promise<boolean>;
    list(path?: string): Promise<string[]>;
  };
  repository: { id: string; name: string; remoteUrl: string; branch: string; head: string };
  /** A client narrowed to the permissions of the user who started the sync. */
  prisma: PrismaClient;
  log: (message: string) => void;
}

export interface GitDataType {
  /** Unique across plugins, e.g. `example-bgp-peers`. */
  slug: string;
  label: string;
  onSync: (ctx: GitSyncContext) => Promise<void> | void;
}

/** One input of a job, rendered as a form field. */
export interface JobInputField {
  kind: 'string' | 'int' | 'boolean' | 'choice';
  label?: string;
  description?: string;
  required?: boolean;
  default?: string | number | boolean;
  choices?: readonly string[];
}

/** What a running job receives. Its `prisma` sees only what the user who started it may see. */
export interface JobContext {
  prisma: PrismaClient;
  user: { id: string; username: string } | null;
  settings: PluginSettings;
  /** The value of a secret, by name (from its provider, at call time). */
  secret: (name: string) => Promise<string>;
  /** Write a line to the job's log (kept with its result). */
  log: (message: string, level?: 'debug' | 'info' | 'warning' | 'error') => Promise<void>;
}

/**
 * A job: typed input (a form in the UI), logs and a result. Runs in the server process by default, on a Redis queue
 * worked by `fathom worker` when `jobs.redisUrl` is set. Starting one needs `add` on extras.jobresult, plus the
 * job's own permissions.
 */
export interface JobDefinition {
  name: string;
  label: string;
  description?: string;
  input?: Readonly<Record<string, JobInputField>>;
  permissions?: readonly PermissionName[];
  run: (args: { input: Readonly<Record<string, unknown>>; ctx: JobContext }) => Promise<unknown> | unknown;
}

/** A page of the plugin's own, at /plugins/<baseUrl>/<path>, rendered by one of its Svelte components. */
export interface PluginPage {
  path: string;
  title: string;
  component: string;
  permissions?: readonly PermissionName[];
}

export interface HomePanel {
  name: string;
  weight?: number;
  permissions?: readonly PermissionName[];
  /** Called for each home page load with the request context; its queries see only what the user may see. */
  content: (ctx: RequestContext) => Promise<SlotContent> | SlotContent;
}

/** What the database-ready hook receives: the plugin runs it after every migration, so it must be idempotent. */
export interface PluginDatabaseContext {
  readonly plugin: string;
  readonly settings: PluginSettings;
  readonly log: Logger;
  readonly prisma: PrismaClient;
}

/**
 * A plugin, as its package exports it. Later capabilities (navigation, jobs, validators…) add optional fields.
 */
export interface PluginDefinition {
  /** Unique, lowercase: letters, digits, dashes. Used as its settings key and content type app label. */
  name: string;
  verboseName?: string;
  version: string;
  author?: string;
  authorEmail?: string;
  description?: string;
  /** Its URLs live under /plugins/<baseUrl>/ and /api/plugins/<baseUrl>/. Defaults to its name. */
  baseUrl?: string;
  /** Lowest Fathom version it runs on (inclusive). */
  minVersion?: string;
  /** Highest Fathom version it runs on (inclusive). */
  maxVersion?: string;
  requiredSettings?: readonly string[];
  defaultSettings?: PluginSettings;
  /** Names of plugins that must be enabled and are loaded first. */
  dependencies?: readonly string[];
  /** Prisma fragment files (absolute paths or file URLs) with the plugin's models. */
  prismaFragments?: ReadonlyArray<string | URL>;
  /** Builds the plugin's GraphQL subschema with its own Pothos builder on the shared Prisma client. */
  graphql?: (builder: FathomBuilder, api: PluginGraphQLApi) => void;
  /** Runs after each post-upgrade migration: create statuses, custom fields, relationships… idempotently. */
  databaseReady?: (ctx: PluginDatabaseContext) => Promise<void> | void;
  /** Menu entries, served by `uiExtensions` to users holding their permissions. */
  navigation?: readonly NavTab[];
  /** Home page panels, served by `uiExtensions`; each panel's content comes from the plugin's resolver. */
  homePage?: readonly HomePanel[];
  /** Content in core (or other plugins') detail views, keyed by model name, e.g. `Device`. */
  detailViews?: Readonly<Record<string, DetailViewExtension>>;
  /** A banner for the current page, or null. Sees the route, the user and, on detail views, the object. */
  banner?: (ctx: RequestContext, page: { route: string; model: string | null; object: DetailObject | null }) => Promise<Banner | null> | Banner | null;
  /** Extra validation per model name, e.g. `{ Device: validateDeviceName }`. */
  validators?: Readonly<Record<string, Validator>>;
  /**
   * Views this plugin replaces with one of its Svelte components: `<Model>.list`, `<Model>.detail` or
   * `<Model>.form`, for core models or other plugins' models. Two plugins replacing one view is a start-up error.
   */
  overrideViews?: Readonly<Record<string, string>>;
  /**
   * Filters for the Jinja2-compatible template engine (export templates, and later computed fields, webhooks and
   * custom links), by name. Names must be unique across plugins.
   */
  jinjaFilters?: Readonly<Record<string, (value: unknown, ...args: unknown[]) => unknown>>;
  /** Kinds of data a Git repository can provide; on each sync the callback processes the checked-out tree. */
  gitDataTypes?: readonly GitDataType[];
  /** Secrets providers the plugin adds. */
  secretsProviders?: readonly SecretsProvider[];
  /** Jobs the plugin provides. */
  jobs?: readonly JobDefinition[];
  /** REST endpoints under /api/plugins/<baseUrl>/. */
  rest?: readonly RestEndpoint[];
  /** HTTP middleware, applied in plugin load order (the first plugin's is outermost). */
  middleware?: readonly Middleware[];
  /** Pages under /plugins/<baseUrl>/. */
  pages?: readonly PluginPage[];
  /** The module (usually `web/index.ts`) that exports `components`: name → lazy Svelte component import. */
  web?: string | URL;
}

/** Declare a plugin. Returns a frozen copy; nothing runs until the host loads it. */
export function definePlugin<T extends PluginDefinition>(definition: T): T & { readonly [PLUGIN_BRAND]: true } {
  return Object.freeze({ ...definition, [PLUGIN_BRAND]: true as const });
}
