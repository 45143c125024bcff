import type { FathomBuilder, FieldError } from '../schema/builder.ts';
import { byName, byTag, inLocations } from '../schema/common.ts';
import { addModelApi } from '../schema/crud.ts';
import { ALL_FEATURES } from '../schema/features.ts';
import type { Where } from '../schema/model-spec.ts';
import { containsAny, containsWhere } from '../schema/search.ts';
import { parseCidr, type ParsedCidr } from './ip.ts';
import { checkStatusApplies } from '../extras/statuses.ts';
import { addPrefixUtilization } from './utilization.ts';

/** The CIDR text in `data[field]`, parsed; a problem (unparsable, or without its length) is added to `errors`. */
function readCidr(data: Record<string, unknown>, field: string, missingLength: string, errors: FieldError[]): ParsedCidr | null {
  const text = data[field];
  if (typeof text !== 'string') return null;
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') errors.push({ field, code: 'INVALID', message: parsed });
  else if (!text.includes('/')) errors.push({ field, code: 'INVALID', message: missingLength });
  else return parsed;
  return null;
}

export const IP_ROLES = ['', 'loopback', 'secondary', 'anycast', 'vip', 'vrrp', 'hsrp', 'glbp', 'carp'] as const;

/** Rows whose [network, broadcast] range lies inside the given network (inclusive). */
function within(text: string, strict: boolean): Where {
  const net = parseCidr(text);
  if (typeof net === 'string') return { id: { in: [] } };
  const where: Where = { ipVersion: net.version, network: { gte: net.networkHex }, broadcast: { lte: net.broadcastHex } };
  return strict ? { AND: [where, { prefixLength: { gt: net.prefixLength } }] } : where;
}

