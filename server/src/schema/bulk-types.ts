import type { InputObjectRef } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { fieldErrorRef, type FathomBuilder, type FathomTypes } from './builder.ts';
import { MAX_BULK_ITEMS, type BulkPayload } from './crud-write.ts';
import { writtenObject } from './written.ts';

/** Refuse a list longer than a bulk mutation takes, before anything is read. */
export function bulkItems<T>(items: readonly T[]): T[] {
  if (items.length > MAX_BULK_ITEMS) {
    throw new GraphQLError(`A bulk mutation takes at most ${MAX_BULK_ITEMS} objects; this one has ${items.length}. Send them in parts.`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return [...items];
}

interface DeleteResult {
  index: number;
  deletedId: string | null;
  errors: Array<{ field: string; code: string; message: string }>;
}

/** The payload types of one model's bulk mutations. */
export function bulkPayloads(builder: FathomBuilder, Model: string, singular: string) {
  const result = builder.objectRef<BulkPayload['results'][number]>(`Bulk${Model}Result`).implement({
    description: 'One object of a bulk write, at its place in the list.',
    fields: (t) => ({
      index: t.exposeInt('index'),
      [singular]: t.field({ type: Model as never, nullable: true, description: 'The object as written; null when nothing was written (or on a dry run).', resolve: (r, _args, ctx, info) => writtenObject(Model, r.record, ctx, info) as never }),
      errors: t.field({ type: [fieldErrorRef(builder)], resolve: (r) => r.errors }),
    }),
  });
  const write = builder.objectRef<BulkPayload>(`BulkWrite${Model}Payload`).implement({
    fields: (t) => ({
      ok: t.exposeBoolean('ok', { description: 'Every object was valid. When false, or on a dry run, nothing was written.' }),
      dryRun: t.exposeBoolean('dryRun'),
      results: t.field({ type: [result], resolve: (p) => p.results }),
    }),
  });
  const deleted = builder.objectRef<DeleteResult>(`BulkDelete${Model}Result`).implement({
    fields: (t) => ({
      index: t.exposeInt('index'),
      deletedId: t.exposeID('deletedId', { nullable: true }),
      errors: t.field({ type: [fieldErrorRef(builder)], resolve: (r) => r.errors }),
    }),
  });
  const remove = builder.objectRef<{ ok: boolean; dryRun: boolean; results: DeleteResult[] }>(`BulkDelete${Model}Payload`).implement({
    fields: (t) => ({
      ok: t.exposeBoolean('ok'),
      dryRun: t.exposeBoolean('dryRun'),
      results: t.field({ type: [deleted], resolve: (p) => p.results }),
    }),
  });
  const updateItem = (updateInput: InputObjectRef<FathomTypes, Record<string, unknown>>) =>
    builder.inputType(`BulkUpdate${Model}Item`, {
      fields: (t) => ({
        id: t.id({ required: true }),
        input: t.field({ type: updateInput, required: true }),
      }),
    });
  return { write, remove, updateItem };
}
