import type { Auth, RequestUser } from './auth/authenticate.ts';
import type { DatabaseProvider } from './config/config.ts';
import type { PrismaClient } from './db/client.ts';
import type { FieldError } from './errors.ts';
import type { Logger } from './logger.ts';

/**
 * The contexts Fathom hands to code, its own and plugins'. One shape underlies them all (`PluginContext`); each
 * place adds what belongs to it. None holds an unrestricted database client: core services reach theirs through
 * `systemOf(ctx)` (system.ts), which plugins cannot import.
 */

/** A plugin's settings: its defaults under the user's `pluginsConfig` values, frozen. */
export type PluginSettings = Readonly<Record<string, unknown>>;

/** What plugin code receives everywhere: request, job, Git sync and database-ready hooks. */
export interface PluginContext {
  /** The database client, narrowed to what `user` may see and do. Use it for every query. */
  prisma: PrismaClient;
  /** Who the work is for; null for anonymous requests and for the database-ready hook. */
  user: RequestUser | null;
  log: Logger;
  /** The settings of the plugin whose code runs (empty for the core). Read-only. */
  settings: PluginSettings;
  /** The value of a secret, by name, as `user` may see it (from its provider, at call time). */
  secret(name: string): Promise<string>;
}

/** Built once per GraphQL or REST request and handed to every resolver and hook, core and plugin alike. */
export interface RequestContext extends PluginContext {
  provider: DatabaseProvider;
  requestId: string;
  /** The caller and their permissions: `ctx.auth.permissions.require('Device', 'change')` is the one-call check. */
  auth: Auth;
}

/** What a running job receives. Its `prisma` sees only what the user who started it may see. */
export interface JobContext extends PluginContext {
  user: RequestUser;
  /** Lines written here are kept with the job's result (and go to the server log too). */
  log: Logger;
}

/** What a Git data type's callback receives on each sync. */
export interface GitSyncContext extends PluginContext {
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
  /** Lines written here are kept in the repository's sync log. */
  log: Logger;
}

/** What the database-ready hook receives: the plugin runs it after every migration, so it must be idempotent. */
export interface PluginDatabaseContext extends PluginContext {
  readonly plugin: string;
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

export type { PrismaClient, RequestUser };

/** A change as the change log recorded it, handed on once its transaction has committed. */
export interface CommittedChange {
  id: string;
  time: Date;
  /** Who made it (null for changes made outside a user's request). */
  userId: string | null;
  userName: string;
  requestId: string;
  action: string;
  /** Content type label, e.g. `dcim.device`. */
  contentType: string;
  objectId: string;
  objectRepr: string;
  /** JSON of the object's columns after the change (before it, for a delete). */
  data: string;
}
