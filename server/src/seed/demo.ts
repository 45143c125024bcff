import { randomUUID } from 'node:crypto';
import type { FathomConfig } from '../config/config.ts';
import type { PrismaClient } from '../db/client.ts';
import { openPrisma, resolvePlugins } from '../runtime.ts';
import { parseCidr } from '../ipam/ip.ts';
import { createUser } from '../auth/users.ts';

const STATUSES: Array<[string, string, string[]]> = [
  ['Active', '4caf50', ['dcim.location', 'dcim.device', 'ipam.prefix', 'ipam.ipaddress', 'ipam.vlan']],
  ['Planned', '00bcd4', ['dcim.location', 'dcim.device', 'ipam.prefix', 'ipam.ipaddress', 'ipam.vlan']],
  ['Staged', '2196f3', ['dcim.device']],
  ['Offline', '9e9e9e', ['dcim.device']],
  ['Decommissioning', 'ffc107', ['dcim.location', 'dcim.device']],
  ['Reserved', '00bcd4', ['ipam.prefix', 'ipam.ipaddress', 'ipam.vlan']],
  ['Deprecated', 'f44336', ['ipam.prefix', 'ipam.ipaddress', 'ipam.vlan']],
];

const REGIONS: Array<[string, Array<[string, string]>]> = [
  ['North America', [['nyc1', 'New York 1'], ['iad1', 'Ashburn 1'], ['sfo1', 'San Francisco 1'], ['sea1', 'Seattle 1']]],
  ['Europe', [['ams1', 'Amsterdam 1'], ['fra1', 'Frankfurt 1'], ['lon1', 'London 1']]],
  ['Asia Pacific', [['sin1', 'Singapore 1']]],
];

interface DeviceProfile {
  role: string;
  count: number;
  type: string;
  platform: string;
  interfaces: Array<[string, string]>;
}

const PROFILES: DeviceProfile[] = [
  { role: 'Core Router', count: 2, type: 'MX204', platform: 'Juniper Junos', interfaces: [['et-0/0/0', '100gbase-x-qsfp28'], ['et-0/0/1', '100gbase-x-qsfp28'], ['xe-0/1/0', '10gbase-x-sfpp'], ['xe-0/1/1', '10gbase-x-sfpp'], ['lo0', 'virtual'], ['em0', '1000base-t']] },
  { role: 'Firewall', count: 2, type: 'PA-3220', platform: 'PAN-OS', interfaces: [['ethernet1/1', '10gbase-x-sfpp'], ['ethernet1/2', '10gbase-x-sfpp'], ['mgmt', '1000base-t']] },
  { role: 'Distribution Switch', count: 4, type: 'DCS-7050SX3-48YC8', platform: 'Arista EOS', interfaces: [['Ethernet1', '25gbase-x-sfp28'], ['Ethernet2', '25gbase-x-sfp28'], ['Ethernet49/1', '100gbase-x-qsfp28'], ['Ethernet50/1', '100gbase-x-qsfp28'], ['Loopback0', 'virtual'], ['Management1', '1000base-t']] },
  // Every port of a 48-port access switch: enough interfaces (over 12,000) that paging and pickers matter.
  {
    role: 'Access Switch',
    count: 30,
    type: 'C9300-48P',
    platform: 'Cisco IOS-XE',
    interfaces: [
      ...Array.from({ length: 48 }, (_, i): [string, string] => [`GigabitEthernet1/0/${i + 1}`, '1000base-t']),
      ['TenGigabitEthernet1/1/1', '10gbase-x-sfpp'],
      ['TenGigabitEthernet1/1/2', '10gbase-x-sfpp'],
      ['Vlan100', 'virtual'],
    ],
  },
];

const TYPES: Array<[string, string, string]> = [
  ['Juniper', 'MX204', '750-070866'],
  ['Palo Alto Networks', 'PA-3220', 'PAN-PA-3220'],
  ['Arista', 'DCS-7050SX3-48YC8', 'DCS-7050SX3-48YC8-R'],
  ['Cisco', 'C9300-48P', 'C9300-48P-A'],
];

const PLATFORMS: Array<[string, string, string]> = [
  ['Juniper Junos', 'Juniper', 'junos'],
  ['PAN-OS', 'Palo Alto Networks', 'panos'],
  ['Arista EOS', 'Arista', 'eos'],
  ['Cisco IOS-XE', 'Cisco', 'ios'],
];

function ipv4(base: number): string {
  return [base >>> 24, (base >>> 16) & 255, (base >>> 8) & 255, base & 255].join('.');
}

function prefixRow(text: string, statusId: string, extra: Record<string, unknown>) {
  const net = parseCidr(text);
  if (typeof net === 'string') throw new Error(net);
  return { id: randomUUID(), prefix: net.network, ipVersion: net.version, prefixLength: net.prefixLength, network: net.networkHex, broadcast: net.broadcastHex, statusId, ...extra };
}

