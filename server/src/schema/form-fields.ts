import DataLoader from 'dataloader';
import type { InputFieldRef } from '@pothos/core';
import type { RequestContext } from '../context.ts';
import type { FieldError } from '../errors.ts';
import type { FathomBuilder, FathomTypes } from './builder.ts';
import type { FormFieldSpec, ModelApiSpec } from './model-spec.ts';

/**
 * Fields plugins add to a model's forms (form extensions). Each is an input field of the model's create and update
 * inputs and a field of its type; the value is checked with the rest of the input and stored by the plugin inside
 * the transaction that writes the object.
 */

/** Messages a form field's `save` returned: the write is undone and they come back as field errors. */
export class FormFieldRefused extends Error {
  constructor(readonly errors: FieldError[]) {
    super('A form field refused the write.');
  }
}

const describe = (name: string, field: FormFieldSpec) => field.description ?? `${field.label ?? name} (added by plugin "${field.plugin}").`;
const may = (ctx: RequestContext, field: FormFieldSpec) => field.permissions.length === 0 || ctx.auth.permissions.hasAll(field.permissions);

/** One loader per request and field, so a list of objects reads each field's values in one call. */
const loaders = new WeakMap<RequestContext, Map<FormFieldSpec, DataLoader<string, unknown>>>();
function loaderFor(ctx: RequestContext, field: FormFieldSpec): DataLoader<string, unknown> {
  let perRequest = loaders.get(ctx);
  if (!perRequest) loaders.set(ctx, (perRequest = new Map()));
  let loader = perRequest.get(field);
  if (!loader) {
    loader = new DataLoader<string, unknown>(async (ids) => {
      const values = await field.load(ctx, ids);
      return ids.map((id) => (Object.prototype.hasOwnProperty.call(values, id) ? (values[id] ?? null) : null));
    });
    perRequest.set(field, loader);
  }
  return loader;
}

/** The fields on the model's type: the current value, or null for a user who may not see it. */
export function addFormFieldsToType(builder: FathomBuilder, spec: ModelApiSpec): void {
  for (const [name, field] of Object.entries(spec.formFields ?? {})) {
    builder.prismaObjectField(spec.model as 'Device', name, (t) =>
      t.field({
        type: field.type,
        nullable: true,
        description: describe(name, field),
        resolve: (parent, _args, ctx) => (may(ctx, field) ? (loaderFor(ctx, field).load(parent.id) as never) : null),
      }),
    );
  }
}

/** The input fields; always optional in GraphQL, since a user without the field's permissions cannot give it. */
export function formInputFields(t: PothosSchemaTypes.InputFieldBuilder<FathomTypes, 'InputObject'>, spec: ModelApiSpec): Record<string, InputFieldRef<FathomTypes, unknown>> {
  const fields: Record<string, InputFieldRef<FathomTypes, unknown>> = {};
  for (const [name, field] of Object.entries(spec.formFields ?? {})) {
    const opts = { required: false, description: describe(name, field) };
    fields[name] = field.type === 'Int' ? t.int(opts) : field.type === 'Boolean' ? t.boolean(opts) : t.string(opts);
  }
  return fields;
}

const given = (input: Record<string, unknown>, name: string) => Object.prototype.hasOwnProperty.call(input, name) && input[name] !== undefined;

/** Whether the input sets any of the model's form fields (their saves then run in the write's transaction). */
export function formFieldsGiven(spec: ModelApiSpec, input: Record<string, unknown>): boolean {
  return Object.keys(spec.formFields ?? {}).some((name) => given(input, name));
}
/** Text is trimmed, and blank text is no value. */
const normalized = (value: unknown) => (typeof value === 'string' ? (value.trim() === '' ? null : value.trim()) : value);

/** Check the form fields of one write before anything is written. */
export async function checkFormFields(ctx: RequestContext, spec: ModelApiSpec, input: Record<string, unknown>, existing: Record<string, unknown> | null): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const [name, field] of Object.entries(spec.formFields ?? {})) {
    if (!may(ctx, field)) {
      if (given(input, name)) errors.push({ field: name, code: 'FORBIDDEN', message: 'You do not have permission to set this field.' });
      continue;
    }
    const value = normalized(input[name]);
    const missing = value === null || value === undefined;
    if (field.required && missing && (!existing || given(input, name))) {
      errors.push({ field: name, code: 'REQUIRED', message: 'This field is required.' });
      continue;
    }
    if (missing || !field.validate) continue;
    for (const message of await field.validate(value, ctx, existing)) errors.push({ field: name, code: 'INVALID', message });
  }
  return errors;
}

/** Store the given form fields of an object just written, inside its transaction; messages undo the write. */
export async function saveFormFields(txCtx: RequestContext, spec: ModelApiSpec, input: Record<string, unknown>, row: Record<string, unknown>, action: 'create' | 'update'): Promise<void> {
  const errors: FieldError[] = [];
  for (const [name, field] of Object.entries(spec.formFields ?? {})) {
    if (!given(input, name)) continue;
    const value = normalized(input[name]);
    const messages = await field.save(txCtx, { object: row as Record<string, unknown> & { id: string }, value, action });
    for (const message of messages ?? []) errors.push({ field: name, code: 'INVALID', message });
  }
  if (errors.length > 0) throw new FormFieldRefused(errors);
}
