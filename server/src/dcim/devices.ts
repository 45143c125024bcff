import type { FathomBuilder } from '../schema/builder.ts';
import { byName, byTag, inLocations } from '../schema/common.ts';
import { addModelApi } from '../schema/crud.ts';
import { ALL_FEATURES } from '../schema/features.ts';
import { idOrName } from '../schema/model-spec.ts';
import { containsAny } from '../schema/search.ts';
import { checkStatusApplies } from '../extras/statuses.ts';

/** Manufacturers, device types, platforms and devices. */
export function addDeviceTypes(builder: FathomBuilder): void {
  addModelApi(builder, {
    model: 'Manufacturer',
    searchable: true,
    type: { relations: { deviceTypes: { orderBy: { model: 'asc' } } } },
    fields: { name: { kind: 'string', required: true, maxLength: 100 }, description: { kind: 'string', maxLength: 200 } },
    unique: [['name']],
    filters: { name: { type: '[String!]', where: (v: string[]) => ({ name: { in: v } }) } },
    search: ['name', 'description'],
    orderFields: ['name', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
  });

  addModelApi(builder, {
    model: 'DeviceType',
    searchable: true,
    display: 'model',
    type: { relations: { manufacturer: {} } },
    fields: {
      model: { kind: 'string', required: true, maxLength: 100 },
      partNumber: { kind: 'string', maxLength: 50 },
      uHeight: { kind: 'int', min: 0, max: 100 },
      isFullDepth: { kind: 'boolean' },
      comments: { kind: 'string' },
      manufacturer: { kind: 'ref', model: 'Manufacturer', column: 'manufacturerId', required: true },
    },
    unique: [['manufacturerId', 'model']],
    filters: {
      model: { type: '[String!]', where: (v: string[]) => ({ model: { in: v } }) },
      manufacturer: { type: '[String!]', where: byName('manufacturer') },
    },
    search: ['model', 'partNumber'],
    orderFields: ['model', 'partNumber', 'uHeight', 'created', 'lastUpdated'],
    defaultOrder: [{ model: 'asc' }],
  });

  addModelApi(builder, {
    model: 'Platform',
    searchable: true,
    type: { relations: { manufacturer: {} } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      description: { kind: 'string', maxLength: 200 },
      napalmDriver: { kind: 'string', maxLength: 50 },
      manufacturer: { kind: 'ref', model: 'Manufacturer', column: 'manufacturerId' },
    },
    unique: [['name']],
    filters: { name: { type: '[String!]', where: (v: string[]) => ({ name: { in: v } }) }, manufacturer: { type: '[String!]', where: byName('manufacturer') } },
    search: ['name', 'description', 'napalmDriver'],
    orderFields: ['name', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
  });

  addModelApi(builder, {
    model: 'Device',
    searchable: true,
    features: ALL_FEATURES,
    listFields: ['interfaceCount'],
    type: { relations: { location: {}, deviceType: {}, role: {}, platform: {}, status: {}, tags: { orderBy: { name: 'asc' } }, interfaces: { orderBy: [{ name: 'asc' }, { id: 'asc' }] } }, counts: { interfaceCount: 'interfaces' } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 64 },
      serial: { kind: 'string', maxLength: 255 },
      assetTag: { kind: 'string', nullable: true, maxLength: 50 },
      comments: { kind: 'string' },
      location: { kind: 'ref', model: 'Location', column: 'locationId', required: true },
      deviceType: { kind: 'ref', model: 'DeviceType', column: 'deviceTypeId', required: true },
      role: { kind: 'ref', model: 'Role', column: 'roleId', required: true },
      platform: { kind: 'ref', model: 'Platform', column: 'platformId' },
      status: { kind: 'ref', model: 'Status', column: 'statusId', required: true },
      tags: { kind: 'tags' },
    },
    unique: [['locationId', 'name'], ['assetTag']],
    filters: {
      name: { type: '[String!]', description: 'Names (substring, case-insensitive).', where: containsAny('Device', 'name') },
      serial: { type: 'String', where: (v: string) => ({ serial: v }) },
      location: { type: '[String!]', description: 'Location ids or names; includes every location below them.', where: (v: string[], ctx) => inLocations(ctx, v) },
      status: { type: '[String!]', where: byName('status') },
      role: { type: '[String!]', where: byName('role') },
      platform: { type: '[String!]', where: byName('platform') },
      deviceType: { type: '[String!]', description: 'Device type ids or model names.', where: (v: string[]) => ({ deviceType: { OR: [{ id: { in: v } }, { model: { in: v } }] } }) },
      manufacturer: { type: '[String!]', where: (v: string[]) => ({ deviceType: { manufacturer: idOrName(v) } }) },
      tag: { type: '[String!]', where: byTag },
    },
    search: ['name', 'serial', 'assetTag', 'comments', 'location.name'],
    context: 'location',
    orderFields: ['name', 'serial', 'assetTag', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
    prepare: (data, ctx) => checkStatusApplies(ctx, data, 'dcim.device', 'devices'),
  });
}
