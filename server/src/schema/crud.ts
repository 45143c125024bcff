import type { InputFieldRef, InputObjectRef } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import { requires } from '../auth/field-permissions.ts';
import { recordChange } from '../changelog/change-log.ts';
import type { RequestContext } from '../context.ts';
import { fieldErrorRef, SortDirection, type FathomBuilder, type FieldError } from './builder.ts';
import type { FathomTypes } from './builder.ts';
import { catalogEntry, catalogOf } from './model-catalog.ts';
import { constantCase, delegateFor, inputNameOf, insensitiveContains, type ModelApiSpec, type Where } from './model-spec.ts';
import { forPlugin, systemOf } from '../system.ts';



/** Longest quick search, longest text in a filter, most values in a list filter. */
export const FILTER_LIMITS = { search: 100, text: 200, values: 1000 } as const;
/** Longest text a string field accepts when its spec sets no `maxLength`. */
const MAX_TEXT_LENGTH = 65_536;

function badFilter(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Refuse oversized filter input before it reaches the database. */
function checkFilter(filter: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(filter)) {
    const limit = key === 'q' ? FILTER_LIMITS.search : FILTER_LIMITS.text;
    if (typeof value === 'string' && value.length > limit) throw badFilter(`filter.${key} is longer than ${limit} characters.`);
    if (Array.isArray(value)) {
      if (value.length > FILTER_LIMITS.values) throw badFilter(`filter.${key} has more than ${FILTER_LIMITS.values} values.`);
      if (value.some((v) => typeof v === 'string' && v.length > FILTER_LIMITS.text)) throw badFilter(`A value of filter.${key} is longer than ${FILTER_LIMITS.text} characters.`);
    }
  }
}

async function buildWhere(spec: ModelApiSpec, filter: Record<string, unknown> | null | undefined, ctx: RequestContext): Promise<Where> {
  const and: Where[] = [];
  if (!filter) return {};
  checkFilter(filter);
  for (const [key, value] of Object.entries(filter)) {
    if (value === null || value === undefined) continue;
    if (key === 'q') {
      // Each word must appear in one of the search fields (a related object's, for a dotted path such as
      // `device.name`): "nyc1-cr01 xe-0/1" finds that device's interface.
      const terms = String(value).trim().split(/\s+/).filter(Boolean).slice(0, 5);
      for (const term of terms) and.push({ OR: spec.search.map((path) => nestedWhere(path, insensitiveContains(ctx, term))) });
      continue;
    }
    if (key === 'id') {
      and.push({ id: { in: value as string[] } });
      continue;
    }
    const f = spec.filters?.[key];
    if (f) and.push(await f.where(value as never, ctx));
  }
  return and.length === 0 ? {} : { AND: and };
}

/** `device.name` and a condition → `{ device: { name: condition } }`. */
function nestedWhere(path: string, condition: Where): Where {
  return path.split('.').reduceRight<Where>((inner, part) => ({ [part]: inner }), condition);
}

function orderByOf(spec: ModelApiSpec, orderBy: ReadonlyArray<{ field: string; direction?: string | null }> | null | undefined): Array<Record<string, 'asc' | 'desc'>> {
  const order: Array<Record<string, 'asc' | 'desc'>> = [];
  for (const item of orderBy ?? []) {
    const field = spec.orderFields.find((f) => constantCase(f) === item.field);
    if (field) order.push({ [field]: item.direction === 'DESC' ? 'desc' : 'asc' });
  }
  if (order.length === 0) order.push(...(spec.defaultOrder ?? []));
  order.push({ id: 'asc' });
  return order;
}

