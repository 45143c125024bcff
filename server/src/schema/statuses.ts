import type { RequestContext } from '../context.ts';
import type { FieldError } from './builder.ts';

/** A status may only be used on the content types it names, as in Nautobot. */
export async function checkStatusApplies(
  ctx: RequestContext,
  data: Record<string, unknown>,
  contentType: string,
  label: string,
): Promise<FieldError[]> {
  const statusId = data['statusId'];
  if (typeof statusId !== 'string') return [];
  const [appLabel, model] = contentType.split('.');
  // One statement when the status applies (the usual case); the name for the message only when it does not.
  if ((await ctx.prisma.status.count({ where: { id: statusId, contentTypes: { some: { appLabel, model } } } })) > 0) return [];
  const status = await ctx.prisma.status.findUnique({ where: { id: statusId }, select: { name: true } });
  if (!status) return [];
  return [{ field: 'statusId', code: 'INVALID_CHOICE', message: `Status "${status.name}" does not apply to ${label}.` }];
}
