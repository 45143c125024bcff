import type { PrismaClient } from '../db/client.ts';
import { parseCidr } from '../ipam/ip.ts';

/**
 * Fixture builders: each test creates the data it needs. Returns the ids of what it made.
 */
export async function buildSite(prisma: PrismaClient, name = 'Site A') {
  const active = await prisma.status.upsert({
    where: { name: 'Active' },
    create: {
      name: 'Active',
      contentTypes: { connect: (await prisma.contentType.findMany({ where: { OR: [{ appLabel: 'dcim' }, { appLabel: 'ipam' }] } })).map((c) => ({ id: c.id })) },
    },
    update: {},
  });
  const regionType = await prisma.locationType.upsert({ where: { name: 'Region' }, create: { name: 'Region', nestable: true }, update: {} });
  const siteType = await prisma.locationType.upsert({ where: { name: 'Site' }, create: { name: 'Site', parentId: regionType.id }, update: {} });
  const region = await prisma.location.create({ data: { name: `${name} region`, locationTypeId: regionType.id, statusId: active.id } });
  const site = await prisma.location.create({ data: { name, locationTypeId: siteType.id, parentId: region.id, statusId: active.id } });
  const maker = await prisma.manufacturer.upsert({ where: { name: 'Acme' }, create: { name: 'Acme' }, update: {} });
  const type = await prisma.deviceType.upsert({
    where: { manufacturerId_model: { manufacturerId: maker.id, model: 'R1' } },
    create: { manufacturerId: maker.id, model: 'R1' },
    update: {},
  });
  const role = await prisma.role.upsert({ where: { name: 'Router' }, create: { name: 'Router' }, update: {} });
  return { statusId: active.id, regionId: region.id, siteId: site.id, deviceTypeId: type.id, roleId: role.id };
}

/** `count` devices at a new site, each with `interfaces` interfaces and one address per interface. */
export async function buildDevices(prisma: PrismaClient, count: number, interfaces = 2, siteName = 'Site A') {
  const site = await buildSite(prisma, siteName);
  const ids: string[] = [];
  for (let d = 0; d < count; d += 1) {
    const device = await prisma.device.create({
      data: {
        name: `${siteName.toLowerCase().replace(/\s/g, '-')}-r${String(d).padStart(3, '0')}`,
        locationId: site.siteId,
        deviceTypeId: site.deviceTypeId,
        roleId: site.roleId,
        statusId: site.statusId,
        interfaces: {
          create: Array.from({ length: interfaces }, (_, i) => ({
            name: `eth${i}`,
            ipAddresses: {
              create: [{ ...addressColumns(`10.${d % 250}.${i % 250}.${1 + Math.floor(i / 250)}/24`), statusId: site.statusId }],
            },
          })),
        },
      },
    });
    ids.push(device.id);
  }
  return { ...site, deviceIds: ids };
}

/** The stored columns of an IP address, computed the way the API computes them. */
export function addressColumns(text: string) {
  const ip = parseCidr(text);
  if (typeof ip === 'string') throw new Error(ip);
  return { address: ip.address, ipVersion: ip.version, prefixLength: ip.prefixLength, host: ip.hostHex };
}
