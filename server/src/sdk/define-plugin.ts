import type { ObjectRef } from '@pothos/core';
import type { PrismaClient } from '../context.ts';
import type { Logger } from '../logger.ts';
import type { FathomBuilder, FathomSchemaTypes } from '../schema/builder.ts';

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
}

export type BrandedPlugin = PluginDefinition & { readonly [PLUGIN_BRAND]: true };

/** Declare a plugin. Returns a frozen copy; nothing runs until the host loads it. */
export function definePlugin<T extends PluginDefinition>(definition: T): T & { readonly [PLUGIN_BRAND]: true } {
  return Object.freeze({ ...definition, [PLUGIN_BRAND]: true as const });
}
