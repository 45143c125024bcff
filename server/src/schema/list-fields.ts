import type { FieldRef } from '@pothos/core';
import type { RequestContext } from '../context.ts';
import type { FathomBuilder, FathomTypes } from './builder.ts';

type Where = Record<string, unknown>;

/** What a field on a model's list (its connection type) knows of the list it is on. */
export interface ListContext {
  model: string;
  features: readonly string[];
  /** The list's filter and ordering as Prisma reads them, from the connection's arguments. */
  query(ctx: RequestContext, args: unknown): Promise<{ where: Where; orderBy: Array<Record<string, 'asc' | 'desc'>> }>;
}

/** The connection object a list field resolves on: Pothos keeps the field's arguments on it. */
export type ListConnection = { args: unknown };

export type ListFieldContribution = (
  t: PothosSchemaTypes.ObjectFieldBuilder<FathomTypes, ListConnection>,
  list: ListContext,
) => Record<string, FieldRef<FathomTypes, unknown>>;

const contributions = new WeakMap<FathomBuilder, ListFieldContribution[]>();

/**
 * Add fields to every model list of a builder (a shared feature's, such as rendering an export template over the
 * filtered list). Lists define their fields when the schema is built, so features may register after the models.
 */
export function addListFields(builder: FathomBuilder, contribution: ListFieldContribution): void {
  contributions.set(builder, [...(contributions.get(builder) ?? []), contribution]);
}

export function listFieldsOf(builder: FathomBuilder): readonly ListFieldContribution[] {
  return contributions.get(builder) ?? [];
}