function addressRow(text: string, statusId: string, extra: Record<string, unknown>) {
  const ip = parseCidr(text);
  if (typeof ip === 'string') throw new Error(ip);
  return { id: randomUUID(), address: ip.address, ipVersion: ip.version, prefixLength: ip.prefixLength, host: ip.hostHex, statusId, ...extra };
}

/** Write the demo network with the given client. Returns a one-line summary. */
export async function writeDemoData(prisma: PrismaClient): Promise<string> {
  const contentTypes = await prisma.contentType.findMany();
  const ctId = (label: string) => contentTypes.find((c) => `${c.appLabel}.${c.model}` === label)?.id;
  const status: Record<string, string> = {};
  for (const [name, color, types] of STATUSES) {
    const row = await prisma.status.upsert({
      where: { name },
      create: { name, color, contentTypes: { connect: types.map(ctId).filter((id): id is string => !!id).map((id) => ({ id })) } },
      update: {},
    });
    status[name] = row.id;
  }
  const active = status['Active'] ?? '';
  const role: Record<string, string> = {};
  for (const [name, color] of [['Core Router', 'f44336'], ['Firewall', 'ff5722'], ['Distribution Switch', '3f51b5'], ['Access Switch', '2196f3']] as const) {
    role[name] = (await prisma.role.upsert({ where: { name }, create: { name, color }, update: {} })).id;
  }
  const tag: Record<string, string> = {};
  for (const [name, color] of [['production', '4caf50'], ['pci', '9c27b0'], ['managed', '607d8b']] as const) {
    tag[name] = (await prisma.tag.upsert({ where: { name }, create: { name, color }, update: {} })).id;
  }
  const manufacturer: Record<string, string> = {};
  for (const [name] of TYPES) manufacturer[name] = (await prisma.manufacturer.upsert({ where: { name }, create: { name }, update: {} })).id;
  const deviceType: Record<string, string> = {};
  for (const [maker, model, partNumber] of TYPES) {
    const manufacturerId = manufacturer[maker] ?? '';
    deviceType[model] = (
      await prisma.deviceType.upsert({ where: { manufacturerId_model: { manufacturerId, model } }, create: { manufacturerId, model, partNumber }, update: {} })
    ).id;
  }
  const platform: Record<string, string> = {};
  for (const [name, maker, napalmDriver] of PLATFORMS) {
    platform[name] = (await prisma.platform.upsert({ where: { name }, create: { name, napalmDriver, manufacturerId: manufacturer[maker] ?? null }, update: {} })).id;
  }
  const regionType = await prisma.locationType.upsert({ where: { name: 'Region' }, create: { name: 'Region', nestable: true }, update: {} });
  const siteType = await prisma.locationType.upsert({ where: { name: 'Site' }, create: { name: 'Site', parentId: regionType.id }, update: {} });

  const devices: Array<Record<string, unknown>> = [];
  const interfaces: Array<Record<string, unknown>> = [];
  const addresses: Array<Record<string, unknown>> = [];
  const prefixes: Array<Record<string, unknown>> = [];
  const vlans: Array<Record<string, unknown>> = [];
  const deviceTags: Array<{ deviceId: string; tags: string[] }> = [];
  let siteIndex = 0;
  for (const [regionName, sites] of REGIONS) {
    const region = await prisma.location.create({ data: { name: regionName, locationTypeId: regionType.id, statusId: active } });
    for (const [code, facility] of sites) {
      siteIndex += 1;
      const site = await prisma.location.create({
        data: { name: code.toUpperCase(), facility, description: `${facility} data centre`, locationTypeId: siteType.id, parentId: region.id, statusId: siteIndex === 8 ? (status['Planned'] ?? active) : active },
      });
      const siteNet = (10 << 24) + (siteIndex << 16);
      prefixes.push(prefixRow(`${ipv4(siteNet)}/16`, active, { locationId: site.id, description: `${code} aggregate` }));
      prefixes.push(prefixRow(`${ipv4(siteNet)}/24`, active, { locationId: site.id, description: `${code} loopbacks` }));
      prefixes.push(prefixRow(`${ipv4(siteNet + 256)}/24`, active, { locationId: site.id, description: `${code} point-to-point links` }));
      prefixes.push(prefixRow(`2001:db8:${siteIndex.toString(16)}::/48`, active, { locationId: site.id, description: `${code} IPv6 aggregate` }));
      const siteVlans = new Map<number, string>();
      for (const [vid, name] of [[10, 'users'], [20, 'voice'], [30, 'printers'], [100, 'management'], [999, 'quarantine']] as const) {
        const vlanId = randomUUID();
        siteVlans.set(vid, vlanId);
        vlans.push({ id: vlanId, vid, name: `${code}-${name}`, locationId: site.id, statusId: active });
        prefixes.push(prefixRow(`${ipv4(siteNet + vid * 256)}/24`, active, { locationId: site.id, vlanId, description: `${code} ${name}` }));
      }
      let host = 1;
      for (const profile of PROFILES) {
        for (let n = 1; n <= profile.count; n += 1) {
          const short = profile.role.split(' ').map((w) => w[0]).join('').toLowerCase();
          const id = randomUUID();
          const name = `${code}-${short}${String(n).padStart(2, '0')}`;
          devices.push({
            id,
            name,
            serial: `${code.toUpperCase()}${short.toUpperCase()}${String(siteIndex * 1000 + n).padStart(6, '0')}`,
            locationId: site.id,
            deviceTypeId: deviceType[profile.type],
            roleId: role[profile.role],
            platformId: platform[profile.platform],
            statusId: n === profile.count && profile.count > 10 ? (status['Planned'] ?? active) : active,
          });
          deviceTags.push({ deviceId: id, tags: profile.role === 'Firewall' ? [tag['production'] ?? '', tag['pci'] ?? ''] : [tag['production'] ?? '', tag['managed'] ?? ''] });
          for (const [ifName, type] of profile.interfaces) {
            const interfaceId = randomUUID();
            // Access switches: user ports in the users VLAN, uplinks carrying every VLAN.
            const access = profile.role === 'Access Switch' && ifName.startsWith('GigabitEthernet');
            const uplink = profile.role === 'Access Switch' && ifName.startsWith('TenGigabitEthernet');
            const vlan = access ? { mode: 'access', untaggedVlanId: siteVlans.get(10) } : uplink ? { mode: 'tagged-all', untaggedVlanId: siteVlans.get(100) } : {};
            interfaces.push({ id: interfaceId, deviceId: id, name: ifName, type, mtu: type === 'virtual' ? null : 9216, enabled: true, ...vlan });
            if (type === 'virtual' || ifName.startsWith('em') || ifName.startsWith('Management') || ifName === 'mgmt') {
              addresses.push(addressRow(`${ipv4(siteNet + host)}/32`, active, { interfaceId, dnsName: `${name}.${code}.example.net`, role: type === 'virtual' ? 'loopback' : '' }));
              host += 1;
            }
          }
        }
      }
    }
  }
  await prisma.vLAN.createMany({ data: vlans as never });
  await prisma.prefix.createMany({ data: prefixes as never });
  await prisma.device.createMany({ data: devices as never });
  await prisma.interface.createMany({ data: interfaces as never });
  await prisma.iPAddress.createMany({ data: addresses as never });
  for (const tagId of Object.values(tag)) {
    const ids = deviceTags.filter((d) => d.tags.includes(tagId)).map((d) => d.deviceId);
    await prisma.tag.update({ where: { id: tagId }, data: { devices: { connect: ids.map((id) => ({ id })) } } });
  }
  return `${siteIndex} sites, ${devices.length} devices, ${interfaces.length} interfaces, ${addresses.length} IP addresses, ${prefixes.length} prefixes, ${vlans.length} VLANs`;
}

