import type { Auth, Authenticator } from './auth/authenticate.ts';
import type { LoginGuard } from './auth/login-guard.ts';
import type { Definitions } from './schema/definitions.ts';
import type { DatabaseProvider } from './config/config.ts';
import type { Logger } from './logger.ts';
import type { Validator } from './sdk/define-plugin.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { TemplateEngine } from './templates/engine.ts';
import type { PrismaClient } from '../../generated/client/client.ts';

/** Who is making the request. Filled by the authentication layer; anonymous until then. */
export interface RequestUser {
  id: string;
  username: string;
  isSuperuser: boolean;
}

/** Built once per GraphQL request and handed to every resolver, core and plugin alike. */
export interface RequestContext {
  /** The database client, narrowed to what the user may see and do. Use it for every query. */
  prisma: PrismaClient;
  provider: DatabaseProvider;
  requestId: string;
  user: RequestUser | null;
  /** The caller and their permissions: `ctx.auth.permissions.require('Device', 'change')` is the one-call check. */
  auth: Auth;
  log: Logger;
  /** Core services for the authentication resolvers. Not for plugins: they see only what `prisma` allows. */
  system: SystemServices;
}

export interface SystemServices {
  /** The unrestricted client, for authentication bookkeeping (sessions, tokens, audit). */
  rootPrisma: PrismaClient;
  /**
   * A client for objects reached through a parent the caller may view (the gateway's merge lookups): those
   * objects are read whatever their own scope, the lists below them are still narrowed. Made on first use.
   */
  relatedPrisma(): PrismaClient;
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
  /** The sandboxed Jinja2-compatible template engine with the plugins' filters. */
  templates: TemplateEngine;
  /** Where started jobs go (this process, or the Redis queue). */
  jobs: JobQueue;
  /** Plugin validators by model name, in plugin load order. */
  validators: ReadonlyMap<string, ReadonlyArray<{ plugin: string; validate: Validator }>>;
}

export type { PrismaClient };
