import type { RequestContext } from '../context.ts';
import { idOrName, type Where } from './model-spec.ts';

/** Ids of the locations matched by id or name, and of every location below them. */
export async function locationAndDescendants(ctx: RequestContext, values: readonly string[]): Promise<string[]> {
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
