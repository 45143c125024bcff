import {
  GraphQLObjectType,
  GraphQLSchema,
  isIntrospectionType,
  isObjectType,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
  type GraphQLNamedType,
} from 'graphql';
import { rewireTypes } from '@graphql-tools/utils';
import type { RequestContext } from '../context.ts';
import type { RegisteredPlugin } from '../plugins/registry.ts';
import { forPlugin } from '../system.ts';

/** One subschema as the in-process schema takes it: the core (no plugin) or a plugin's. */
export interface InProcessPart {
  schema: GraphQLSchema;
  plugin?: Pick<RegisteredPlugin, 'name' | 'settings' | 'log'> | undefined;
}

type FieldConfig = GraphQLFieldConfig<unknown, RequestContext>;

/**
 * The served schema, executed in one pass: every field keeps the resolver of the subschema that defines it, so a
 * plugin's field on a core type (`Device.exampleBgpSessions`) resolves on the core's row, and the Prisma planner,
 * which reads the selection against this schema, loads it with the row's own query. Nothing is delegated, and no
 * object is fetched twice.
 *
 * The stitched composition stays the reference (its checks and conflict reports run first, and the tests compare
 * the two); this schema has the same SDL. The core's definitions come first and win where a type is shared (a
 * plugin's `extendType('Device')` repeats `id`). A plugin's resolvers receive the request as its code should:
 * with its own settings and logger.
 */
export function inProcessSchema(parts: readonly InProcessPart[]): GraphQLSchema {
  const types: Record<string, GraphQLNamedType> = {};
  const fieldsOf = new Map<string, GraphQLFieldConfigMap<unknown, RequestContext>>();
  for (const { schema, plugin } of parts) {
    for (const [name, type] of Object.entries(schema.getTypeMap())) {
      if (isIntrospectionType(type)) continue;
      types[name] ??= type;
      if (!isObjectType(type)) continue;
      let fields = fieldsOf.get(name);
      if (!fields) fieldsOf.set(name, (fields = {}));
      const root = type === schema.getQueryType() || type === schema.getMutationType();
      for (const [fieldName, config] of Object.entries(type.toConfig().fields)) {
        // The merge entry points serve the stitched composition only; clients never see them.
        if (fieldName in fields || (root && fieldName.startsWith('_'))) continue;
        fields[fieldName] = plugin ? asPlugin(config as FieldConfig, plugin) : (config as FieldConfig);
      }
    }
  }
  for (const [name, fields] of fieldsOf) {
    types[name] = new GraphQLObjectType({ ...(types[name] as GraphQLObjectType).toConfig(), fields });
  }
  const { typeMap, directives } = rewireTypes(types, parts[0]?.schema.getDirectives() ?? []);
  const root = (name: string) => typeMap[name] as GraphQLObjectType | undefined;
  return new GraphQLSchema({
    query: root('Query') ?? null,
    mutation: root('Mutation') ?? null,
    subscription: root('Subscription') ?? null,
    types: Object.values(typeMap),
    directives,
  });
}

/** Run a plugin's field with the plugin's view of the request. */
function asPlugin(config: FieldConfig, plugin: NonNullable<InProcessPart['plugin']>): FieldConfig {
  const { resolve, subscribe } = config;
  return {
    ...config,
    ...(resolve && { resolve: (parent, args, ctx, info) => resolve(parent, args, forPlugin(ctx, plugin), info) }),
    ...(subscribe && { subscribe: (parent, args, ctx, info) => subscribe(parent, args, forPlugin(ctx, plugin), info) }),
  };
}
