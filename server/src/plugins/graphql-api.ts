import type { ObjectRef } from '@pothos/core';
import type { PluginSettings } from '../context.ts';
import type { Logger } from '../logger.ts';
import type { FathomBuilder, FathomSchemaTypes } from '../schema/builder.ts';

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

/** A plugin's `graphql` function: builds its subschema with its own builder. */
export type PluginGraphQL = (builder: FathomBuilder, api: PluginGraphQLApi) => void;