export const DEMO_USERS = {
  admin: { username: 'admin', password: 'fathom-admin' },
  viewer: { username: 'viewer', password: 'fathom-viewer' },
} as const;

/** An admin (superuser) and a read-only viewer who may view every content type. */
async function writeDemoUsers(prisma: PrismaClient): Promise<string> {
  await createUser(prisma, { ...DEMO_USERS.admin, superuser: true });
  if (!(await prisma.user.findUnique({ where: { username: DEMO_USERS.viewer.username } }))) {
    const viewer = await createUser(prisma, { ...DEMO_USERS.viewer, superuser: false });
    const all = await prisma.contentType.findMany({ select: { id: true } });
    await prisma.objectPermission.create({
      data: { name: 'View everything', actions: 'view', contentTypes: { connect: all }, users: { connect: [{ id: viewer.id }] } },
    });
  }
  return `users ${DEMO_USERS.admin.username} / ${DEMO_USERS.admin.password} (superuser) and ${DEMO_USERS.viewer.username} / ${DEMO_USERS.viewer.password} (read-only)`;
}

/** `fathom seed --demo`: a believable network, written once into an empty database. */
export async function seedDemo(config: FathomConfig, options: { ifEmpty: boolean }): Promise<{ created: boolean; summary: string }> {
  const { prisma } = await openPrisma(config, await resolvePlugins(config));
  try {
    if (options.ifEmpty && (await prisma.device.count()) > 0) return { created: false, summary: '' };
    const summary = await writeDemoData(prisma);
    // Known passwords are only acceptable on the embedded default, a single-user evaluation setup.
    if (config.database.provider === 'sqlite') return { created: true, summary: `${summary}; ${await writeDemoUsers(prisma)}` };
    return { created: true, summary };
  } finally {
    await prisma.$disconnect();
  }
}
