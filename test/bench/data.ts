import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../server/src/runtime.ts';
import { addressColumns } from '../fixtures/network.ts';

/** The bench's data: the nested-read set (devices, interfaces, addresses, BGP sessions), the SQL floor over it, and bulk devices for the scale section. */

/** The data set of the outside comparison the performance targets come from: 20 locations, 1,000 devices, 10 interfaces each. */
export const DEVICES = 1000;
export const INTERFACES = 10;
export const LOCATIONS = 20;
/** Interfaces per device in the scale section. */
export const SCALE_INTERFACES = 10;

export async function seed(runtime: Runtime): Promise<void> {
  const prisma = runtime.prisma;
  const ct = await prisma.contentType.findMany();
  const status = await prisma.status.create({ data: { name: 'Active', contentTypes: { connect: ct.map((c) => ({ id: c.id })) } } });
  const type = await prisma.locationType.create({ data: { name: 'Site' } });
  const sites = [];
  for (let l = 0; l < LOCATIONS; l += 1) sites.push(await prisma.location.create({ data: { name: `Bench ${String(l).padStart(2, '0')}`, locationTypeId: type.id, statusId: status.id } }));
  const maker = await prisma.manufacturer.create({ data: { name: 'Acme' } });
  const dt = await prisma.deviceType.create({ data: { model: 'R1', manufacturerId: maker.id } });
  const role = await prisma.role.create({ data: { name: 'Router' } });
  const devices = [];
  const interfaces = [];
  const addresses = [];
  const sessions = [];
  for (let d = 0; d < DEVICES; d += 1) {
    const id = randomUUID();
    devices.push({ id, name: `bench-${String(d).padStart(4, '0')}`, locationId: sites[d % LOCATIONS]!.id, deviceTypeId: dt.id, roleId: role.id, statusId: status.id });
    sessions.push({ id: randomUUID(), name: 'upstream', localAsn: 64512, remoteAsn: 65000 + (d % 100), remoteAddress: '192.0.2.1', deviceId: id });
    for (let i = 0; i < INTERFACES; i += 1) {
      const interfaceId = randomUUID();
      interfaces.push({ id: interfaceId, deviceId: id, name: `eth${i}` });
      const host = ((10 << 24) + d * 16 + i) >>> 0;
      const text = `${host >>> 24}.${(host >>> 16) & 255}.${(host >>> 8) & 255}.${host & 255}/24`;
      addresses.push({ id: randomUUID(), ...addressColumns(text), statusId: status.id, interfaceId });
    }
  }
  await prisma.device.createMany({ data: devices });
  await prisma.interface.createMany({ data: interfaces });
  await prisma.iPAddress.createMany({ data: addresses });
  await prisma.exampleBgpSession.createMany({ data: sessions });
  // What autovacuum does within a minute of such a load on PostgreSQL. Without statistics the planner guesses the
  // nested read's statement costs about 200,000 (it is 12,000), past jit_above_cost: JIT compilation then adds
  // about 8 ms to a 5 ms statement, which a deployed server does not pay.
  if (runtime.config.database.provider === 'postgresql') for (const table of ['Device', 'Interface', 'IPAddress', 'ExampleBgpSession']) await prisma.$executeRawUnsafe(`ANALYZE "${table}"`);
}

/** The floor: the same data fetched by one hand-written SQL query and assembled in JS. */
export async function floor(runtime: Runtime, first: number): Promise<unknown> {
  const rows = await runtime.prisma.$queryRawUnsafe<Array<Record<string, string | null>>>(
    `SELECT d."id" AS did, d."name" AS dname, i."id" AS iid, i."name" AS iname, a."address" AS addr
       FROM (SELECT "id", "name" FROM "Device" ORDER BY "name", "id" LIMIT ${first}) d
       LEFT JOIN "Interface" i ON i."deviceId" = d."id"
       LEFT JOIN "IPAddress" a ON a."interfaceId" = i."id"
      ORDER BY d."name", d."id", i."name", i."id", a."address"`,
  );
  const devices = new Map<string, { id: string; name: string; interfaces: Map<string, { id: string; name: string; ipAddresses: Array<{ address: string }> }> }>();
  for (const r of rows) {
    let d = devices.get(String(r['did']));
    if (!d) devices.set(String(r['did']), (d = { id: String(r['did']), name: String(r['dname']), interfaces: new Map() }));
    if (!r['iid']) continue;
    let i = d.interfaces.get(String(r['iid']));
    if (!i) d.interfaces.set(String(r['iid']), (i = { id: String(r['iid']), name: String(r['iname']), ipAddresses: [] }));
    if (r['addr']) i.ipAddresses.push({ address: String(r['addr']) });
  }
  return [...devices.values()].map((d) => ({ ...d, interfaces: [...d.interfaces.values()] }));
}

/** The floor served like an API: one statement, the JSON a GraphQL client would get, over a fetch handler. */
export function floorOverHttp(runtime: Runtime): (request: Request) => Promise<Response> {
  return async (request) => {
    const { first } = (await request.json()) as { first: number };
    const devices = await floor(runtime, first);
    return Response.json({ data: { devices: { edges: (devices as unknown[]).map((node) => ({ node })) } } });
  };
}

/** What the scale section's devices point at: 20 of each, so that one of them is 5% of the devices, as a location is. */
export interface ScaleRefs {
  locationIds: string[];
  deviceTypeIds: string[];
  roleIds: string[];
  platformIds: string[];
  statusIds: string[];
  tagIds: string[];
}

/**
 * Add `count` devices (and their interfaces, and one tag each) in bulk, not through GraphQL, in chunks the drivers
 * accept. Device `d` gets location `d mod 20` and its other references by other strides, so that no two filters
 * pick the same devices.
 */
export async function bulkDevices(runtime: Runtime, from: number, count: number, refs: ScaleRefs): Promise<void> {
  const CHUNK = 2000;
  const pick = (ids: string[], d: number, stride: number, offset: number) => ids[(d * stride + offset) % ids.length] ?? '';
  for (let start = from; start < from + count; start += CHUNK) {
    const devices = [];
    const interfaces = [];
    const tagged: string[] = [];
    for (let d = start; d < Math.min(start + CHUNK, from + count); d += 1) {
      const id = randomUUID();
      devices.push({
        id,
        name: `dev-${String(d).padStart(6, '0')}`,
        serial: `SN-${String(d).padStart(6, '0')}`,
        locationId: pick(refs.locationIds, d, 1, 0),
        roleId: pick(refs.roleIds, d, 7, 3),
        deviceTypeId: pick(refs.deviceTypeIds, d, 11, 5),
        platformId: pick(refs.platformIds, d, 13, 1),
        statusId: pick(refs.statusIds, d, 17, 9),
      });
      // Both ids are UUIDs made here, written into the statement as they are.
      tagged.push(`('${id}', '${pick(refs.tagIds, d, 3, 2)}')`);
      for (let i = 0; i < SCALE_INTERFACES; i += 1) interfaces.push({ id: randomUUID(), deviceId: id, name: `xe-0/0/${i}` });
    }
    await runtime.prisma.device.createMany({ data: devices });
    await runtime.prisma.$executeRawUnsafe(`INSERT INTO "_DeviceToTag" ("A", "B") VALUES ${tagged.join(', ')}`);
    for (let i = 0; i < interfaces.length; i += CHUNK) await runtime.prisma.interface.createMany({ data: interfaces.slice(i, i + CHUNK) });
  }
}
