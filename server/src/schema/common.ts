import type { DatabaseProvider } from '../config/config.ts';
import type { PrismaClient, RequestContext } from '../context.ts';
import { systemOf } from '../system.ts';
import { idOrName, type Where } from './model-spec.ts';

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

/** Every location below those named (and they themselves), in one statement: the recursive walk in SQL. */
async function subtree(prisma: PrismaClient, provider: DatabaseProvider, values: readonly string[]): Promise<string[]> {
  // PostgreSQL numbers its parameters and can name each twice; SQLite's `?` takes them in order, so the list is sent twice.
  const list = (from: number) => values.map((_, i) => (provider === 'postgresql' ? `$${from + i}` : '?')).join(', ');
  const sql =
    `WITH RECURSIVE below(id) AS (SELECT "id" FROM "Location" WHERE "id" IN (${list(1)}) OR "name" IN (${list(provider === 'postgresql' ? 1 : values.length + 1)}) ` +
    // UNION, not UNION ALL: a location met twice is walked once, so even a cycle in the data ends.
    'UNION SELECT l."id" FROM "Location" l JOIN below b ON l."parentId" = b."id") SELECT "id" FROM below';
  const rows = await prisma.$queryRawUnsafe<Array<{ id: string }>>(sql, ...(provider === 'postgresql' ? values : [...values, ...values]));
  return rows.map((r) => r.id);
}

export async function inLocations(ctx: RequestContext, values: readonly string[], column = 'locationId'): Promise<Where> {
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
