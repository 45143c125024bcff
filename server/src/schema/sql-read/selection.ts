import { getArgumentValues, getNamedType, isLeafType, isObjectType, Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLFieldResolver, type GraphQLNamedType, type GraphQLObjectType, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { READ_EXTENSION, type Readable } from '../readable.ts';

// The planner's walk over a document's selections: what it reads of fields, and what ends a plan.

/** Raised inside the planner for anything it does not handle; the operation then runs through the resolvers. */
export class NotPlanned extends Error {}

export const fail = (why: string): never => {
  throw new NotPlanned(why);
};

export interface Walk {
  /** What every resolver called for a resolved field gets in its info, besides the field's own parts. */
  info: Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'rootValue' | 'operation' | 'variableValues'>;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Models the read path may name in SQL as they are (their own table and column names). */
  plain: (model: string) => boolean;
}

/**
 * Objects a resolver returns that are not rows of a model (a computed field's value, a relationship with its
 * peers): the fields the query asks of them, each completed as execution would, through its own resolver.
 */
export interface ValuePlan {
  type: GraphQLObjectType;
  fields: Array<{ key: string; kind: 'typename' } | ({ key: string; kind: 'field' } & FieldCall)>;
}

/** A field a resolver answers: how execution would call it, and what the query asks of the objects it returns. */
export interface FieldCall {
  field: GraphQLField<unknown, unknown>;
  args: Record<string, unknown>;
  info: GraphQLResolveInfo;
  value?: ValuePlan;
}

/** The call of `field` (selected as `sub` under `key` on `type`): its arguments, its info, and the plan of its objects. */
export function fieldCall(walk: Walk, sub: FieldNode, key: string, type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): FieldCall {
  const named = getNamedType(field.type);
  const args = getArgumentValues(field, sub, walk.variables);
  const info: GraphQLResolveInfo = { ...walk.info, fieldName: sub.name.value, fieldNodes: [sub], returnType: field.type, parentType: type, path: { prev: undefined, key, typename: type.name } };
  return { field, args, info, ...(isLeafType(named) ? {} : { value: valuePlan(walk, sub, named, `${type.name}.${sub.name.value}`) }) };
}

/** The columns a resolved field declares it needs, and its resolver as written. */
export interface Selected {
  columns: string[];
  resolve: GraphQLFieldResolver<unknown, unknown>;
}

export function readOf(field: GraphQLField<unknown, unknown>): Readable | undefined {
  return field.extensions?.[READ_EXTENSION] as Readable | undefined;
}

/**
 * The columns a field declares it needs, as Pothos's `select` of plain columns, and its resolver as written: Pothos
 * wraps it to load those columns when the planned query did not, which the statement does by adding them to its row.
 * A selection that depends on the arguments, or names a relation, is left to the resolvers.
 */
export function selectOf(field: GraphQLField<unknown, unknown>, where: string): Selected | undefined {
  const extensions = field.extensions as Record<string, unknown> | undefined;
  const select = extensions?.['pothosPrismaSelect'];
  if (extensions?.['pothosPrismaRelationField']) return fail(`${where} is a relation the statement does not write`);
  if (select === undefined) return undefined;
  const resolve = extensions?.['pothosOriginalResolve'];
  if (!select || typeof select !== 'object' || typeof resolve !== 'function') return fail(`${where} selects its own part of the row`);
  const columns = Object.entries(select as Record<string, unknown>);
  if (columns.some(([, v]) => v !== true)) return fail(`${where} selects relations of the row`);
  return { columns: columns.map(([c]) => c), resolve: resolve as GraphQLFieldResolver<unknown, unknown> };
}

/** What a query asks of the objects a resolver returns; models and abstract types below it end the plan. */
function valuePlan(walk: Walk, node: FieldNode, type: GraphQLNamedType, where: string): ValuePlan {
  if (!isObjectType(type)) return fail(`${where} returns an abstract type`);
  const fields: ValuePlan['fields'] = [];
  for (const [key, sub] of fieldsOf(walk, node.selectionSet, type)) {
    if (sub.name.value === '__typename') {
      fields.push({ key, kind: 'typename' });
      continue;
    }
    const field = type.getFields()[sub.name.value] ?? fail('unknown field');
    if (readOf(field)) return fail(`${where} returns rows of a model`);
    fields.push({ key, kind: 'field', ...fieldCall(walk, sub, key, type, field) });
  }
  return { type, fields };
}

/**
 * The fields of a selection set on one object type, by response key, with fragments spread in. A directive, a
 * fragment on another type, or one response key for two different fields ends the plan.
 */
export function fieldsOf(walk: Walk, set: SelectionSetNode | undefined, type: GraphQLObjectType): Array<[string, FieldNode]> {
  const out = new Map<string, FieldNode>();
  const visit = (selections: SelectionSetNode, seen: Set<string>) => {
    for (const s of selections.selections) {
      if (s.directives?.length) fail('a directive');
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        const before = out.get(key);
        if (before && (before.name.value !== s.name.value || before.selectionSet || s.selectionSet || before.arguments?.length || s.arguments?.length)) fail('a response key selected twice');
        out.set(key, s);
        continue;
      }
      const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : walk.fragments.get(s.name.value);
      if (!fragment || fragment.directives?.length) return fail('an unknown fragment, or one with a directive');
      if (fragment.typeCondition && fragment.typeCondition.name.value !== type.name) fail('a fragment on another type');
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        if (seen.has(s.name.value)) continue;
        seen.add(s.name.value);
      }
      visit(fragment.selectionSet, seen);
    }
  };
  if (!set) fail('no selection set');
  visit(set!, new Set());
  return [...out];
}
