import type { RequestContext } from '../context.ts';
import type { FieldError } from '../errors.ts';
import { grantOf, type Grant } from './permissions.ts';
import { systemOf } from '../system.ts';

/**
 * The rules that keep user administration from being a path to more power than the administrator holds:
 * only superusers change superusers, and nobody hands out (through a permission, or a group's membership)
 * an action they do not hold themselves. Each returns field errors; an empty list means allowed.
 */

/** Refuse when a non-superuser would change one of these users and any of them is a superuser. */
export async function superuserGuard(ctx: RequestContext, userIds: readonly string[], field: string): Promise<FieldError[]> {
  if (ctx.auth.user?.isSuperuser || userIds.length === 0) return [];
  const supers = await systemOf(ctx).rootPrisma.user.count({ where: { id: { in: [...userIds] }, isSuperuser: true } });
  return supers > 0 ? [{ field, code: 'FORBIDDEN', message: 'Only superusers may change a superuser.' }] : [];
}

/** Refuse grants that give more than the caller holds. */
export function grantGuard(ctx: RequestContext, grants: readonly Grant[], field: string): FieldError[] {
  const excess = ctx.auth.permissions.excess(grants);
  return excess ? [{ field, code: 'FORBIDDEN', message: `You cannot grant ${excess}: it is more than you hold.` }] : [];
}

/** Refuse adding members to groups whose permissions give more than the caller holds. */
export async function groupGuard(ctx: RequestContext, groupIds: readonly string[], field: string): Promise<FieldError[]> {
  if (ctx.auth.user?.isSuperuser || groupIds.length === 0) return [];
  const rows = await systemOf(ctx).rootPrisma.objectPermission.findMany({
    where: { enabled: true, groups: { some: { id: { in: [...groupIds] } } } },
    include: { contentTypes: { select: { appLabel: true, model: true } } },
  });
  const excess = ctx.auth.permissions.excess(rows.map(grantOf));
  return excess ? [{ field, code: 'FORBIDDEN', message: `You cannot add members to a group that grants ${excess}: it is more than you hold.` }] : [];
}
