import {
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isObjectType,
  Kind,
  type ExecutionArgs,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import { parsePrismaCursor } from '@pothos/plugin-prisma';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../builder.ts';
import type { ListRead, Order } from '../readable.ts';
import { fail, fieldCall, fieldsOf, NotPlanned, readOf, selectOf, type FieldCall, type Selected, type Walk } from './selection.ts';

/**
 * A query operation as the one-statement read path answers it: which root lists, which columns and relations of
 * each node, which fields of a node keep their own resolvers, and where each value goes in the response.
 * A root field it does not handle in full (a field below it whose resolver returns rows of a model or an abstract
 * type, a directive, a fragment on another type, backward paging) runs through the resolvers beside the statement;
 * `planOperation` returns null when no root field is left for the statement, or for a mutation.
 */
export interface NodePlan {
  model: string;
  entries: NodeEntry[];
  /** Whether this node, or one below it, has resolved fields (answers without any skip that walk). */
  resolves: boolean;
}

export type NodeEntry =
  | { key: string; kind: 'typename'; value: string }
  | { key: string; kind: 'column'; column: string }
  | { key: string; kind: 'count'; relation: string }
  | { key: string; kind: 'relation'; relation: string; orderBy: readonly Order[]; node: NodePlan }
  | ResolvedEntry;

/**
 * A field with a resolver of its own (a plugin's computed number, an object's computed fields or relationships): the
 * statement leaves its place empty, and the resolver fills it with the object's Prisma row as its parent, as
 * execution would.
 */
export interface ResolvedEntry extends FieldCall {
  key: string;
  kind: 'resolved';
  /**
   * For a field that declares the columns it needs (Pothos's `select`): those columns, which the statement adds to
   * the row it hands over, and the field's own resolver, called with that row as the planned query would call it.
   */
  select?: Selected;
}

export interface ListPlan {
  list: ListRead;
  first: number;
  /** The id the `after` cursor names, or null for the first page. */
  after: string | null;
  filter: Record<string, unknown> | null;
  orderBy: ReadonlyArray<{ field: string; direction?: string | null }> | null;
  shape: ConnectionEntry[];
  /** The node selection (null when no edge asks for its node). */
  node: NodePlan | null;
  counted: boolean;
}

type Leaf<K extends string> = { key: string; kind: K };
export type ConnectionEntry =
  | { key: string; kind: 'typename'; value: string }
  | Leaf<'totalCount'>
  | { key: string; kind: 'edges'; entries: Array<{ key: string; kind: 'typename'; value: string } | Leaf<'cursor'> | Leaf<'node'>> }
  | { key: string; kind: 'pageInfo'; entries: PageInfoEntry[] };
type PageInfoEntry = { key: string; kind: 'typename'; value: string } | Leaf<'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor'>;

export type RootEntry =
  | { key: string; kind: 'typename'; value: string }
  | { key: string; kind: 'list'; field: FieldNode; plan: ListPlan }
  | { key: string; kind: 'one'; field: FieldNode; id: string; node: NodePlan }
  /** A root field the statement does not answer: it runs through the resolvers, beside the statement. */
  | { key: string; kind: 'resolvers'; field: FieldNode; why: string };

export function planOperation(execution: ExecutionArgs, plain: (model: string) => boolean): RootEntry[] | null {
  const { schema, document } = execution;
  const operation = getOperationAST(document, execution.operationName);
  const query = schema.getQueryType();
  if (!operation || operation.operation !== 'query' || !query) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], (execution.variableValues ?? {}) as Record<string, unknown>);
  if (coerced.errors) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const info = { schema, fragments: Object.fromEntries(fragments), rootValue: execution.rootValue, operation, variableValues: coerced.coerced };
  const walk: Walk = { info, fragments, variables: coerced.coerced, plain };
  let roots: Array<[string, FieldNode]>;
  try {
    roots = fieldsOf(walk, operation.selectionSet, query);
  } catch (error) {
    if (error instanceof NotPlanned) return null;
    throw error;
  }
  const planned = roots.map(([key, node]): RootEntry => {
    try {
      return rootPlan(walk, query, key, node);
    } catch (error) {
      if (error instanceof NotPlanned) return { key, kind: 'resolvers', field: node, why: error.message };
      throw error;
    }
  });
  // Nothing for the statement to answer: the operation runs through the resolvers as it is.
  return planned.some((r) => r.kind === 'list' || r.kind === 'one') ? planned : null;
}

function rootPlan(walk: Walk, query: GraphQLObjectType, key: string, node: FieldNode): RootEntry {
  if (node.name.value === '__typename') return { key, kind: 'typename', value: query.name };
  const field = query.getFields()[node.name.value] ?? fail('unknown root field');
  const read = readOf(field);
  if (read && 'one' in read) {
    const { id } = getArgumentValues(field, node, walk.variables) as { id?: unknown };
    if (typeof id !== 'string') return fail('an id that is not text');
    return { key, kind: 'one', field: node, id, node: nodePlan(walk, node, getNamedType(field.type) as GraphQLObjectType, read.one) };
  }
  if (!read || !('list' in read)) return fail('not a readable list or object');
  return { key, kind: 'list', field: node, plan: listPlan(walk, field, node, read.list) };
}

