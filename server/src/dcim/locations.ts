import type { FathomBuilder, FieldError } from '../schema/builder.ts';
import { byName, byTag, inLocations } from '../schema/common.ts';
import { addModelApi } from '../schema/crud.ts';
import { ALL_FEATURES } from '../schema/features.ts';
import { idOrName, insensitiveContains } from '../schema/model-spec.ts';
import { checkStatusApplies } from '../extras/statuses.ts';

/** Location types and the location tree (region → site → building…). */
export function addLocationTypes(builder: FathomBuilder): void {
  addModelApi(builder, {
    model: 'LocationType',
    type: { relations: { parent: {}, children: { orderBy: { name: 'asc' } } } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      description: { kind: 'string', maxLength: 200 },
      nestable: { kind: 'boolean' },
      parent: { kind: 'ref', model: 'LocationType', column: 'parentId' },
    },
    unique: [['name']],
    filters: { name: { type: '[String!]', where: (v: string[]) => ({ name: { in: v } }) } },
    search: ['name', 'description'],
    orderFields: ['name', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
    prepare: (data, _ctx, existing) =>
      data['parentId'] && existing && data['parentId'] === existing['id']
        ? [{ field: 'parentId', code: 'INVALID', message: 'A location type cannot be its own parent.' }]
        : [],
  });

  addModelApi(builder, {
    model: 'Location',
    searchable: true,
    features: ALL_FEATURES,
    type: { relations: { locationType: {}, parent: {}, children: { orderBy: { name: 'asc' } }, status: {}, tags: { orderBy: { name: 'asc' } } }, connections: { devices: { orderBy: [{ name: 'asc' }, { id: 'asc' }] } } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      description: { kind: 'string', maxLength: 200 },
      facility: { kind: 'string', maxLength: 100 },
      locationType: { kind: 'ref', model: 'LocationType', column: 'locationTypeId', required: true },
      parent: { kind: 'ref', model: 'Location', column: 'parentId' },
      status: { kind: 'ref', model: 'Status', column: 'statusId', required: true },
      tags: { kind: 'tags' },
    },
    unique: [['parentId', 'name']],
    filters: {
      name: { type: '[String!]', where: (v: string[], ctx) => ({ OR: v.map((n) => ({ name: insensitiveContains(ctx, n) })) }) },
      locationType: { type: '[String!]', description: 'Location type ids or names.', where: byName('locationType') },
      parent: { type: '[String!]', description: 'Locations anywhere below these (ids or names).', where: async (v: string[], ctx) => {
        const below = await inLocations(ctx, v, 'id');
        const roots = await ctx.prisma.location.findMany({ where: idOrName(v), select: { id: true } });
        return { AND: [below, { id: { notIn: roots.map((r) => r.id) } }] };
      } },
      status: { type: '[String!]', where: byName('status') },
      tag: { type: '[String!]', where: byTag },
    },
    search: ['name', 'description', 'facility'],
    orderFields: ['name', 'facility', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
    prepare: async (data, ctx, existing) => {
      const errors: FieldError[] = [...(await checkStatusApplies(ctx, data, 'dcim.location', 'locations'))];
      const typeId = (data['locationTypeId'] ?? existing?.['locationTypeId']) as string | undefined;
      const parentId = ('parentId' in data ? data['parentId'] : existing?.['parentId']) as string | null | undefined;
      if (!typeId) return errors;
      const type = await ctx.prisma.locationType.findUnique({ where: { id: typeId }, select: { name: true, parentId: true, nestable: true } });
      if (!type) return errors;
      if (parentId) {
        if (existing && parentId === existing['id']) {
          errors.push({ field: 'parentId', code: 'INVALID', message: 'A location cannot be its own parent.' });
          return errors;
        }
        const parent = await ctx.prisma.location.findUnique({ where: { id: parentId }, select: { locationTypeId: true, locationType: { select: { name: true } } } });
        const allowed = parent && (parent.locationTypeId === type.parentId || (type.nestable && parent.locationTypeId === typeId));
        if (parent && !allowed) {
          errors.push({ field: 'parentId', code: 'INVALID', message: `A ${type.name} cannot sit under a ${parent.locationType.name}.` });
        }
      } else if (type.parentId) {
        errors.push({ field: 'parentId', code: 'REQUIRED', message: `A ${type.name} needs a parent location.` });
      }
      return errors;
    },
  });
}
