import type { GraphQLResolveInfo } from 'graphql';
import type { InputFieldRef, InputObjectRef } from '@pothos/core';
import { requires } from '../auth/field-permissions.ts';
import type { RequestContext } from '../context.ts';
import { datamodelOf, extensionsOf, fieldErrorRef, SortDirection, type FathomBuilder, type FieldError } from './builder.ts';
import type { FathomTypes } from './builder.ts';
import { catalogEntry, catalogOf } from './model-catalog.ts';
import { featureProblems } from './features.ts';
import { relationshipInputs } from './feature-inputs.ts';
import { addModelType } from './model-type.ts';
import { writtenObject } from './written.ts';
import { completeSpec, constantCase, withExtensions, type ModelApiDeclaration } from './model-spec.ts';
import { systemOf } from '../system.ts';
import { buildWhere, orderByOf } from './filters.ts';
import { addFormFieldsToType, formInputFields } from './form-fields.ts';
import { bulkItems, bulkPayloads } from './bulk-types.ts';
import { MAX_BULK_ITEMS, modelWriter } from './crud-write.ts';
import { listFieldsOf, type ListConnection, type ListContext } from './list-fields.ts';
import { readable } from './readable.ts';
import { maintainedCountSql } from '../db/row-counts.ts';

/**
 * Add the standard API of one model: `<singular>(id)`, the `<plural>` connection with filter, quick search and
 * ordering, and create/update/delete mutations whose input problems
 * come back as field errors with nothing written.
 */
