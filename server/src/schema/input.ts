import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import type { RequestContext } from '../context.ts';
import type { FieldError } from '../errors.ts';
import { forPlugin, systemOf } from '../system.ts';
import { delegateFor, inputNameOf, type ModelApiSpec, type Where } from './model-spec.ts';

/** Longest text a string field accepts when its spec sets no `maxLength`. */
const MAX_TEXT_LENGTH = 65_536;

/** Check input values against the spec; returns Prisma data (unchecked form) and field errors. */
export async function readInput(
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
export interface DeferredRef {
  field: string;
  model: string;
  id: string;
}

/** After a foreign-key failure: which deferred references point at nothing. */
export async function missingRefs(ctx: RequestContext, refs: readonly DeferredRef[]): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const ref of refs) {
    const found = await delegateFor(ctx, ref.model).findUnique({ where: { id: ref.id }, select: { id: true } });
    if (!found) errors.push({ field: ref.field, code: 'NOT_FOUND', message: `No ${ref.model} with id "${ref.id}".` });
  }
  return errors;
}

/** The input names of a unique column set, as field errors name them. */
function uniqueInputNames(spec: ModelApiSpec, columns: readonly string[]): string[] {
  return columns.map((c) => {
    const entry = Object.entries(spec.fields).find(([name, f]) => (f.kind === 'ref' ? f.column === c : name === c));
    return entry ? inputNameOf(entry[0], entry[1]) : c;
  });
}

/**
 * A bulk write's object that repeats a unique value of an object before it in the same list: the database refuses
 * it, and since the first is not committed, `checkUnique` cannot see the clash.
 */
export function clashWithin(spec: ModelApiSpec, items: ReadonlyArray<{ data: Record<string, unknown>; existing: Record<string, unknown> | null }>, index: number): FieldError[] {
  const valuesOf = (item: { data: Record<string, unknown>; existing: Record<string, unknown> | null } | undefined, columns: readonly string[]) =>
    columns.map((c) => (item && c in item.data ? item.data[c] : item?.existing?.[c]));
  const errors: FieldError[] = [];
  for (const columns of spec.unique ?? []) {
    const mine = valuesOf(items[index], columns);
    if (mine.some((v) => v === null || v === undefined)) continue;
    const key = JSON.stringify(mine);
    const earlier = items.slice(0, index).findIndex((other) => JSON.stringify(valuesOf(other, columns)) === key);
    if (earlier < 0) continue;
    const names = uniqueInputNames(spec, columns);
    errors.push({ field: names[names.length - 1] ?? '', code: 'UNIQUE', message: `Object ${earlier + 1} of this list has the same ${names.join(' and ')}.` });
  }
  return errors;
}

export async function checkUnique(spec: ModelApiSpec, data: Record<string, unknown>, existing: Record<string, unknown> | null, ctx: RequestContext): Promise<FieldError[]> {
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
      const inputNames = uniqueInputNames(spec, columns);
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

/** Thrown inside a write's transaction when the written row falls outside the caller's scope: rolls it back. */
export class OutsideScope extends Error {}

/** Models whose rows other writes consult through `systemOf(ctx).definitions`: writing them invalidates it. */
export const DEFINITION_MODELS = new Set(['CustomField', 'Status', 'ContentType', 'Webhook', 'JobHook', 'Relationship', 'ComputedField']);

/** Plugin validators for a model; one that throws blocks the write with an error naming its plugin. */
export async function runValidators(ctx: RequestContext, model: string, data: Record<string, unknown>, existing: Record<string, unknown> | null): Promise<FieldError[]> {
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
export function constraintError(spec: ModelApiSpec, error: unknown): FieldError[] | undefined {
  if (error instanceof PrismaClientKnownRequestError) {
    if (error.code === 'P2002') return [{ field: '', code: 'UNIQUE', message: `A ${spec.model} with these values already exists.` }];
    if (error.code === 'P2003' || error.code === 'P2014')
      return [{ field: '', code: 'PROTECTED', message: `This ${spec.model} is still referenced by other objects and cannot be changed this way.` }];
    if (error.code === 'P2025') return [{ field: 'id', code: 'NOT_FOUND', message: `${spec.model} not found.` }];
  }
  return undefined;
}