function listPlan(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode, list: ListRead): ListPlan {
  const args = getArgumentValues(field, node, walk.variables) as { first?: number | null; last?: number | null; after?: string | null; before?: string | null; filter?: Record<string, unknown> | null; orderBy?: ListPlan['orderBy'] };
  if (args.last != null || args.before != null) fail('backward paging');
  if (args.first != null && args.first < 0) fail('a negative page size is the resolver’s error to give');
  const connection = getNamedType(field.type) as GraphQLObjectType;
  const plan: ListPlan = { list, first: Math.min(args.first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE), after: args.after == null ? null : cursorId(args.after), filter: args.filter ?? null, orderBy: args.orderBy ?? null, shape: [], node: null, counted: false };
  for (const [key, sub] of fieldsOf(walk, node.selectionSet, connection)) {
    const name = sub.name.value;
    if (name === '__typename') plan.shape.push({ key, kind: 'typename', value: connection.name });
    else if (name === 'totalCount') {
      plan.counted = true;
      plan.shape.push({ key, kind: 'totalCount' });
    } else if (name === 'pageInfo') {
      const type = getNamedType(connection.getFields()['pageInfo']!.type) as GraphQLObjectType;
      const entries = fieldsOf(walk, sub.selectionSet, type).map(([k, f]) => {
        const n = f.name.value;
        if (n === '__typename') return { key: k, kind: 'typename', value: type.name } as PageInfoEntry;
        if (n === 'hasNextPage' || n === 'hasPreviousPage' || n === 'startCursor' || n === 'endCursor') return { key: k, kind: n } as PageInfoEntry;
        return fail(`pageInfo.${n}`);
      });
      plan.shape.push({ key, kind: 'pageInfo', entries });
    } else if (name === 'edges') {
      const edge = getNamedType(connection.getFields()['edges']!.type) as GraphQLObjectType;
      const entries = fieldsOf(walk, sub.selectionSet, edge).map(([k, f]) => {
        const n = f.name.value;
        if (n === '__typename') return { key: k, kind: 'typename' as const, value: edge.name };
        if (n === 'cursor') return { key: k, kind: 'cursor' as const };
        if (n !== 'node' || plan.node) return fail('a second node selection, or an edge field of its own');
        plan.node = nodePlan(walk, f, getNamedType(edge.getFields()['node']!.type) as GraphQLObjectType, list.model);
        return { key: k, kind: 'node' as const };
      });
      if (plan.shape.some((e) => e.kind === 'edges')) fail('a second edges selection');
      plan.shape.push({ key, kind: 'edges', entries });
    } else fail(`connection field ${name}`);
  }
  return plan;
}

function nodePlan(walk: Walk, node: FieldNode, type: GraphQLObjectType, model: string): NodePlan {
  if (!walk.plain(model)) fail(`model ${model} is mapped onto other names`);
  const entries: NodeEntry[] = [];
  for (const [key, sub] of fieldsOf(walk, node.selectionSet, type)) {
    if (sub.name.value === '__typename') {
      entries.push({ key, kind: 'typename', value: type.name });
      continue;
    }
    const field = type.getFields()[sub.name.value] ?? fail('unknown field');
    const read = readOf(field);
    if (!read) {
      // Its resolver runs after the statement over the row the statement returns, with the columns a `select`
      // declares added to it; a value made of objects is completed field by field.
      const select = selectOf(field, `${type.name}.${sub.name.value}`);
      entries.push({ key, kind: 'resolved', ...fieldCall(walk, sub, key, type, field), ...(select ? { select } : {}) });
      continue;
    }
    if (sub.arguments?.length) return fail(`${type.name}.${sub.name.value} takes arguments`);
    if ('column' in read) entries.push({ key, kind: 'column', column: read.column });
    else if ('count' in read) entries.push({ key, kind: 'count', relation: read.count });
    else if ('relation' in read) {
      const target = getNamedType(field.type);
      if (!isObjectType(target)) return fail('a relation to an abstract type');
      entries.push({ key, kind: 'relation', relation: read.relation, orderBy: read.orderBy, node: nodePlan(walk, sub, target, target.name) });
    } else fail('a list below the root');
  }
  return { model, entries, resolves: entries.some((e) => e.kind === 'resolved' || (e.kind === 'relation' && e.node.resolves)) };
}

/** The id an `after` cursor names; a cursor that does not parse is the resolver's error to give. */
function cursorId(cursor: string): string {
  try {
    const id = parsePrismaCursor(cursor);
    return typeof id === 'string' ? id : fail('a cursor over something other than a text id');
  } catch (error) {
    if (error instanceof NotPlanned) throw error;
    return fail('a cursor that does not parse');
  }
}