/** Check input values against the spec; returns Prisma data (unchecked form) and field errors. */
async function readInput(
  spec: ModelApiSpec,
  input: Record<string, unknown>,
  ctx: RequestContext,
  mode: 'create' | 'update',
): Promise<{ data: Record<string, unknown>; errors: FieldError[]; refs: DeferredRef[] }> {
  const data: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const refs: DeferredRef[] = [];
  for (const [name, field] of Object.entries(spec.fields)) {
    const inputName = inputNameOf(name, field);
    const provided = Object.prototype.hasOwnProperty.call(input, inputName) && input[inputName] !== undefined;
    const value = input[inputName];
    const required = 'required' in field && field.required === true;
    if (!provided) {
      if (mode === 'create' && required) errors.push({ field: inputName, code: 'REQUIRED', message: 'This field is required.' });
      continue;
    }
    if (value === null) {
      const nullable = field.kind === 'tags' || field.kind === 'contentTypes' || ('nullable' in field && field.nullable === true) || (field.kind === 'ref' && !required);
      if (!nullable) {
        errors.push({ field: inputName, code: 'REQUIRED', message: 'This field may not be null.' });
        continue;
      }
      if (field.kind === 'tags' || field.kind === 'contentTypes') data[name] = { set: [] };
      else data[field.kind === 'ref' ? field.column : name] = null;
      continue;
    }
    switch (field.kind) {
      case 'string': {
        const text = String(value).trim();
        if (required && text === '') errors.push({ field: inputName, code: 'REQUIRED', message: 'This field may not be blank.' });
        else if (text.length > (field.maxLength ?? MAX_TEXT_LENGTH))
          errors.push({ field: inputName, code: 'MAX_LENGTH', message: `Ensure this value has at most ${field.maxLength ?? MAX_TEXT_LENGTH} characters (it has ${text.length}).` });
        else if (field.choices && !field.choices.includes(text))
          errors.push({ field: inputName, code: 'INVALID_CHOICE', message: `"${text}" is not a valid choice; expected one of ${field.choices.join(', ')}.` });
        else if (field.pattern && text !== '' && !field.pattern.test(text))
          errors.push({ field: inputName, code: 'INVALID', message: field.patternMessage ?? 'Enter a valid value.' });
        else data[name] = text;
        break;
      }
      case 'int': {
        const n = value as number;
        if (field.min !== undefined && n < field.min) errors.push({ field: inputName, code: 'MIN_VALUE', message: `Ensure this value is at least ${field.min}.` });
        else if (field.max !== undefined && n > field.max) errors.push({ field: inputName, code: 'MAX_VALUE', message: `Ensure this value is at most ${field.max}.` });
        else data[name] = n;
        break;
      }
      case 'boolean':
        data[name] = value;
        break;
      case 'ref': {
        const id = String(value);
        // A caller who may view every row of the referenced model learns nothing from the foreign key: the
        // database checks existence as it writes. Otherwise the reference must be one the caller can see.
        if (ctx.auth.permissions.scope(field.model, 'view').kind === 'all') {
          data[field.column] = id;
          refs.push({ field: inputName, model: field.model, id });
          break;
        }
        const found = await delegateFor(ctx, field.model).findUnique({ where: { id }, select: { id: true } });
        if (!found) errors.push({ field: inputName, code: 'NOT_FOUND', message: `No ${field.model} with id "${id}".` });
        else data[field.column] = id;
        break;
      }
      case 'tags': {
        const ids = [...new Set(value as string[])];
        const found = await ctx.prisma.tag.findMany({ where: { id: { in: ids } }, select: { id: true } });
        const known = new Set(found.map((t) => t.id));
        const missing = ids.filter((id) => !known.has(id));
        if (missing.length > 0) errors.push({ field: inputName, code: 'NOT_FOUND', message: `No tag with id ${missing.map((m) => `"${m}"`).join(', ')}.` });
        else data['tags'] = mode === 'create' ? { connect: ids.map((id) => ({ id })) } : { set: ids.map((id) => ({ id })) };
        break;
      }
      case 'contentTypes': {
        const labels = [...new Set(value as string[])];
        const pairs = labels.map((label) => label.split('.'));
        const found = await ctx.prisma.contentType.findMany({
          where: { OR: pairs.map(([appLabel, model]) => ({ appLabel: appLabel ?? '', model: model ?? '' })) },
          select: { id: true, appLabel: true, model: true },
        });
        const known = new Map(found.map((c) => [`${c.appLabel}.${c.model}`, c.id]));
        const missing = labels.filter((l) => !known.has(l));
        if (missing.length > 0) errors.push({ field: inputName, code: 'NOT_FOUND', message: `Unknown content type ${missing.map((m) => `"${m}"`).join(', ')}.` });
        else {
          const ids = labels.map((l) => ({ id: known.get(l) }));
          data[name] = mode === 'create' ? { connect: ids } : { set: ids };
        }
        break;
      }
    }
  }
  return { data, errors, refs };
}

