import type { RequestContext } from '../context.ts';
import type { FieldError } from '../schema/builder.ts';
import { systemOf } from '../system.ts';

/** A status may only be used on the content types it names, as in Nautobot. */
export async function checkStatusApplies(
  ctx: RequestContext,
  data: Record<string, unknown>,
  contentType: string,
  label: string,
): Promise<FieldError[]> {
  const statusId = data['statusId'];
  if (typeof statusId !== 'string') return [];
  // Known (cached) or one statement when the status applies, the usual case; its name only when it does not.
  if (await systemOf(ctx).definitions.statusApplies(statusId, contentType)) return [];
  const status = await ctx.prisma.status.findUnique({ where: { id: statusId }, select: { name: true } });
  if (!status) return [];
  return [{ field: 'statusId', code: 'INVALID_CHOICE', message: `Status "${status.name}" does not apply to ${label}.` }];
}
