import type { DatabaseProvider } from '../config/config.ts';
import type { PrismaClient, RequestContext } from '../context.ts';
import { systemOf } from '../system.ts';
import { idOrName, type Where, type WhereForm } from './model-spec.ts';
import { SubquerySet, type Statement } from './sql-read/where.ts';

/**
 * Ids of the locations matched by id or name, and of every location below them. For a caller who may view every
 * location, one recursive statement walks the tree; otherwise each level is read through the caller's narrowed
 * client, so a location they may not view neither matches nor leads further down.
 */
export async function locationAndDescendants(ctx: RequestContext, values: readonly string[]): Promise<string[]> {
  if (values.length === 0) return [];
  if (ctx.auth.permissions.scope('Location', 'view').kind === 'all') return subtree(systemOf(ctx).rootPrisma, ctx.provider, values);
  const roots = await ctx.prisma.location.findMany({ where: idOrName(values), select: { id: true } });
  const all = new Set(roots.map((r) => r.id));
  let frontier = [...all];
  while (frontier.length > 0) {
    const children = await ctx.prisma.location.findMany({ where: { parentId: { in: frontier } }, select: { id: true } });
    frontier = children.map((c) => c.id).filter((id) => !all.has(id));
    for (const id of frontier) all.add(id);
  }
  return [...all];
}

/**
 * The recursive walk in SQL: every location below those named (and they themselves). `list` writes the values as
 * parameters, once for the ids and once for the names.
 */
function subtreeSql(list: () => string): string {
  return (
    `WITH RECURSIVE below(id) AS (SELECT "id" FROM "Location" WHERE "id" IN (${list()}) OR "name" IN (${list()}) ` +
    // UNION, not UNION ALL: a location met twice is walked once, so even a cycle in the data ends.
    'UNION SELECT l."id" FROM "Location" l JOIN below b ON l."parentId" = b."id") SELECT "id" FROM below'
  );
}

/** The walk as a statement of its own, for the Prisma path. */
async function subtree(prisma: PrismaClient, provider: DatabaseProvider, values: readonly string[]): Promise<string[]> {
  const params: string[] = [];
  const list = () => values.map((v) => (params.push(v), provider === 'postgresql' ? `$${params.length}` : '?')).join(', ');
  const rows = await prisma.$queryRawUnsafe<Array<{ id: string }>>(subtreeSql(list), ...params);
  return rows.map((r) => r.id);
}

/**
 * The objects in the locations named and every location below them. For the SQL writer, when the caller may view
 * every location, the walk is a subquery of the list's own statement; otherwise its ids are looked up first.
 */
export async function inLocations(ctx: RequestContext, values: readonly string[], column = 'locationId', form: WhereForm = 'prisma'): Promise<Where> {
  if (form === 'sql' && values.length > 0 && ctx.auth.permissions.scope('Location', 'view').kind === 'all') {
    return { [column]: { in: new SubquerySet((st: Statement) => subtreeSql(() => values.map((v) => st.param(v)).join(', '))) } };
  }
  return { [column]: { in: await locationAndDescendants(ctx, values) } };
}

export const byName = (relation: string) => (values: string[]): Where => ({ [relation]: idOrName(values) });
export const byTag = (values: string[]): Where => ({ tags: { some: idOrName(values) } });

/** The actions a rule that follows changes (webhooks, job hooks) reacts to, as input fields of its standard API. */
export const CHANGE_ACTION_FIELDS = {
  typeCreate: { kind: 'boolean', label: 'On create' },
  typeUpdate: { kind: 'boolean', label: 'On update' },
  typeDelete: { kind: 'boolean', label: 'On delete' },
} as const;