/** A reference left to the database's foreign key; named in a field error if the write fails on it. */
interface DeferredRef {
  field: string;
  model: string;
  id: string;
}

/** After a foreign-key failure: which deferred references point at nothing. */
async function missingRefs(ctx: RequestContext, refs: readonly DeferredRef[]): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const ref of refs) {
    const found = await delegateFor(ctx, ref.model).findUnique({ where: { id: ref.id }, select: { id: true } });
    if (!found) errors.push({ field: ref.field, code: 'NOT_FOUND', message: `No ${ref.model} with id "${ref.id}".` });
  }
  return errors;
}

async function checkUnique(spec: ModelApiSpec, data: Record<string, unknown>, existing: Record<string, unknown> | null, ctx: RequestContext): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const columns of spec.unique ?? []) {
    const where: Where = {};
    let touched = false;
    for (const column of columns) {
      const value = column in data ? data[column] : existing?.[column];
      if (column in data) touched = true;
      if (value === null || value === undefined) {
        touched = false;
        break;
      }
      where[column] = value;
    }
    if (!touched) continue;
    if (existing) where['NOT'] = { id: existing['id'] };
    const clash = await spec.delegate(ctx).findFirst({ where, select: { id: true } });
    if (clash) {
      const inputNames = columns.map((c) => {
        const entry = Object.entries(spec.fields).find(([name, f]) => (f.kind === 'ref' ? f.column === c : name === c));
        return entry ? inputNameOf(entry[0], entry[1]) : c;
      });
      const last = inputNames[inputNames.length - 1] ?? '';
      errors.push({
        field: last,
        code: 'UNIQUE',
        message: columns.length === 1 ? `A ${spec.model} with this ${last} already exists.` : `A ${spec.model} with this ${inputNames.join(' and ')} already exists.`,
      });
    }
  }
  return errors;
}

class OutsideScope extends Error {}

/** Models whose rows other writes consult through `systemOf(ctx).definitions`: writing them invalidates it. */
const DEFINITION_MODELS = new Set(['CustomField', 'Status', 'ContentType']);

/**
 * Check custom field values (a JSON object in `customFields`) against the custom fields defined for the model's
 * content type, merge them over the stored ones, and require the required ones. Sets `data.customFieldData`.
 */
async function readCustomFields(ctx: RequestContext, model: string, raw: unknown, data: Record<string, unknown>, existing: Record<string, unknown> | null): Promise<FieldError[]> {
  const ct = ctx.auth.permissions.contentTypeOf(model) ?? '';
  const defined = await systemOf(ctx).definitions.customFields(ct);
  const stored = JSON.parse(String(existing?.['customFieldData'] ?? '{}')) as Record<string, unknown>;
  let given: Record<string, unknown> = {};
  if (raw !== undefined && raw !== null) {
    try {
      given = JSON.parse(String(raw)) as Record<string, unknown>;
    } catch {
      return [{ field: 'customFields', code: 'INVALID', message: 'Custom fields must be a JSON object.' }];
    }
    if (!given || typeof given !== 'object' || Array.isArray(given)) return [{ field: 'customFields', code: 'INVALID', message: 'Custom fields must be a JSON object.' }];
  }
  const errors: FieldError[] = [];
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(given)) {
    const field = defined.find((f) => f.name === key);
    const at = `customFields.${key}`;
    if (!field) errors.push({ field: at, code: 'UNKNOWN', message: `There is no custom field "${key}" for ${ct}.` });
    else if (value === null || value === '') delete merged[key];
    else if (field.type === 'integer' && !Number.isInteger(value)) errors.push({ field: at, code: 'INVALID', message: 'Enter a whole number.' });
    else if (field.type === 'boolean' && typeof value !== 'boolean') errors.push({ field: at, code: 'INVALID', message: 'Enter true or false.' });
    else if (field.type === 'select' && !field.choices.split(',').map((c) => c.trim()).includes(String(value))) errors.push({ field: at, code: 'INVALID_CHOICE', message: `Choose one of ${field.choices}.` });
    else if (field.type === 'url' && !/^https?:\/\/\S+$/.test(String(value))) errors.push({ field: at, code: 'INVALID', message: 'Enter an http(s) URL.' });
    else if ((field.type === 'text' || field.type === 'url' || field.type === 'select') && typeof value !== 'string') errors.push({ field: at, code: 'INVALID', message: 'Enter text.' });
    else merged[key] = value;
  }
  for (const field of defined) {
    if (field.required && (merged[field.name] === undefined || merged[field.name] === '')) errors.push({ field: `customFields.${field.name}`, code: 'REQUIRED', message: `${field.label || field.name} is required.` });
  }
  if (errors.length === 0 && (raw !== undefined || !existing)) data['customFieldData'] = JSON.stringify(merged);
  return errors;
}

