import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import type { RequestContext } from '../context.ts';
import { delegateFor } from './model-spec.ts';

type Row = Record<string, unknown>;

/**
 * The object a write hands back in its payload. The row the write returned holds every column, so a selection of
 * columns is answered from it, with the Prisma planner told so (no second read); a selection that reaches related
 * objects reads the object again with them, as a query would.
 */
export async function writtenObject(model: string, row: Row | null, ctx: RequestContext, info: GraphQLResolveInfo): Promise<Row | null> {
  if (!row) return null;
  const query = queryFromInfo({ context: ctx, info }) as { select?: Row; include?: Row };
  const tree = { ...query.include, ...query.select };
  if (!Object.values(tree).some((value) => typeof value === 'object' && value !== null)) return row;
  return (await delegateFor(ctx, model).findUnique({ ...query, where: { id: row['id'] } })) as Row | null;
}
