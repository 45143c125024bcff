import { contextCacheSymbol } from '@pothos/core';
import type { Authenticator } from './auth/authenticate.ts';
import type { LoginGuard } from './auth/login-guard.ts';
import type { PrismaClient, RequestContext } from './context.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Contribution, PluginRegistry, RegisteredPlugin } from './plugins/registry.ts';
import type { Definitions } from './custom-fields/definitions.ts';
import type { TemplateEngine } from './templates/engine.ts';
import type { Select } from './templates/template-data.ts';
import type { ModelDirectory, RelationshipHooks } from './schema/features.ts';
import type { SearchIndex } from './db/search-index.ts';
import type { DirectInserts } from './schema/sql-write/insert.ts';
import type { CommittedChange, Validator } from './context.ts';

/**
 * Core services of a request: the unrestricted client and the process-wide parts the core's own resolvers need.
 * They hang off the request context under a symbol this module alone holds: they are not part of any context type
 * the SDK exports, so plugin code has no typed path to them. (Plugins run in the server process and are trusted
 * code; this keeps the API honest, it is not a sandbox.)
 */
export interface SystemServices {
  /** The unrestricted client, for authentication bookkeeping (sessions, tokens, audit). */
  rootPrisma: PrismaClient;
  /**
   * A client for objects reached through a parent the caller may view (the gateway's merge lookups): those
   * objects are read whatever their own scope, the lists below them are still narrowed. Made on first use.
   */
  relatedPrisma(): PrismaClient;
  /** Creates written with plain INSERTs (`schema/sql-write`), or null to write every create through Prisma. */
  inserts: DirectInserts | null;
  /** The quick search's index (SQLite), or null where the ordinary query uses the database's own (PostgreSQL). */
  searchIndex: SearchIndex | null;
  /** Tables whose row count PostgreSQL keeps, read for an unfiltered list's `totalCount` (`db/row-counts.ts`). */
  countedTables: ReadonlySet<string>;
  authenticator: Authenticator;
  /** Custom field definitions and status applicability, cached for writes. */
  definitions: Definitions;
  /** Failed-login limits and the password hashing gate. */
  loginGuard: LoginGuard;
  /** Queue a Set-Cookie header on this request's response. */
  setCookie(cookie: string): void;
  /** True when the request reached Fathom over HTTPS (directly or via a proxy that says so). */
  secure: boolean;
  /** Every Prisma model of the running composition. */
  modelNames: readonly string[];
  /** Models with the standard API, by name and content type, with the shared features each takes part in. */
  models: ModelDirectory;
  /** Relationship links, as the model API writes and filters them. */
  relationships: RelationshipHooks;
  /** The sandboxed Jinja2-compatible template engine with the plugins' filters. */
  templates: TemplateEngine;
  /** What an export template may read of a model (what its GraphQL type exposes), or null when it may not. */
  exportSelect(model: string): Select | null;
  /** Where started jobs go (this process, or the Redis queue). */
  jobs: JobQueue;
  /** Plugin validators by model name, in plugin load order. */
  validators: ReadonlyMap<string, ReadonlyArray<Contribution<Validator>>>;
  /** What every plugin registered. */
  registry: PluginRegistry;
  /** Told of changes once their transaction has committed (webhooks and the change feed follow them). */
  changes: ChangeListener;
  /** Committed changes as they happen, in every server process (the change feed's source). */
  feed: ChangeSource;
}

/** Where committed changes can be heard; `listen` returns the call that stops listening. */
export interface ChangeSource {
  listen(listener: (change: CommittedChange) => void): () => void;
  /** Resolves once the listeners asked for so far hear every change committed from then on. */
  listening(): Promise<void>;
}

/**
 * Follows committed changes; never throws into the write that made them. `rulesEpoch` is the definitions epoch the
 * write's request read as it started: the webhooks and job hooks that stood then are the ones its changes follow,
 * as its custom fields are the ones that stood then. Without it (a change made outside a request) they are read anew.
 */
export interface ChangeListener {
  committed(changes: readonly CommittedChange[], rulesEpoch?: Promise<number>): void;
}

/**
 * The key the services hang under. Not exported beyond the core and not registered globally: plugin code has no
 * name for it. (It is an own property, so it survives yoga copying the context into its own object.)
 */
const SYSTEM = Symbol('fathom.system');
type WithSystem = { [SYSTEM]?: SystemServices };

/** Tie a context to its core services (once, where the context is made). */
export function withSystem<T extends object>(ctx: T, system: SystemServices): T {
  (ctx as WithSystem)[SYSTEM] = system;
  return ctx;
}

/** The core services of a request context. Core code only; the SDK does not export it. */
export function systemOf(ctx: object): SystemServices {
  const system = (ctx as WithSystem)[SYSTEM];
  if (!system) throw new Error('This context was not made by Fathom.');
  return system;
}

const pluginContexts = new WeakMap<object, Map<string, RequestContext>>();

/**
 * The request context as one plugin's code sees it: its own settings and a logger naming it, the same narrowed
 * client and caller. Made once per request and plugin.
 */
export function forPlugin(ctx: RequestContext, plugin: Pick<RegisteredPlugin, 'name' | 'settings' | 'log'>): RequestContext {
  let byPlugin = pluginContexts.get(ctx);
  if (!byPlugin) pluginContexts.set(ctx, (byPlugin = new Map()));
  let derived = byPlugin.get(plugin.name);
  if (!derived) {
    // The spread carries the core services along for the core-generated resolvers a plugin's subschema holds.
    // Pothos keys its per-request caches (what the Prisma planner loaded with each row) on the request, so a
    // plugin's field on a core row finds what the core's query loaded for it.
    const cacheKey = (ctx as { [contextCacheSymbol]?: object })[contextCacheSymbol] ?? ctx;
    const own: RequestContext & { [contextCacheSymbol]: object } = { ...ctx, settings: plugin.settings, log: plugin.log, [contextCacheSymbol]: cacheKey };
    derived = own;
    byPlugin.set(plugin.name, derived);
  }
  return derived;
}