/** Plugin validators for a model; one that throws blocks the write with an error naming its plugin. */
async function runValidators(ctx: RequestContext, model: string, data: Record<string, unknown>, existing: Record<string, unknown> | null): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const { plugin, value: validate } of systemOf(ctx).validators.get(model) ?? []) {
    try {
      errors.push(...(await validate({ data, existing, ctx: forPlugin(ctx, plugin) })));
    } catch (error) {
      ctx.log.error({ plugin: plugin.name, model, err: error }, 'plugin validator failed');
      errors.push({ field: '', code: 'VALIDATOR_FAILED', message: `Validation by plugin "${plugin}" failed; nothing was saved.` });
    }
  }
  return errors;
}

/** Translate a database constraint failure that slipped past validation (a race) into a field error. */
function constraintError(spec: ModelApiSpec, error: unknown): FieldError[] | undefined {
  if (error instanceof PrismaClientKnownRequestError) {
    if (error.code === 'P2002') return [{ field: '', code: 'UNIQUE', message: `A ${spec.model} with these values already exists.` }];
    if (error.code === 'P2003' || error.code === 'P2014')
      return [{ field: '', code: 'PROTECTED', message: `This ${spec.model} is still referenced by other objects and cannot be changed this way.` }];
    if (error.code === 'P2025') return [{ field: 'id', code: 'NOT_FOUND', message: `${spec.model} not found.` }];
  }
  return undefined;
}

/**
 * Add the standard API of one model: `<singular>(id)`, the `<plural>` connection with filter, quick search and
 * ordering, and create/update/delete mutations whose input problems
 * come back as field errors with nothing written.
 */
