import { defaultFieldResolver, isLeafType, isListType, isNonNullType, isObjectType, type GraphQLOutputType } from 'graphql';
import type { RequestContext } from '../../context.ts';
import type { NodePlan, ResolvedEntry, RootEntry } from './plan.ts';
import type { ValuePlan } from './selection.ts';
import { ROW_DATA } from './statement.ts';
import type { ModelIndex } from './where.ts';

type Row = Record<string, unknown>;

/** A resolved field that cannot be answered here (its resolver threw, or gave what its type refuses). */
class Unresolved extends Error {}

interface Pending {
  model: string;
  object: Row;
  entries: ResolvedEntry[];
}

/**
 * Fill in the fields of the statement's answer that keep their own resolvers. Each resolver is called with the row
 * the statement returned for its object (its `id` and the columns the query selects, as the resolvers' path hands
 * it over), the field's arguments, the request's context and its info, as execution would call it. Returns false
 * when any resolver fails or gives a value its type refuses: the whole operation then runs through the resolvers, so
 * that errors are reported, masked and placed exactly as there.
 */
export async function resolveFields(roots: readonly RootEntry[], values: readonly unknown[], ctx: RequestContext, index: ModelIndex): Promise<boolean> {
  const pending: Pending[] = [];
  roots.forEach((root, i) => {
    if (root.kind === 'one') collect(root.node, values[i], pending);
    // The page's rows beyond `first` only tell whether there is a next page; their fields are not shown.
    if (root.kind === 'list' && root.plan.node) collect(root.plan.node, ((values[i] as Row[] | null) ?? []).slice(0, root.plan.first), pending);
  });
  if (pending.length === 0) return true;
  try {
    const calls: Array<Promise<void>> = [];
    for (const p of pending) {
      const row = prismaRow(index, p.model, p.object[ROW_DATA] as Row);
      delete p.object[ROW_DATA];
      for (const e of p.entries) {
        const resolved = Promise.resolve((e.select?.resolve ?? e.field.resolve ?? defaultFieldResolver)(row, e.args, ctx, e.info));
        calls.push(resolved.then(async (value) => void (p.object[e.key] = await complete(e.field.type, value, e.value, ctx))));
      }
    }
    await Promise.all(calls);
  } catch {
    return false;
  }
  return true;
}

/** A row read as JSON, with its dates made Dates again, as Prisma returns it. */
function prismaRow(index: ModelIndex, model: string, data: Row): Row {
  for (const [name, value] of Object.entries(data)) if (typeof value === 'string' && index.field(model, name)?.type === 'DateTime') data[name] = new Date(value);
  return data;
}

/** The objects below `value` (one object, a list of them, or null) that have resolved fields, walked along the plan. */
function collect(node: NodePlan, value: unknown, out: Pending[]): void {
  if (!node.resolves || value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const v of value) collect(node, v, out);
    return;
  }
  const object = value as Row;
  const entries = node.entries.filter((e): e is ResolvedEntry => e.kind === 'resolved');
  if (entries.length > 0) out.push({ model: node.model, object, entries });
  for (const e of node.entries) if (e.kind === 'relation') collect(e.node, object[e.key], out);
}

/**
 * A resolver's value as GraphQL completes it: a scalar or enum serialized, a list item by item, an object (for a
 * value made of objects) field by field through each field's own resolver (or read off the object), in the order
 * the query asks for them. Unresolved where execution would report an error.
 */
async function complete(type: GraphQLOutputType, value: unknown, plan: ValuePlan | undefined, ctx: RequestContext): Promise<unknown> {
  if (isNonNullType(type)) {
    const out = await complete(type.ofType, value, plan, ctx);
    if (out === null) throw new Unresolved();
    return out;
  }
  if (value === null || value === undefined) return null;
  if (value instanceof Error) throw new Unresolved();
  if (isListType(type)) {
    if (!Array.isArray(value)) throw new Unresolved();
    return Promise.all(value.map((v: unknown) => complete(type.ofType, v, plan, ctx)));
  }
  if (isLeafType(type)) {
    const out: unknown = type.serialize(value);
    if (out === undefined) throw new Unresolved();
    return out;
  }
  if (!plan || !isObjectType(type)) throw new Unresolved();
  const out: Row = {};
  for (const f of plan.fields) {
    if (f.kind === 'typename') {
      out[f.key] = plan.type.name;
      continue;
    }
    const v: unknown = await (f.field.resolve ?? defaultFieldResolver)(value, f.args, ctx, f.info);
    out[f.key] = await complete(f.field.type, v, f.value, ctx);
  }
  return out;
}
