import type { RequestContext } from '../context.ts';
import type { Where } from './model-spec.ts';

/**
 * What the one-statement read path (`sql-read/`) needs to know of a field to answer it without its resolver. A
 * field carries it in its GraphQL extensions only when its resolver does nothing but read that column or load that
 * relation; a field without it (a plugin's field, a computed field, a relation count) sends the query down the
 * resolver path.
 */
export const READ_EXTENSION = 'fathomRead';

export type Order = Record<string, 'asc' | 'desc'>;

export type Readable =
  /** A column of the model, shown as it is stored. */
  | { column: string }
  /** A relation of the model: a to-one object, or a to-many list in this order. */
  | { relation: string; orderBy: readonly Order[] }
  /** A root list connection over a model (`devices`), with what its resolver would filter and order by. */
  | { list: ListRead }
  /** A root field reading one object of a model by its `id` argument (`device(id:)`). */
  | { one: string }
  /** The number of related objects of a to-many relation the caller may view (`interfaceCount`). */
  | { count: string };

export interface ListRead {
  model: string;
  /** The where of the `filter` argument, as the list's resolver builds it. */
  where(filter: Record<string, unknown> | null | undefined, ctx: RequestContext): Promise<Where>;
  /** The order of the `orderBy` argument, ending in the primary key. */
  orderBy(orderBy: ReadonlyArray<{ field: string; direction?: string | null }> | null | undefined): Order[];
}

/** The extensions that mark a field as readable. */
export function readable(read: Readable): { [READ_EXTENSION]: Readable } {
  return { [READ_EXTENSION]: read };
}

/** A relation spec's order as a list of single-key orders, or null when it is not of that simple form. */
export function simpleOrder(orderBy: unknown): Order[] | null {
  if (orderBy === undefined) return [];
  const list = Array.isArray(orderBy) ? orderBy : [orderBy];
  const out: Order[] = [];
  for (const item of list) {
    if (!item || typeof item !== 'object') return null;
    const entries = Object.entries(item as Record<string, unknown>);
    if (entries.length !== 1) return null;
    const [field, direction] = entries[0]!;
    if (direction !== 'asc' && direction !== 'desc') return null;
    out.push({ [field]: direction });
  }
  return out;
}

const PLAIN_RELATION_OPTIONS = new Set(['query', 'description', 'nullable', 'deprecationReason']);
const PLAIN_COUNT_OPTIONS = new Set(['description', 'deprecationReason']);

type Maker = (name: string, options?: Record<string, unknown>) => unknown;

/**
 * A Prisma object field builder whose `relation` and `relationCount` mark what they make readable when it is plain:
 * no resolver, arguments, selection or filter of its own, only an order. A plugin's relation on a core type
 * (`Device.exampleBgpSessions`) is then read in the same statement as the core's fields.
 */
export function markingPlainRelations<T extends object>(t: T): T {
  const { relation, relationCount } = t as { relation?: Maker; relationCount?: Maker };
  if (typeof relation !== 'function' || typeof relationCount !== 'function') return t;
  return new Proxy(t, {
    get(target, prop, receiver) {
      if (prop === 'relationCount') {
        return (name: string, options: Record<string, unknown> = {}) =>
          relationCount.call(target, name, Object.keys(options).every((k) => PLAIN_COUNT_OPTIONS.has(k)) ? { ...options, extensions: readable({ count: name }) } : options);
      }
      if (prop !== 'relation') return Reflect.get(target, prop, receiver) as unknown;
      return (name: string, options: Record<string, unknown> = {}) => {
        const query = options['query'];
        const plain = Object.keys(options).every((k) => PLAIN_RELATION_OPTIONS.has(k)) && (query === undefined || (typeof query === 'object' && query !== null && Object.keys(query).every((k) => k === 'orderBy')));
        const order = plain ? simpleOrder((query as { orderBy?: unknown } | undefined)?.orderBy) : null;
        return relation.call(target, name, order ? { ...options, extensions: readable({ relation: name, orderBy: order }) } : options);
      };
    },
  });
}