export function addModelApi(builder: FathomBuilder, spec: ModelApiSpec): void {
  const Model = spec.model;
  catalogOf(builder).push(catalogEntry(spec));
  if (spec.customFields) {
    // Every model that opts in has the column; Device stands in for them in the types.
    builder.prismaObjectField(Model as 'Device', 'customFields', (t) =>
      t.string({ description: 'Custom field values, as a JSON object keyed by custom field name.', resolve: (parent) => parent.customFieldData }),
    );
  }
  const filterRef = builder.inputType(`${Model}Filter`, {
    fields: (t) => {
      const fields: Record<string, InputFieldRef<FathomTypes, unknown>> = {
        q: t.string({ description: `Quick search over ${spec.search.join(', ')}.` }),
        id: t.idList({ description: 'Only these ids.' }),
      };
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
    return fields;
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
          resolve: (p: Payload) => p.record as never,
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

  builder.queryFields((t) => ({
    [spec.singular]: t.prismaField({
      type: Model as never,
      nullable: true,
      extensions: requires(Model, 'view'),
      args: { id: t.arg.id({ required: true }) },
      resolve: (query: object, _root: unknown, args: { id: string }, ctx: RequestContext) =>
        spec.delegate(ctx).findUnique({ ...query, where: { id: String(args.id) } }) as never,
    }),
    [spec.plural]: t.prismaConnection(
      {
        type: Model as never,
        cursor: 'id' as never,
        extensions: requires(Model, 'view'),
        args: {
          filter: t.arg({ type: filterRef, required: false }),
          orderBy: t.arg({ type: [orderRef], required: false }),
        },
        totalCount: async (_parent: unknown, args: { filter?: Record<string, unknown> | null }, ctx: RequestContext) =>
          spec.delegate(ctx).count({ where: await buildWhere(spec, args.filter, ctx) }),
        resolve: async (query: object, _root: unknown, args: { filter?: Record<string, unknown> | null; orderBy?: Array<{ field: string; direction?: string | null }> | null }, ctx: RequestContext) =>
          spec.delegate(ctx).findMany({
            ...query,
            where: await buildWhere(spec, args.filter, ctx),
            orderBy: orderByOf(spec, args.orderBy),
          }) as never,
      } as never,
    ),
  }));

  /**
   * One write: checks that need the database (custom field definitions, a status's content types, references the
   * caller cannot see in full, plugin validators) first, then one transaction holding the write, the constrained
   * permission's check of the row as written, and its change record. Uniqueness and references the caller may see
   * in full are left to the database's constraints and named in field errors when they fail.
   */
  const write = async (ctx: RequestContext, input: Record<string, unknown>, existing: Record<string, unknown> | null): Promise<Payload> => {
    const { data, errors, refs } = await readInput(spec, input, ctx, existing ? 'update' : 'create');
    if (spec.customFields) errors.push(...(await readCustomFields(ctx, Model, input['customFields'], data, existing)));
    if (errors.length === 0 && spec.prepare) errors.push(...(await spec.prepare(data, ctx, existing)));
    if (errors.length === 0) errors.push(...(await runValidators(ctx, Model, data, existing)));
    // Input that is refused anyway gets every problem reported at once, unchecked references included.
    if (errors.length > 0) return { record: null, errors: [...errors, ...(await missingRefs(ctx, refs))] };
    const action = existing ? 'change' : 'add';
    const scope = ctx.auth.permissions.where(Model, action);
    try {
      const record = await ctx.prisma.$transaction(async (tx) => {
        const txCtx: RequestContext = { ...ctx, prisma: tx as RequestContext['prisma'] };
        const row = existing ? await spec.delegate(txCtx).update({ where: { id: existing['id'] }, data }) : await spec.delegate(txCtx).create({ data });
        // A constrained permission must still hold for the object as written; otherwise nothing is kept.
        if (scope && (await spec.delegate(txCtx).count({ where: { AND: [{ id: row['id'] }, scope] } })) === 0) throw new OutsideScope();
        await recordChange(txCtx, spec.model, spec.display ?? 'name', existing ? 'update' : 'create', row);
        return row;
      });
      if (DEFINITION_MODELS.has(Model)) await systemOf(ctx).definitions.changed();
      return { record, errors: [] };
    } catch (error) {
      if (error instanceof OutsideScope) {
        return { record: null, errors: [{ field: '', code: 'FORBIDDEN', message: `You may not ${action} a ${Model} with these values: it would fall outside the objects your permissions cover.` }] };
      }
      if (error instanceof PrismaClientKnownRequestError && error.code === 'P2002') {
        const named = await checkUnique(spec, data, existing, ctx);
        if (named.length > 0) return { record: null, errors: named };
      }
      if (error instanceof PrismaClientKnownRequestError && error.code === 'P2003') {
        const named = await missingRefs(ctx, refs);
        if (named.length > 0) return { record: null, errors: named };
      }
      const mapped = constraintError(spec, error);
      if (mapped) return { record: null, errors: mapped };
      throw error;
    }
  };

  builder.mutationFields((t) => ({
    [`create${Model}`]: t.field({
      type: createPayload,
      extensions: requires(Model, 'add'),
      args: { input: t.arg({ type: createInput, required: true }) },
      resolve: (_root, args, ctx) => write(ctx, args.input, null),
    }),
    [`update${Model}`]: t.field({
      type: updatePayload,
      extensions: requires(Model, 'change'),
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: updateInput, required: true }) },
      resolve: async (_root, args, ctx) => {
        const existing = await spec.delegate(ctx).findUnique({ where: { id: String(args.id) } });
        if (!existing) return { record: null, errors: [{ field: 'id', code: 'NOT_FOUND', message: `${Model} not found.` }] };
        return write(ctx, args.input, existing);
      },
    }),
    [`delete${Model}`]: t.field({
      type: deletePayload,
      extensions: requires(Model, 'delete'),
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const id = String(args.id);
        try {
          await ctx.prisma.$transaction(async (tx) => {
            const txCtx: RequestContext = { ...ctx, prisma: tx as RequestContext['prisma'] };
            const deleted = await spec.delegate(txCtx).delete({ where: { id } });
            await recordChange(txCtx, spec.model, spec.display ?? 'name', 'delete', deleted);
          });
          if (DEFINITION_MODELS.has(Model)) await systemOf(ctx).definitions.changed();
          return { deletedId: id, errors: [] };
        } catch (error) {
          const mapped = constraintError(spec, error);
          if (mapped) return { deletedId: null, errors: mapped };
          throw error;
        }
      },
    }),
  }));
}

