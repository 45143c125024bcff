import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import { stitchSchemas } from '@graphql-tools/stitch';
import type { SubschemaConfig } from '@graphql-tools/delegate';
import { filterSchema, pruneSchema } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import { pluginError, FathomError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { PluginGraphQLApi } from '../sdk/define-plugin.ts';
import { createBuilder, type FathomBuilder } from '../schema/builder.ts';
import { buildCoreSchema, CORE_ENTITY_TYPES } from '../schema/core-schema.ts';
import { addMergeEntryPoints, mergeFieldName } from '../schema/merge-entry-points.ts';
import { addModelCatalog, catalogOf, type PluginCatalogEntry } from '../schema/model-catalog.ts';
import type { ValidatedPlugin } from '../plugins/validate.ts';
import { checkConflicts, type PluginSubschema } from './conflicts.ts';
import { namingPluginErrors } from './plugin-errors.ts';

export interface ComposedSchema {
  /** Models with the standard API, core and plugin, for the web UI's generic views. */
  catalog: PluginCatalogEntry[];
  /** The served schema: core stitched with every plugin subschema. */
  schema: GraphQLSchema;
  /** The core subschema alone; operations that only touch it run on it directly. */
  core: GraphQLSchema;
  plugins: PluginSubschema[];
}

const CORE_OWNER = 'core';

/** Build one plugin's subschema with its own builder; any error it raises names the plugin. */
export function buildPluginSchema(plugin: ValidatedPlugin, dmmf: PothosPrismaDatamodel, log: Logger): PluginSubschema | undefined {
  const contribute = plugin.definition.graphql;
  if (!contribute) return undefined;
  const builder = createBuilder({ dmmf });
  const entityTypes = new Set<string>();
  const prismaObject = builder.prismaObject.bind(builder);
  builder.prismaObject = ((name: string, options: object) => {
    entityTypes.add(name);
    return prismaObject(name as never, options as never);
  }) as FathomBuilder['prismaObject'];

  const api: PluginGraphQLApi = {
    plugin: plugin.name,
    prefix: plugin.prefix,
    settings: plugin.settings,
    log,
    extendType: (name, fields) =>
      builder.prismaObject(name, {
        fields: (t: { exposeID: (name: never) => unknown }) => ({ id: t.exposeID('id' as never), ...(fields ? fields(t as never) : {}) }),
      } as never) as never,
  };
  try {
    contribute(builder, api);
    addMergeEntryPoints(builder, plugin.prefix, entityTypes);
    const schema = namingPluginErrors(builder.toSchema({ sortSchema: true }), plugin.name);
    return { plugin: plugin.name, prefix: plugin.prefix, dependencies: plugin.dependencies, schema, entityTypes, catalog: catalogOf(builder) };
  } catch (cause) {
    if (cause instanceof FathomError) throw cause;
    throw pluginError('PLUGIN_GRAPHQL', plugin.name, `building its GraphQL schema failed: ${(cause as Error).message}`, cause);
  }
}

/**
 * Phase 4, compose: build the core and plugin subschemas, check them against each other, and stitch them into
 * the one served schema. Types that appear in several subschemas are merged by id, in batches.
 */
export function composeSchema(options: {
  dmmf: PothosPrismaDatamodel;
  plugins: readonly ValidatedPlugin[];
  log: Logger;
  extendCore?: (builder: FathomBuilder) => void;
}): ComposedSchema {
  const catalog: PluginCatalogEntry[] = [];
  const core = buildCoreSchema(options.dmmf, (builder) => {
    addMergeEntryPoints(builder, CORE_OWNER, CORE_ENTITY_TYPES);
    addModelCatalog(builder, () => catalog);
    options.extendCore?.(builder);
    catalog.push(...catalogOf(builder).map((entry) => ({ ...entry, plugin: null })));
  });
  const pluginSchemas: PluginSubschema[] = [];
  for (const plugin of options.plugins) {
    const built = buildPluginSchema(plugin, options.dmmf, options.log.child({ plugin: plugin.name }));
    if (built) pluginSchemas.push(built);
  }
  checkConflicts(core, pluginSchemas);
  for (const p of pluginSchemas) catalog.push(...p.catalog.map((entry) => ({ ...entry, plugin: p.plugin })));

  const parts: Array<{ owner: string; schema: GraphQLSchema }> = [
    { owner: CORE_OWNER, schema: core },
    ...pluginSchemas.map((p) => ({ owner: p.prefix, schema: p.schema })),
  ];
  const seen = new Map<string, number>();
  for (const { schema } of parts) {
    for (const name of Object.keys(schema.getTypeMap())) seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  const subschemas: SubschemaConfig[] = parts.map(({ owner, schema }) => {
    const merge: NonNullable<SubschemaConfig['merge']> = {};
    const queryFields = schema.getQueryType()?.getFields() ?? {};
    for (const [typeName, count] of seen) {
      const fieldName = mergeFieldName(owner, typeName);
      if (count > 1 && fieldName in queryFields) {
        merge[typeName] = {
          selectionSet: '{ id }',
          fieldName,
          key: (obj: { id: string }) => obj.id,
          argsFromKeys: (ids: readonly string[]) => ({ ids }),
        };
      }
    }
    return { schema, batch: true, merge };
  });

  const stitched = stitchSchemas({ subschemas });
  // The merge entry points are for the gateway only; clients never see them.
  const schema = pruneSchema(filterSchema({ schema: stitched, rootFieldFilter: (_op, name) => !name.startsWith('_') }));
  return { schema, core, plugins: pluginSchemas, catalog };
}
