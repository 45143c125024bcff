import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { GraphQLError, GraphQLSchema } from 'graphql';

/** An unexpected error raised by a plugin's resolver: masked for clients, logged with the plugin's name. */
export class PluginFailure extends Error {
  constructor(
    readonly plugin: string,
    cause: unknown,
  ) {
    super(`plugin "${plugin}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PluginFailure';
  }
}

export function wrap(plugin: string, error: unknown): unknown {
  // Errors a plugin raises on purpose (FORBIDDEN, a field error) reach the client as they are.
  return error instanceof GraphQLError || error instanceof PluginFailure ? error : new PluginFailure(plugin, error);
}

/**
 * Mark every error that escapes one of a plugin's resolvers with the plugin's name, so that the server log says
 * which plugin failed and the client learns which plugin's field it was, without the error's details.
 */
export function namingPluginErrors(schema: GraphQLSchema, plugin: string): GraphQLSchema {
  const mapped = mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (config) => {
      const resolve = config.resolve;
      if (!resolve) return config;
      return {
        ...config,
        resolve: (source, args, context, info) => {
          try {
            const result = resolve(source, args, context, info);
            return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(wrap(plugin, error))) : result;
          } catch (error) {
            throw wrap(plugin, error);
          }
        },
      };
    },
  });
  // A plugin without mutations leaves an empty Mutation type, which makes its subschema invalid: every request
  // delegated to it would fail. Drop it.
  const mutation = mapped.getMutationType();
  if (mutation && Object.keys(mutation.getFields()).length === 0) {
    const config = mapped.toConfig();
    return new GraphQLSchema({ ...config, mutation: null, types: config.types.filter((type) => type !== mutation) });
  }
  return mapped;
}
