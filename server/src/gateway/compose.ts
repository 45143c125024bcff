import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import type { GraphQLSchema } from 'graphql';
import { pluginError, FathomError } from '../errors.ts';
import type { RequestContext } from '../context.ts';
import type { PluginGraphQL, PluginGraphQLApi } from '../plugins/graphql-api.ts';
import type { FormExtension } from '../plugins/definition.ts';
import type { Contribution, PluginRegistry, RegisteredPlugin } from '../plugins/registry.ts';
import type { FormFieldSpec, ModelExtensions } from '../schema/model-spec.ts';
import { forPlugin } from '../system.ts';
import { createBuilder, type FathomBuilder } from '../schema/builder.ts';
import { buildCoreSchema, CORE_ENTITY_TYPES } from './core-schema.ts';
import { addModelCatalog, catalogOf, type PluginCatalogEntry } from '../schema/model-catalog.ts';
import { markingPlainRelations } from '../schema/readable.ts';
import { checkConflicts, type PluginSubschema } from './conflicts.ts';
import { inProcessSchema } from './in-process.ts';
import { stitchParts, CORE_OWNER } from './stitched.ts';
import { addMergeEntryPoints } from '../schema/merge-entry-points.ts';
import { namingPluginErrors, wrap } from './plugin-errors.ts';

export interface ComposedSchema {
  /** Models with the standard API, core and plugin, for the web UI's generic views. */
  catalog: PluginCatalogEntry[];
  /** The served schema: the core and every plugin subschema, executed in one pass (gateway/in-process.ts). */
  schema: GraphQLSchema;
  /**
   * The same composition through schema stitching, with type merging by id: the reference the served schema is
   * checked against, and the shape a plugin served from another process would take.
   */
  stitched: GraphQLSchema;
  /** The core subschema alone. */
  core: GraphQLSchema;
  plugins: PluginSubschema[];
}


/** Build one plugin's subschema with its own builder; any error it raises names the plugin. */
export function buildPluginSchema({ plugin, value: contribute }: Contribution<PluginGraphQL>, dmmf: PothosPrismaDatamodel, extensions?: ModelExtensions, extend?: (builder: FathomBuilder) => void): PluginSubschema {
  const builder = createBuilder({ dmmf, ...(extensions ? { extensions } : {}) });
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
    log: plugin.log,
    extendType: (name, fields) =>
      builder.prismaObject(name, {
        fields: (t: { exposeID: (name: never) => unknown }) => ({ id: t.exposeID('id' as never), ...(fields ? fields(markingPlainRelations(t) as never) : {}) }),
      } as never) as never,
  };
  try {
    contribute(builder, api);
    // A plugin model that takes tags shows them; the core's Tag type fills them in through type merging.
    if (catalogOf(builder).some((e) => e.features.includes('tags')) && !entityTypes.has('Tag')) api.extendType('Tag');
    extend?.(builder);
    addMergeEntryPoints(builder, plugin.prefix, entityTypes);
    const schema = namingPluginErrors(builder.toSchema({ sortSchema: true }), plugin.name);
    return { plugin: plugin.name, prefix: plugin.prefix, dependencies: plugin.dependencies, schema, entityTypes, catalog: catalogOf(builder) };
  } catch (cause) {
    if (cause instanceof FathomError) throw cause;
    throw pluginError('PLUGIN_GRAPHQL', plugin.name, `building its GraphQL schema failed: ${(cause as Error).message}`, cause);
  }
}

/**
 * Phase 4, compose: build the core and plugin subschemas, check them against each other, stitch them (types
 * that appear in several subschemas merged by id, in batches), and build the served schema that runs them all in
 * one pass.
 */
