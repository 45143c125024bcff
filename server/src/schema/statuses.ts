import type { RequestContext } from '../context.ts';
import type { FieldError } from './builder.ts';

/** Content type labels of the core models that carry a status. */
export const STATUS_CONTENT_TYPES = ['dcim.location', 'dcim.device', 'ipam.prefix', 'ipam.ipaddress', 'ipam.vlan'] as const;

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
  const status = await ctx.prisma.status.findUnique({
    where: { id: statusId },
    select: { name: true, contentTypes: { where: { appLabel, model }, select: { id: true } } },
  });
  if (!status || status.contentTypes.length > 0) return [];
  return [{ field: 'statusId', code: 'INVALID_CHOICE', message: `Status "${status.name}" does not apply to ${label}.` }];
}