export function addIpamTypes(builder: FathomBuilder): void {
  addModelApi(builder, {
    model: 'Prefix',
    searchable: true,
    features: ALL_FEATURES,
    labelPlural: 'Prefixes',
    display: 'prefix',
    type: { relations: { status: {}, location: {}, vlan: {}, tags: { orderBy: { name: 'asc' } } }, hide: ['network', 'broadcast'] },
    fields: {
      prefix: { kind: 'string', required: true, description: 'Network in CIDR notation, e.g. 10.0.0.0/16 or 2001:db8::/48.' },
      description: { kind: 'string', maxLength: 200 },
      isPool: { kind: 'boolean' },
      status: { kind: 'ref', model: 'Status', column: 'statusId', required: true },
      location: { kind: 'ref', model: 'Location', column: 'locationId' },
      vlan: { kind: 'ref', label: 'VLAN', model: 'VLAN', column: 'vlanId' },
      tags: { kind: 'tags' },
    },
    filters: {
      within: { type: 'String', description: 'Prefixes inside this network (not the network itself).', where: (v: string) => within(v, true) },
      withinInclude: { type: 'String', description: 'Prefixes inside this network, including it.', where: (v: string) => within(v, false) },
      contains: {
        type: 'String',
        description: 'Prefixes that contain this address or network.',
        where: (v: string) => {
          const net = parseCidr(v);
          if (typeof net === 'string') return { id: { in: [] } };
          return { ipVersion: net.version, network: { lte: net.networkHex }, broadcast: { gte: net.broadcastHex }, prefixLength: { lte: net.prefixLength } };
        },
      },
      ipVersion: { type: 'Int', where: (v: number) => ({ ipVersion: v }) },
      location: { type: '[String!]', where: (v: string[], ctx) => inLocations(ctx, v) },
      status: { type: '[String!]', where: byName('status') },
      tag: { type: '[String!]', where: byTag },
    },
    search: ['prefix', 'description'],
    orderFields: ['network', 'prefixLength', 'created', 'lastUpdated'],
    defaultOrder: [{ ipVersion: 'asc' }, { network: 'asc' }, { prefixLength: 'asc' }],
    prepare: async (data, ctx) => {
      const errors: FieldError[] = [...(await checkStatusApplies(ctx, data, 'ipam.prefix', 'prefixes'))];
      const net = readCidr(data, 'prefix', 'Enter the prefix length, e.g. 10.0.0.0/24.', errors);
      if (net && net.network !== net.address) errors.push({ field: 'prefix', code: 'INVALID', message: `${String(data['prefix'])} has host bits set; did you mean ${net.network}?` });
      else if (net) Object.assign(data, { prefix: net.network, ipVersion: net.version, prefixLength: net.prefixLength, network: net.networkHex, broadcast: net.broadcastHex });
      return errors;
    },
  });

  addModelApi(builder, {
    model: 'IPAddress',
    searchable: true,
    features: ALL_FEATURES,
    label: 'IP address',
    labelPlural: 'IP addresses',
    display: 'address',
    type: { relations: { status: {}, interface: {}, tags: { orderBy: { name: 'asc' } } }, hide: ['host'] },
    fields: {
      address: { kind: 'string', required: true, description: 'Address with mask, e.g. 10.0.0.1/24 or 2001:db8::1/64.' },
      role: { kind: 'string', choices: IP_ROLES },
      dnsName: { kind: 'string', maxLength: 255, pattern: /^[0-9a-z_.*-]*$/i, patternMessage: 'Only letters, digits, dots, hyphens, underscores and * are allowed in a DNS name.' },
      description: { kind: 'string', maxLength: 200 },
      status: { kind: 'ref', model: 'Status', column: 'statusId', required: true },
      interface: { kind: 'ref', model: 'Interface', column: 'interfaceId' },
      tags: { kind: 'tags' },
    },
    filters: {
      parent: { type: 'String', description: 'Addresses inside this prefix.', where: (v: string) => {
        const net = parseCidr(v);
        if (typeof net === 'string') return { id: { in: [] } };
        return { ipVersion: net.version, host: { gte: net.networkHex, lte: net.broadcastHex } };
      } },
      address: { type: '[String!]', description: 'Exact addresses (with or without mask).', where: (v: string[]) => {
        const hosts = v.map((a) => parseCidr(a)).filter((p) => typeof p !== 'string');
        return { OR: hosts.map((h) => ({ ipVersion: h.version, host: h.hostHex })) };
      } },
      ipVersion: { type: 'Int', where: (v: number) => ({ ipVersion: v }) },
      device: { type: '[String!]', description: 'Device ids or names.', where: (v: string[]) => ({ interface: { device: { OR: [{ id: { in: v } }, { name: { in: v } }] } } }) },
      interface: { type: '[ID!]', where: (v: string[]) => ({ interfaceId: { in: v } }) },
      assigned: { type: 'Boolean', description: 'Only addresses assigned (or not) to an interface.', where: (v: boolean) => (v ? { interfaceId: { not: null } } : { interfaceId: null }) },
      role: { type: '[String!]', where: (v: string[]) => ({ role: { in: v } }) },
      dnsName: { type: 'String', where: (v: string, ctx) => containsWhere(ctx, 'IPAddress', 'dnsName', v) },
      status: { type: '[String!]', where: byName('status') },
      tag: { type: '[String!]', where: byTag },
    },
    search: ['address', 'dnsName', 'description'],
    orderFields: ['host', 'dnsName', 'created', 'lastUpdated'],
    defaultOrder: [{ ipVersion: 'asc' }, { host: 'asc' }],
    prepare: async (data, ctx) => {
      const errors: FieldError[] = [...(await checkStatusApplies(ctx, data, 'ipam.ipaddress', 'IP addresses'))];
      const ip = readCidr(data, 'address', 'Enter the mask, e.g. 10.0.0.1/24.', errors);
      if (ip) Object.assign(data, { address: ip.address, ipVersion: ip.version, prefixLength: ip.prefixLength, host: ip.hostHex });
      return errors;
    },
  });

  addModelApi(builder, {
    model: 'VLAN',
    searchable: true,
    features: ALL_FEATURES,
    label: 'VLAN',
    type: { relations: { status: {}, location: {}, role: {}, prefixes: { orderBy: [{ network: 'asc' }, { id: 'asc' }] }, tags: { orderBy: { name: 'asc' } } } },
    fields: {
      vid: { kind: 'int', label: 'VID', required: true, min: 1, max: 4094, description: 'VLAN id, 1 to 4094.' },
      name: { kind: 'string', required: true, maxLength: 64 },
      description: { kind: 'string', maxLength: 200 },
      status: { kind: 'ref', model: 'Status', column: 'statusId', required: true },
      location: { kind: 'ref', model: 'Location', column: 'locationId' },
      role: { kind: 'ref', model: 'Role', column: 'roleId' },
      tags: { kind: 'tags' },
    },
    unique: [['locationId', 'vid']],
    filters: {
      vid: { type: 'Int', where: (v: number) => ({ vid: v }) },
      name: { type: '[String!]', where: containsAny('VLAN', 'name') },
      location: { type: '[String!]', where: (v: string[], ctx) => inLocations(ctx, v) },
      role: { type: '[String!]', where: byName('role') },
      status: { type: '[String!]', where: byName('status') },
      tag: { type: '[String!]', where: byTag },
    },
    search: ['name', 'description'],
    orderFields: ['vid', 'name', 'created', 'lastUpdated'],
    defaultOrder: [{ vid: 'asc' }],
    prepare: (data, ctx) => checkStatusApplies(ctx, data, 'ipam.vlan', 'VLANs'),
  });
  addPrefixUtilization(builder);
}