export function composeSchema(options: {
  dmmf: PothosPrismaDatamodel;
  graphql: ReadonlyArray<Contribution<PluginGraphQL>>;
  /** Filters and list columns plugins add to other models. */
  extensions?: Pick<PluginRegistry, 'filterExtensions' | 'tableExtensions' | 'formExtensions'>;
  extendCore?: (builder: FathomBuilder) => void;
  /** Run on every builder, core and plugin, once its models are declared: fields the shared features add to them. */
  extendModels?: (builder: FathomBuilder) => void;
}): ComposedSchema {
  const catalog: PluginCatalogEntry[] = [];
  const extensions = options.extensions ? modelExtensions(options.extensions) : undefined;
  const core = buildCoreSchema(options.dmmf, extensions, (builder) => {
    addMergeEntryPoints(builder, CORE_OWNER, CORE_ENTITY_TYPES);
    addModelCatalog(builder, () => catalog);
    options.extendCore?.(builder);
    options.extendModels?.(builder);
    catalog.push(...catalogOf(builder).map((entry) => ({ ...entry, plugin: null })));
  });
  const pluginSchemas = options.graphql.map((contribution) => buildPluginSchema(contribution, options.dmmf, extensions, options.extendModels));
  const owners = new Map(options.graphql.map((c) => [c.plugin.prefix, c.plugin]));
  checkConflicts(core, pluginSchemas);
  for (const p of pluginSchemas) catalog.push(...p.catalog.map((entry) => ({ ...entry, plugin: p.plugin })));

  const parts: Array<{ owner: string; schema: GraphQLSchema; plugin?: RegisteredPlugin | undefined }> = [
    { owner: CORE_OWNER, schema: core },
    ...pluginSchemas.map((p) => ({ owner: p.prefix, schema: p.schema, plugin: owners.get(p.prefix) })),
  ];
  const schema = inProcessSchema(parts);
  if (options.extensions) checkTableExtensions(schema, options.extensions.tableExtensions);
  // Stitched when first asked for (by the tests and the bench), not at every start: the served schema does not need it.
  let stitched: GraphQLSchema | undefined;
  return {
    schema,
    get stitched() {
      return (stitched ??= stitchParts(parts));
    },
    core,
    plugins: pluginSchemas,
    catalog,
  };
}

/** Plugin filters run with their plugin's context; what the model-API machinery needs of the registry. */
function modelExtensions(registry: Pick<PluginRegistry, 'filterExtensions' | 'tableExtensions' | 'formExtensions'>): ModelExtensions {
  const filters = new Map(
    [...registry.filterExtensions].map(([model, list]) => [
      model,
      list.map(({ plugin, value: { name, filter } }) => ({
        plugin: plugin.name,
        name,
        filter: { ...filter, where: (value: never, ctx: RequestContext) => filter.where(value, forPlugin(ctx, plugin)) },
      })),
    ]),
  );
  const listFields = new Map([...registry.tableExtensions].map(([model, list]) => [model, list.map((c) => ({ plugin: c.plugin.name, field: c.value }))]));
  const formFields = new Map([...registry.formExtensions].map(([model, list]) => [model, list.map(({ plugin, value: { name, field } }) => ({ name, field: formField(plugin, field) }))]));
  return { filters, listFields, formFields };
}

/** A plugin's form field as the model-API machinery runs it: each callback with the plugin's context, errors naming it. */
function formField(plugin: RegisteredPlugin, field: FormExtension): FormFieldSpec {
  const named = async <T>(run: () => Promise<T> | T): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw wrap(plugin.name, error);
    }
  };
  const { validate } = field;
  return {
    type: field.type,
    ...(field.label !== undefined && { label: field.label }),
    ...(field.description !== undefined && { description: field.description }),
    ...(field.required !== undefined && { required: field.required }),
    permissions: field.permissions ?? [],
    plugin: plugin.name,
    load: (ctx, ids) => named(() => field.load(forPlugin(ctx, plugin), ids)),
    ...(validate && { validate: (value, ctx, object) => named(() => validate(value as never, forPlugin(ctx, plugin), object as never)) }),
    save: (ctx, change) => named(() => field.save(forPlugin(ctx, plugin), change as never)),
  };
}

/** A column a plugin adds to a list must be a field of the served type. */
function checkTableExtensions(schema: GraphQLSchema, columns: PluginRegistry['tableExtensions']): void {
  for (const [model, list] of columns) {
    const type = schema.getType(model);
    const fields = type && 'getFields' in type ? type.getFields() : {};
    for (const { plugin, value: field } of list) {
      if (!(field in fields)) throw pluginError('PLUGIN_INVALID', plugin.name, `its tableExtensions name ${model}.${field}, which is not a field of the ${model} type`);
    }
  }
}
