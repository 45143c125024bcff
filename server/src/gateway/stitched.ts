import { createRequire } from 'node:module';
import type { SubschemaConfig } from '@graphql-tools/delegate';
import { filterSchema, pruneSchema } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import type { RequestContext } from '../context.ts';
import type { RegisteredPlugin } from '../plugins/registry.ts';
import { mergeFieldName } from '../schema/merge-entry-points.ts';
import { forPlugin } from '../system.ts';

/** The owner name of the core's merge entry points. */
export const CORE_OWNER = 'core';

// Loaded when a stitched schema is first asked for, not at every start (about 0.4 s of module loading).
const load = createRequire(import.meta.url);

/**
 * The composition through schema stitching: types that appear in several subschemas are merged by id, in batches,
 * through each subschema's hidden `_<owner><Type>ByIds` lookups. The reference the served schema is checked
 * against, and the shape a plugin served from another process would take.
 */
export function stitchParts(parts: ReadonlyArray<{ owner: string; schema: GraphQLSchema; plugin?: RegisteredPlugin | undefined }>): GraphQLSchema {
  const { stitchSchemas } = load('@graphql-tools/stitch') as typeof import('@graphql-tools/stitch');
  const { createDefaultExecutor } = load('@graphql-tools/delegate') as typeof import('@graphql-tools/delegate');
  const seen = new Map<string, number>();
  for (const { schema } of parts) {
    for (const name of Object.keys(schema.getTypeMap())) seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  const subschemas: SubschemaConfig[] = parts.map(({ owner, schema, plugin }) => {
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
    if (!plugin) return { schema, batch: true, merge };
    // A plugin's resolvers see the request as its code should: with its own settings and logger.
    const execute = createDefaultExecutor(schema);
    const executor: SubschemaConfig['executor'] = (request) => execute({ ...request, context: request.context ? forPlugin(request.context as unknown as RequestContext, plugin) : request.context });
    return { schema, batch: true, merge, executor };
  });
  // The merge entry points are for the gateway only; clients never see them.
  return pruneSchema(filterSchema({ schema: stitchSchemas({ subschemas }), rootFieldFilter: (_op, name) => !name.startsWith('_') }));
}
