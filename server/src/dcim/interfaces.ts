import type { FathomBuilder } from '../schema/builder.ts';
import { byTag } from '../schema/common.ts';
import { addModelApi } from '../schema/crud.ts';
import { ALL_FEATURES } from '../schema/features.ts';
import { insensitiveContains } from '../schema/model-spec.ts';

/** Interface types, as in Nautobot's choices (a representative subset). */
export const INTERFACE_TYPES = [
  'virtual', 'bridge', 'lag',
  '100base-tx', '1000base-t', '2.5gbase-t', '5gbase-t', '10gbase-t',
  '1000base-x-sfp', '10gbase-x-sfpp', '25gbase-x-sfp28', '40gbase-x-qsfpp', '100gbase-x-qsfp28', '400gbase-x-qsfpdd',
  'ieee802.11ac', 'ieee802.11ax', 'other',
] as const;

const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

export function addInterfaceTypes(builder: FathomBuilder): void {
  addModelApi(builder, {
    model: 'Interface',
    searchable: true,
    features: ALL_FEATURES,
    type: { relations: { device: {}, ipAddresses: { orderBy: [{ ipVersion: 'asc' }, { host: 'asc' }, { id: 'asc' }] }, tags: { orderBy: { name: 'asc' } } } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 64 },
      type: { kind: 'string', choices: INTERFACE_TYPES },
      enabled: { kind: 'boolean' },
      mtu: { kind: 'int', label: 'MTU', nullable: true, min: 1, max: 65536 },
      macAddress: { kind: 'string', label: 'MAC address', nullable: true, pattern: MAC, patternMessage: 'Enter a MAC address such as 00:1a:2b:3c:4d:5e.' },
      description: { kind: 'string', maxLength: 200 },
      device: { kind: 'ref', model: 'Device', column: 'deviceId', required: true },
      tags: { kind: 'tags' },
    },
    unique: [['deviceId', 'name']],
    filters: {
      name: { type: '[String!]', where: (v: string[], ctx) => ({ OR: v.map((n) => ({ name: insensitiveContains(ctx, n) })) }) },
      device: { type: '[String!]', description: 'Device ids or names.', where: (v: string[]) => ({ device: { OR: [{ id: { in: v } }, { name: { in: v } }] } }) },
      type: { type: '[String!]', where: (v: string[]) => ({ type: { in: v } }) },
      enabled: { type: 'Boolean', where: (v: boolean) => ({ enabled: v }) },
      tag: { type: '[String!]', where: byTag },
    },
    search: ['name', 'description', 'macAddress', 'device.name'],
    context: 'device',
    orderFields: ['name', 'type', 'mtu', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
  });
}
