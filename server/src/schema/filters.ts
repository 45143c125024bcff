import { GraphQLError } from 'graphql';
import type { RequestContext } from '../context.ts';
import { constantCase, type ModelApiSpec, type Where } from './model-spec.ts';
import { searchWhere } from './search.ts';
import { systemOf } from '../system.ts';

/** Longest quick search, longest text in a filter, most values in a list filter. */
export const FILTER_LIMITS = { search: 100, text: 200, values: 1000 } as const;

function badFilter(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Refuse oversized filter input before it reaches the database. */
export function checkFilter(filter: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(filter)) {
    const limit = key === 'q' ? FILTER_LIMITS.search : FILTER_LIMITS.text;
    if (typeof value === 'string' && value.length > limit) throw badFilter(`filter.${key} is longer than ${limit} characters.`);
    if (Array.isArray(value)) {
      if (value.length > FILTER_LIMITS.values) throw badFilter(`filter.${key} has more than ${FILTER_LIMITS.values} values.`);
      if (value.some((v) => typeof v === 'string' && v.length > FILTER_LIMITS.text)) throw badFilter(`A value of filter.${key} is longer than ${FILTER_LIMITS.text} characters.`);
    }
  }
}

/** Each list field's filter, built once: its page and its `totalCount` share the where (and its look-ups). */
const built = new WeakMap<RequestContext, WeakMap<object, Promise<Where>>>();

/**
 * The Prisma where of a list's `filter` argument. The same argument object comes back for the page and for
 * `totalCount` within a request, so the where is built once per list field and request.
 */
export function buildWhere(spec: ModelApiSpec, filter: Record<string, unknown> | null | undefined, ctx: RequestContext): Promise<Where> {
  if (!filter) return Promise.resolve({});
  let perRequest = built.get(ctx);
  if (!perRequest) built.set(ctx, (perRequest = new WeakMap()));
  let where = perRequest.get(filter);
  if (!where) perRequest.set(filter, (where = whereOf(spec, filter, ctx)));
  return where;
}

async function whereOf(spec: ModelApiSpec, filter: Record<string, unknown>, ctx: RequestContext): Promise<Where> {
  const and: Where[] = [];
  checkFilter(filter);
  for (const [key, value] of Object.entries(filter)) {
    if (value === null || value === undefined) continue;
    if (key === 'q') {
      // Each word must appear in one of the search fields (a related object's, for a dotted path such as
      // `device.name`): "nyc1-cr01 xe-0/1" finds that device's interface.
      and.push(...(await searchWhere(spec, String(value), ctx)));
      continue;
    }
    if (key === 'id') {
      and.push({ id: { in: value as string[] } });
      continue;
    }
    if (key === 'relationships') {
      const linked = value as Array<{ key: string; peerIds: string[] }>;
      if (linked.some((l) => l.peerIds.length > FILTER_LIMITS.values)) throw badFilter(`filter.relationships names more than ${FILTER_LIMITS.values} peers.`);
      const system = systemOf(ctx);
      and.push(await system.relationships.where(ctx, system.models.byModel(spec.model)?.contentType ?? spec.model, linked));
      continue;
    }
    const f = spec.filters?.[key];
    if (f) and.push(await f.where(value as never, ctx));
  }
  return and.length === 0 ? {} : { AND: and };
}

export function orderByOf(spec: ModelApiSpec, orderBy: ReadonlyArray<{ field: string; direction?: string | null }> | null | undefined): Array<Record<string, 'asc' | 'desc'>> {
  const order: Array<Record<string, 'asc' | 'desc'>> = [];
  for (const item of orderBy ?? []) {
    const field = spec.orderFields.find((f) => constantCase(f) === item.field);
    if (field) order.push({ [field]: item.direction === 'DESC' ? 'desc' : 'asc' });
  }
  if (order.length === 0) order.push(...(spec.defaultOrder ?? []));
  order.push({ id: 'asc' });
  return order;
}

