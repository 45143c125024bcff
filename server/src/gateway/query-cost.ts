import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isAbstractType,
  isListType,
  isObjectType,
  Kind,
  getOperationAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import type { Plugin } from 'graphql-yoga';

export interface CostOptions {
  maxCost: number;
  /** Rows a connection returns without `first`/`last`, and the most it returns with them. */
  defaultPageSize: number;
  maxPageSize: number;
  /** Rows assumed for a plain list field, which has no page size (a device's interfaces). */
  listFactor: number;
}

/** A connection type: its `edges` run once per row of the page the field was asked for. */
function isConnection(type: GraphQLNamedType): boolean {
  return isObjectType(type) && 'edges' in type.getFields() && 'pageInfo' in type.getFields();
}

/**
 * The cost of an operation before it runs: every field resolved counts one, times the number of rows its
 * parents can return. A connection's rows are its real page size — `first`/`last` from literals or variables,
 * capped at the page limit, the default page size when left out — and a plain list counts `listFactor`
 * rows. `devices(first: $n) { location { devices(first: $m) { … } } }` costs n × m × fields, whatever $n says.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, options: CostOptions): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const walk = (selectionSet: SelectionSetNode, type: GraphQLNamedType, rows: number, seen: ReadonlySet<string>): number => {
    if (!isObjectType(type)) {
      // Interfaces and unions: the costliest of their possible types.
      if (!isAbstractType(type)) return 0;
      return Math.max(0, ...schema.getPossibleTypes(type).map((t) => walk(selectionSet, t, rows, seen)));
    }
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (on) total += walk(selection.selectionSet, on, rows, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        // A fragment that spreads itself is invalid; validation reports it, the estimate just stops.
        if (!fragment || seen.has(fragment.name.value)) continue;
        const on = schema.getType(fragment.typeCondition.name.value) ?? type;
        total += walk(fragment.selectionSet, on, rows, new Set([...seen, fragment.name.value]));
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      const field: GraphQLField<unknown, unknown> | undefined = type.getFields()[name];
      if (!field) continue;
      total += rows;
      if (!selection.selectionSet) continue;
      const target = getNamedType(field.type);
      let childRows = rows;
      if (isConnection(target)) {
        let size = options.defaultPageSize;
        try {
          const args = getArgumentValues(field, selection, variables);
          const asked = (args['first'] ?? args['last']) as number | undefined;
          if (typeof asked === 'number') size = Math.max(0, Math.min(asked, options.maxPageSize));
        } catch {
          // Bad arguments fail validation or execution with their own error; estimate at the page limit.
          size = options.maxPageSize;
        }
        childRows = rows * size;
      } else if (isConnection(type) && (name === 'edges' || name === 'nodes')) {
        // The connection's page size already counted these rows.
        childRows = rows;
      } else if (isListType(getNullableType(field.type))) {
        childRows = rows * options.listFactor;
      }
      total += walk(selection.selectionSet, target, childRows, seen);
    }
    return total;
  };
  return walk(operation.selectionSet, root, 1, new Set());
}

/** Refuse an operation whose estimated cost (see `operationCost`) is over the limit, before anything runs. */
export function useQueryCost(schema: GraphQLSchema, options: CostOptions): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = operationCost(schema, args.document, args.operationName, (args.variableValues ?? {}) as Record<string, unknown>, options);
      if (cost > options.maxCost) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`Query cost ${cost} is over the limit of ${options.maxCost}: ask for smaller pages (first/last) or fewer nested lists.`, {
              extensions: { code: 'COST_LIMIT', cost, maxCost: options.maxCost },
            }),
          ],
        });
      }
    },
  };
}
