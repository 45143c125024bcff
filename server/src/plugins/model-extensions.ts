import { z } from 'zod';
import type { RequestContext } from '../context.ts';
import { fn, permissions } from './zod-kit.ts';

/** An object of a model, as the user may see it (its scalar columns). */
export type DetailObject = Readonly<Record<string, unknown>> & { id: string };

/** A filter a plugin adds to another model's filter input (and its list filter form). */
export const filterExtension = z.strictObject({
  type: z.enum(['String', 'Int', 'Boolean', 'ID', '[String!]', '[ID!]']),
  description: z.string().optional(),
  /** The model whose ids (or names) a list filter takes, for the web UI's picker. */
  model: z.string().optional(),
  /** The Prisma where for a value, over the extended model (its relations include the plugin's models). */
  where: fn<(value: never, ctx: RequestContext) => Record<string, unknown> | Promise<Record<string, unknown>>>(),
});

/** What a form extension's `save` is told: the object as written, the value given (null clears it), and why. */
export interface FormSave<V = unknown> {
  object: DetailObject;
  value: V | null;
  action: 'create' | 'update';
}

/**
 * A field a plugin adds to another model's create and edit forms: a GraphQL input field of `Create<Model>Input` and
 * `Update<Model>Input`, and a field of the model's type showing the current value. The value lives wherever the
 * plugin keeps it (usually one of its own models); `save` runs inside the transaction that writes the object, so
 * the object and the value are kept together or not at all.
 */
export const formExtension = z.strictObject({
  type: z.enum(['String', 'Int', 'Boolean']),
  /** The form's label (default: from the field name). */
  label: z.string().min(1).optional(),
  description: z.string().optional(),
  /** A value must be given when an object is created (by users who hold `permissions`). */
  required: z.boolean().optional(),
  /**
   * What a user must hold to see and set the field. Without them the form leaves it out, the type's field reads
   * null and input that sets it is refused with a field error.
   */
  permissions,
  /** The current values for some objects, by id (missing ids read as null); called once per batch of objects. */
  load: fn<(ctx: RequestContext, ids: readonly string[]) => Promise<Readonly<Record<string, unknown>>> | Readonly<Record<string, unknown>>>(),
  /** Check a value before anything is written: return messages (field errors), or none. */
  validate: fn<(value: never, ctx: RequestContext, object: DetailObject | null) => Promise<readonly string[]> | readonly string[]>().optional(),
  /**
   * Store the value given for an object, in the object's write transaction (`ctx.prisma` is that transaction).
   * Returning messages, or throwing, undoes the whole write; messages come back as field errors.
   */
  save: fn<(ctx: RequestContext, change: FormSave<never>) => Promise<readonly string[] | void> | readonly string[] | void>(),
});

export type FilterExtension = z.input<typeof filterExtension>;
export type FormExtension = z.input<typeof formExtension>;
