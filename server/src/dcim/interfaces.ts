import type { FathomBuilder } from '../schema/builder.ts';
import { byTag } from '../schema/common.ts';
import { addModelApi } from '../schema/crud.ts';
import { ALL_FEATURES } from '../schema/features.ts';
import { containsAny } from '../schema/search.ts';
import type { FieldError } from '../schema/builder.ts';
import type { RequestContext } from '../context.ts';
import { systemOf } from '../system.ts';

/** Interface types, as in Nautobot's choices (a representative subset). */
export const INTERFACE_TYPES = [
  'virtual', 'bridge', 'lag',
  '100base-tx', '1000base-t', '2.5gbase-t', '5gbase-t', '10gbase-t',
  '1000base-x-sfp', '10gbase-x-sfpp', '25gbase-x-sfp28', '40gbase-x-qsfpp', '100gbase-x-qsfp28', '400gbase-x-qsfpdd',
  'ieee802.11ac', 'ieee802.11ax', 'other',
] as const;

const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

/** 802.1Q modes, as NetBox and Nautobot name them; empty for an interface that carries no VLANs. */
export const INTERFACE_MODES = ['', 'access', 'tagged', 'tagged-all'] as const;

/**
 * An untagged VLAN needs an 802.1Q mode, and must be global or belong to the device's location (as in NetBox).
 * Reads the device and the VLAN only when one of them changes.
 */
async function checkUntaggedVlan(data: Record<string, unknown>, ctx: RequestContext, existing: Record<string, unknown> | null): Promise<FieldError[]> {
  const mode = String(data['mode'] ?? existing?.['mode'] ?? '');
  const vlanId = ('untaggedVlanId' in data ? data['untaggedVlanId'] : existing?.['untaggedVlanId']) as string | null | undefined;
  if (!vlanId) return [];
  if (mode === '') return [{ field: 'mode', code: 'REQUIRED', message: 'Choose an 802.1Q mode (access or tagged) for an interface with an untagged VLAN.' }];
  if (!('untaggedVlanId' in data) && !('deviceId' in data)) return [];
  const db = systemOf(ctx).rootPrisma;
  const deviceId = String(data['deviceId'] ?? existing?.['deviceId'] ?? '');
  const [vlan, device] = await Promise.all([db.vLAN.findUnique({ where: { id: vlanId }, select: { locationId: true, name: true } }), db.device.findUnique({ where: { id: deviceId }, select: { locationId: true } })]);
  if (vlan?.locationId && device && vlan.locationId !== device.locationId) {
    return [{ field: 'untaggedVlanId', code: 'INVALID', message: `VLAN ${vlan.name} belongs to another location than the device; choose a global VLAN or one of the device's location.` }];
  }
  return [];
}

export function addInterfaceTypes(builder: FathomBuilder): void {
  addModelApi(builder, {
    model: 'Interface',
    searchable: true,
    features: ALL_FEATURES,
    type: { relations: { device: {}, untaggedVlan: {}, ipAddresses: { orderBy: [{ ipVersion: 'asc' }, { host: 'asc' }, { id: 'asc' }] }, tags: { orderBy: { name: 'asc' } } } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 64 },
      type: { kind: 'string', choices: INTERFACE_TYPES },
      enabled: { kind: 'boolean' },
      mtu: { kind: 'int', label: 'MTU', nullable: true, min: 1, max: 65536 },
      macAddress: { kind: 'string', label: 'MAC address', nullable: true, pattern: MAC, patternMessage: 'Enter a MAC address such as 00:1a:2b:3c:4d:5e.' },
      description: { kind: 'string', maxLength: 200 },
      device: { kind: 'ref', model: 'Device', column: 'deviceId', required: true },
      mode: { kind: 'string', label: '802.1Q mode', choices: INTERFACE_MODES },
      untaggedVlan: { kind: 'ref', model: 'VLAN', column: 'untaggedVlanId', label: 'Untagged VLAN', description: "The access port's VLAN, or a trunk's native VLAN." },
      tags: { kind: 'tags' },
    },
    prepare: checkUntaggedVlan,
    unique: [['deviceId', 'name']],
    filters: {
      name: { type: '[String!]', where: containsAny('Interface', 'name') },
      device: { type: '[String!]', description: 'Device ids or names.', where: (v: string[]) => ({ device: { OR: [{ id: { in: v } }, { name: { in: v } }] } }) },
      type: { type: '[String!]', where: (v: string[]) => ({ type: { in: v } }) },
      enabled: { type: 'Boolean', where: (v: boolean) => ({ enabled: v }) },
      mode: { type: '[String!]', where: (v: string[]) => ({ mode: { in: v } }) },
      vlan: {
        type: '[String!]',
        description: 'Untagged VLAN ids or VIDs.',
        where: (v: string[]) => ({ untaggedVlan: { OR: [{ id: { in: v } }, { vid: { in: v.filter((x) => /^\d{1,4}$/.test(x)).map(Number) } }] } }),
      },
      tag: { type: '[String!]', where: byTag },
    },
    search: ['name', 'description', 'macAddress', 'device.name'],
    context: 'device',
    orderFields: ['name', 'type', 'mtu', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
  });
}
