import {
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  printType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { pluginError } from '../errors.ts';
import type { CatalogEntry } from '../schema/model-catalog.ts';

/** Types every subschema builds the same way (see schema/builder.ts); identical copies are expected. */
export const SHARED_TYPES = new Set(['Query', 'Mutation', 'PageInfo', 'DateTime', 'FieldError', 'SortDirection', 'ComputedFieldValue', 'RelatedObject', 'RelatedObjects', 'RelationshipPeersInput', 'RelationshipPeersFilter', 'RenderedExport']);

export interface PluginSubschema {
  plugin: string;
  prefix: string;
  dependencies: readonly string[];
  schema: GraphQLSchema;
  /** Prisma-backed types the plugin defined, owned or extended. */
  entityTypes: ReadonlySet<string>;
  /** Models the plugin gave the standard API with `addModelApi`. */
  catalog: readonly CatalogEntry[];
}

function isHiddenRootField(name: string): boolean {
  return name.startsWith('_');
}

function userTypes(schema: GraphQLSchema): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__') && !(isScalarType(t) && isSpecifiedScalarType(t)));
}

/**
 * Check that the plugin subschemas can be stitched onto the core without changing it. A plugin may add types
 * carrying its prefix, add root fields, and add fields to a core type (or a dependency's type) through type
 * merging. It may not reuse a type name, redeclare or retype a field it does not own, or take a root field name.
 * Every problem names both sides.
 */
export function checkConflicts(core: GraphQLSchema, plugins: readonly PluginSubschema[]): void {
  const owners = new Map<string, { owner: string; type: GraphQLNamedType }>();
  for (const type of userTypes(core)) owners.set(type.name, { owner: 'core', type });
  const rootOwners = new Map<string, string>();
  for (const root of [core.getQueryType(), core.getMutationType()]) {
    for (const field of Object.keys(root?.getFields() ?? {})) rootOwners.set(`${root?.name}.${field}`, 'core');
  }
  const extensionFields = new Map<string, string>();
  const describe = (owner: string) => (owner === 'core' ? 'the core' : `plugin "${owner}"`);

  for (const plugin of plugins) {
    const fail = (message: string) => pluginError('PLUGIN_GRAPHQL', plugin.plugin, message);
    for (const type of userTypes(plugin.schema)) {
      if (type.name === 'Query' || type.name === 'Mutation') {
        for (const field of Object.keys((type as GraphQLObjectType).getFields())) {
          if (isHiddenRootField(field)) continue;
          const key = `${type.name}.${field}`;
          const owner = rootOwners.get(key);
          if (owner) throw fail(`its root field ${key} collides with ${describe(owner)}`);
          rootOwners.set(key, plugin.plugin);
        }
        continue;
      }
      const existing = owners.get(type.name);
      if (SHARED_TYPES.has(type.name)) {
        if (existing && printType(existing.type) !== printType(type)) {
          throw fail(`it redefines the shared type ${type.name}; use the one the Fathom builder provides`);
        }
        continue;
      }
      if (!existing) {
        if (!type.name.includes(plugin.prefix)) {
          throw fail(`its GraphQL type ${type.name} must carry the plugin's prefix "${plugin.prefix}" (e.g. ${plugin.prefix}${type.name})`);
        }
        owners.set(type.name, { owner: plugin.plugin, type });
        continue;
      }
      const mayExtend =
        isObjectType(type) &&
        isObjectType(existing.type) &&
        plugin.entityTypes.has(type.name) &&
        'id' in existing.type.getFields() &&
        (existing.owner === 'core' || plugin.dependencies.includes(existing.owner));
      if (!mayExtend) {
        throw fail(`its GraphQL type ${type.name} collides with the type ${type.name} of ${describe(existing.owner)}`);
      }
      const ownerFields = (existing.type as GraphQLObjectType).getFields();
      for (const [name, field] of Object.entries(type.getFields())) {
        if (name === 'id') continue;
        const original = ownerFields[name];
        if (original) {
          const before = original.type.toString();
          const after = field.type.toString();
          throw fail(
            before === after
              ? `it redeclares the field ${type.name}.${name} of ${describe(existing.owner)}; plugins may only add new fields`
              : `it changes the type of ${type.name}.${name} of ${describe(existing.owner)} from ${before} to ${after}`,
          );
        }
        const key = `${type.name}.${name}`;
        const other = extensionFields.get(key);
        if (other) throw fail(`its field ${key} collides with the field ${key} that plugin "${other}" adds`);
        extensionFields.set(key, plugin.plugin);
      }
    }
  }
}