export function addModelApi(builder: FathomBuilder, declared: ModelApiDeclaration): void {
  const spec = withExtensions(completeSpec(declared), extensionsOf(builder));
  const Model = spec.model;
  const prismaFields = (datamodelOf(builder).datamodel.models as Record<string, { fields: ReadonlyArray<{ name: string; kind: string; type: string; isList: boolean }> } | undefined>)[Model]?.fields ?? [];
  const problems = featureProblems(Model, new Set(spec.features), prismaFields);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const logged = spec.features.includes('changeLog');
  const related = spec.features.includes('relationships') ? relationshipInputs(builder) : null;
  const contentTypeOf = (ctx: RequestContext) => systemOf(ctx).models.byModel(Model)?.contentType ?? Model;
  if (spec.type) addModelType(builder, Model, spec.type);
  addFormFieldsToType(builder, spec);
  catalogOf(builder).push(catalogEntry(spec));
  if (spec.customFields) {
    // Every model that opts in has the column; Device stands in for them in the types.
    builder.prismaObjectField(Model as 'Device', 'customFields', (t) =>
      t.string({ description: 'Custom field values, as a JSON object keyed by custom field name.', select: { customFieldData: true }, extensions: readable({ column: 'customFieldData' }), resolve: (parent) => parent.customFieldData }),
    );
  }
  const filterRef = builder.inputType(`${Model}Filter`, {
    fields: (t) => {
      const fields: Record<string, InputFieldRef<FathomTypes, unknown>> = {
        q: t.string({ description: `Quick search over ${spec.search.join(', ')}.` }),
        id: t.idList({ description: 'Only these ids.' }),
      };
      if (related) fields['relationships'] = t.field({ type: [related.filter], description: 'Objects linked through relationships: every entry must hold.' });
      for (const [name, f] of Object.entries(spec.filters ?? {})) {
        const opts = { description: f.description };
        fields[name] =
          f.type === 'String' ? t.string(opts)
          : f.type === 'Int' ? t.int(opts)
          : f.type === 'Boolean' ? t.boolean(opts)
          : f.type === 'ID' ? t.id(opts)
          : f.type === '[ID!]' ? t.idList(opts)
          : t.stringList(opts);
      }
      return fields;
    },
  });
  const orderFieldEnum = builder.enumType(`${Model}OrderField`, {
    values: Object.fromEntries(spec.orderFields.map((f) => [constantCase(f), { value: constantCase(f) }])),
  });
  const orderRef = builder.inputType(`${Model}Order`, {
    fields: (t) => ({
      field: t.field({ type: orderFieldEnum, required: true }),
      direction: t.field({ type: SortDirection as never, required: false, defaultValue: 'ASC' as never }),
    }),
  });

  const inputFields = (required: boolean) => (t: PothosSchemaTypes.InputFieldBuilder<FathomTypes, 'InputObject'>) => {
    const fields: Record<string, InputFieldRef<FathomTypes, unknown>> = {};
    for (const [name, f] of Object.entries(spec.fields)) {
      const req = required && 'required' in f && f.required === true;
      const opts = { required: req, description: f.description };
      if (f.kind === 'string') fields[name] = t.string(opts);
      else if (f.kind === 'int') fields[name] = t.int(opts);
      else if (f.kind === 'boolean') fields[name] = t.boolean(opts);
      else if (f.kind === 'ref') fields[`${name}Id`] = t.id(opts);
      else if (f.kind === 'tags') fields['tagIds'] = t.idList({ required: false, description: f.description ?? 'Tags to apply (replaces the current set on update).' });
      else fields[name] = t.stringList({ required: false, description: f.description ?? 'Content type labels such as dcim.device.' });
    }
    if (spec.customFields) fields['customFields'] = t.string({ description: 'Custom field values as a JSON object; on update, merged over the stored ones (null removes one).' });
    if (related) fields['relationships'] = t.field({ type: [related.peers], required: false, description: 'Peers per relationship; each entry replaces that relationship’s peers on this side.' });
    return { ...fields, ...formInputFields(t, spec) };
  };
  const createInput: InputObjectRef<FathomTypes, Record<string, unknown>> = builder.inputType(`Create${Model}Input`, { fields: inputFields(true) });
  const updateInput: InputObjectRef<FathomTypes, Record<string, unknown>> = builder.inputType(`Update${Model}Input`, { fields: inputFields(false) });

  interface Payload {
    record: Record<string, unknown> | null;
    errors: FieldError[];
  }
  const payloadFields = (name: string) =>
    builder.objectRef<Payload>(name).implement({
      fields: (t) => ({
        [spec.singular]: t.field({
          type: Model as never,
          nullable: true,
          resolve: (p: Payload, _args: unknown, ctx: RequestContext, info: GraphQLResolveInfo) => writtenObject(Model, p.record, ctx, info) as never,
        }),
        errors: t.field({ type: [fieldErrorRef(builder)], resolve: (p: Payload) => p.errors }),
      }),
    });
  const createPayload = payloadFields(`Create${Model}Payload`);
  const updatePayload = payloadFields(`Update${Model}Payload`);
  const deletePayload = builder.objectRef<{ deletedId: string | null; errors: FieldError[] }>(`Delete${Model}Payload`).implement({
    fields: (t) => ({
      deletedId: t.exposeID('deletedId', { nullable: true }),
      errors: t.field({ type: [fieldErrorRef(builder)], resolve: (p) => p.errors }),
    }),
  });

  const list: ListContext = {
    model: Model,
    features: spec.features,
    query: async (ctx, args) => {
      const { filter, orderBy } = (args ?? {}) as ListArgs;
      return { where: await buildWhere(spec, filter, ctx), orderBy: orderByOf(spec, orderBy) };
    },
  };

  builder.queryFields((t) => ({
    [spec.singular]: t.prismaField({
      type: Model as never,
      nullable: true,
      extensions: { ...requires(Model, 'view'), ...(declared.delegate ? {} : readable({ one: Model })) },
      args: { id: t.arg.id({ required: true }) },
      resolve: (query: object, _root: unknown, args: { id: string }, ctx: RequestContext) =>
        spec.delegate(ctx).findUnique({ ...query, where: { id: String(args.id) } }) as never,
    }),
    [spec.plural]: t.prismaConnection(
      {
        type: Model as never,
        cursor: 'id' as never,
        // A model read through its own Prisma delegate may be answered in one statement (readable.ts); one with a
        // delegate of its own may not.
        extensions: {
          ...requires(Model, 'view'),
          ...(declared.delegate ? {} : readable({ list: { model: Model, where: (filter, ctx) => buildWhere(spec, filter, ctx), orderBy: (orderBy) => orderByOf(spec, orderBy) } })),
        },
        args: {
          filter: t.arg({ type: filterRef, required: false }),
          orderBy: t.arg({ type: [orderRef], required: false }),
        },
        totalCount: async (_parent: unknown, args: { filter?: Record<string, unknown> | null }, ctx: RequestContext) => {
          const where = await buildWhere(spec, args.filter, ctx);
          const kept = declared.delegate || Object.keys(where).length > 0 ? null : await keptRowCount(ctx, spec.model);
          return kept ?? spec.delegate(ctx).count({ where });
        },
        resolve: async (query: object, _root: unknown, args: ListArgs, ctx: RequestContext) =>
          spec.delegate(ctx).findMany({
            ...query,
            where: await buildWhere(spec, args.filter, ctx),
            orderBy: orderByOf(spec, args.orderBy),
          }) as never,
      } as never,
      {
        // Fields shared features add to every list (they register when the schema is built).
        fields: (t: PothosSchemaTypes.ObjectFieldBuilder<FathomTypes, ListConnection>) => Object.assign({}, ...listFieldsOf(builder).map((add) => add(t, list))),
      } as never,
    ),
  }));

  const writer = modelWriter(spec, { logged, relationships: related !== null, direct: !declared.delegate, contentTypeOf });
  const bulk = bulkPayloads(builder, Model, spec.singular);
  const bulkUpdateItem = bulk.updateItem(updateInput);

  builder.mutationFields((t) => ({
    [`create${Model}`]: t.field({
      type: createPayload,
      extensions: requires(Model, 'add'),
      args: { input: t.arg({ type: createInput, required: true }) },
      resolve: (_root, args, ctx) => writer.write(ctx, args.input, null),
    }),
    [`update${Model}`]: t.field({
      type: updatePayload,
      extensions: requires(Model, 'change'),
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: updateInput, required: true }) },
      resolve: async (_root, args, ctx) => {
        const existing = await spec.delegate(ctx).findUnique({ where: { id: String(args.id) } });
        if (!existing) return { record: null, errors: [{ field: 'id', code: 'NOT_FOUND', message: `${Model} not found.` }] };
        return writer.write(ctx, args.input, existing);
      },
    }),
    [`delete${Model}`]: t.field({
      type: deletePayload,
      extensions: requires(Model, 'delete'),
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) => writer.remove(ctx, String(args.id)),
    }),
    [`bulkCreate${Model}`]: t.field({
      type: bulk.write,
      extensions: requires(Model, 'add'),
      description: `Create up to ${MAX_BULK_ITEMS} objects in one transaction: all are written, or none (each refused one with its field errors). \`dryRun\` checks and writes, then rolls back.`,
      args: { inputs: t.arg({ type: [createInput], required: true }), dryRun: t.arg.boolean({ required: false, defaultValue: false }) },
      resolve: (_root, args, ctx) => writer.writeMany(ctx, bulkItems(args.inputs).map((input) => ({ input, existing: null })), args.dryRun === true),
    }),
    [`bulkUpdate${Model}`]: t.field({
      type: bulk.write,
      extensions: requires(Model, 'change'),
      description: `Update up to ${MAX_BULK_ITEMS} objects in one transaction, each with its own input (bulk edit gives them the same one): all or none.`,
      args: { items: t.arg({ type: [bulkUpdateItem], required: true }), dryRun: t.arg.boolean({ required: false, defaultValue: false }) },
      resolve: async (_root, args, ctx) => {
        const items = bulkItems(args.items as Array<{ id: string; input: Record<string, unknown> }>);
        const rows = await spec.delegate(ctx).findMany({ where: { id: { in: items.map((i) => String(i.id)) } } });
        const byId = new Map(rows.map((r) => [String(r['id']), r]));
        const missing = items.findIndex((i) => !byId.has(String(i.id)));
        if (missing >= 0) return { ok: false, dryRun: args.dryRun === true, results: items.map((_, index) => ({ index, record: null, errors: index === missing ? [{ field: 'id', code: 'NOT_FOUND', message: `${Model} not found.` }] : [] })) };
        return writer.writeMany(ctx, items.map((i) => ({ input: i.input, existing: byId.get(String(i.id)) ?? null })), args.dryRun === true);
      },
    }),
    [`bulkDelete${Model}`]: t.field({
      type: bulk.remove,
      extensions: requires(Model, 'delete'),
      description: `Delete up to ${MAX_BULK_ITEMS} objects in one transaction: all or none.`,
      args: { ids: t.arg.idList({ required: true }), dryRun: t.arg.boolean({ required: false, defaultValue: false }) },
      resolve: (_root, args, ctx) => writer.removeMany(ctx, bulkItems(args.ids.map(String)), args.dryRun === true),
    }),
  }));
}

/** The arguments of a model's list, as its resolvers and its connection's fields read them. */
type ListArgs = { filter?: Record<string, unknown> | null; orderBy?: Array<{ field: string; direction?: string | null }> | null };

/**
 * Every row of `model`, from the count PostgreSQL keeps (`db/row-counts.ts`), for a caller who may view every row;
 * null where there is none to read (SQLite, a table without one, a caller who may view only some rows).
 */
async function keptRowCount(ctx: RequestContext, model: string): Promise<number | null> {
  const system = systemOf(ctx);
  if (!system.countedTables.has(model) || ctx.auth.permissions.scope(model, 'view').kind !== 'all') return null;
  const rows = await system.rootPrisma.$queryRawUnsafe<Array<{ n: number }>>(`SELECT ${maintainedCountSql(model)} AS n`);
  return Number(rows[0]?.n ?? 0);
}
