import { randomUUID } from 'node:crypto';
import { createLogger } from '../../server/src/logger.ts';
import { openRuntime } from '../../server/src/runtime.ts';
import { issueToken } from '../../server/src/auth/graphql.ts';
import { createTestDatabase, testConfig, type ServedFathom } from '../harness.ts';
import { DEVICES, INTERFACES, seed } from './data.ts';
import { deployment, median } from './deployment.ts';
import { cpuMs, startPostGraphile, type Peer } from './peers.ts';

const FATHOM_QUERY = '{ devices(first: 100, orderBy: [{ field: NAME }]) { edges { node { id name interfaces { id name ipAddresses { address } } } } } }';
const PEER_QUERY = '{ allDevices(first: 100, orderBy: NAME_ASC) { nodes { id: rowId name interfacesByDeviceId { nodes { id: rowId name ipAddressesByInterfaceId { nodes { address } } } } } } }';

type Row = { id: string; name: string; interfaces: Array<{ id: string; name: string; addresses: string[] }> };

/** Both answers as one shape (PostGraphile names the key column `rowId`; its `id` is a global object id), interfaces and addresses in a fixed order, so that they can be compared. */
function normalize(body: unknown): Row[] {
  const data = (body as { data?: Record<string, unknown> }).data ?? {};
  if ('devices' in data) {
    const edges = (data['devices'] as { edges: Array<{ node: { id: string; name: string; interfaces: Array<{ id: string; name: string; ipAddresses: Array<{ address: string }> }> } }> }).edges;
    return edges.map(({ node }) => ({ id: node.id, name: node.name, interfaces: node.interfaces.map((i) => ({ id: i.id, name: i.name, addresses: i.ipAddresses.map((a) => a.address).sort() })).sort((a, b) => a.id.localeCompare(b.id)) }));
  }
  const nodes = (data['allDevices'] as { nodes: Array<{ id: string; name: string; interfacesByDeviceId: { nodes: Array<{ id: string; name: string; ipAddressesByInterfaceId: { nodes: Array<{ address: string }> } }> } }> } | undefined)?.nodes ?? [];
  return nodes.map((d) => ({ id: d.id, name: d.name, interfaces: d.interfacesByDeviceId.nodes.map((i) => ({ id: i.id, name: i.name, addresses: i.ipAddressesByInterfaceId.nodes.map((a) => a.address).sort() })).sort((a, b) => a.id.localeCompare(b.id)) }));
}

export interface PeerReadResult {
  /** Fathom ÷ PostGraphile: p50 at concurrency 1 and 10, and CPU per request. */
  c1: number;
  c10: number;
  cpu: number;
}

/**
 * The nested read over HTTP against PostGraphile v5 on the same PostgreSQL database: `fathom start` (compiled build,
 * both bundled plugins, Redis) and PostGraphile (amber preset) each in a process of its own, driven from this one in
 * interleaved rounds: latency at concurrency 1 and 10, and each server's CPU per request. Null when PostGraphile cannot
 * run here.
 */
export async function benchPeerRead(rounds: number, out: (line?: string) => void): Promise<PeerReadResult | null> {
  const db = await createTestDatabase('postgresql', 'peers');
  const redis = `jobs: { redisUrl: 'redis://127.0.0.1:6379/0', queueName: ${JSON.stringify(`peers-${randomUUID()}`)} }, `;
  const deployed = deployment('peers', { databaseUrl: db.url, extra: redis });
  let peer: Peer | null = null;
  let server: ServedFathom | null = null;
  try {
    await deployed.cli(['post-upgrade']);
    // The bench's data set, written in-process, and a superuser's token.
    const runtime = await openRuntime(testConfig(db), createLogger('silent'));
    await seed(runtime);
    const admin = await runtime.prisma.user.create({ data: { username: 'peer-admin', isSuperuser: true } });
    const authorization = `Token ${(await issueToken(runtime.prisma, admin.id, { description: 'bench', expires: null, writeEnabled: false })).key}`;
    await runtime.close();
    peer = await startPostGraphile(db.url, out);
    if (!peer) return null;
    server = await deployed.start();
    const targets = [
      { name: 'Fathom (fathom start, compiled build)', url: `${server.url}/graphql`, query: FATHOM_QUERY, headers: { authorization } as Record<string, string>, pid: server.child.pid ?? 0 },
      { name: peer.name, url: peer.url, query: PEER_QUERY, headers: {} as Record<string, string>, pid: peer.process.pid ?? 0 },
    ];
    const send = async (t: (typeof targets)[number]) => {
      const start = performance.now();
      const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...t.headers }, body: JSON.stringify({ query: t.query }) });
      const body = (await res.json()) as { errors?: Array<{ message: string }> };
      if (body.errors) throw new Error(`${t.name}: ${body.errors[0]?.message ?? ''}`);
      return { ms: performance.now() - start, body };
    };
    const [ours, theirs] = [await send(targets[0]!), await send(targets[1]!)];
    if (JSON.stringify(normalize(ours.body)) !== JSON.stringify(normalize(theirs.body)) || normalize(ours.body).length !== 100) throw new Error(`Fathom and PostGraphile answer the nested read differently: ${JSON.stringify(normalize(ours.body)[0])} vs ${JSON.stringify(normalize(theirs.body)[0])} ${JSON.stringify(theirs.body).slice(0, 300)}`);
    for (const t of targets) for (let i = 0; i < 20; i += 1) await send(t); // warm-up
    const c1 = targets.map(() => [] as number[]);
    const c10 = targets.map(() => [] as number[]);
    const cpu = targets.map(() => 0);
    let requests = 0;
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const index of order) {
        const t = targets[index]!;
        const before = cpuMs(t.pid);
        for (let i = 0; i < 5; i += 1) c1[index]!.push((await send(t)).ms);
        const burst = await Promise.all(Array.from({ length: 10 }, () => send(t)));
        c10[index]!.push(...burst.map((r) => r.ms));
        cpu[index]! += cpuMs(t.pid) - before;
      }
      requests += 15;
    }
    const [fc1, pc1] = c1.map(median) as [number, number];
    const [fc10, pc10] = c10.map(median) as [number, number];
    const [fcpu, pcpu] = cpu.map((ms) => ms / requests) as [number, number];
    out(`\n## Nested read over HTTP against PostGraphile (PostgreSQL; devices(first: 100) → interfaces → addresses; ${DEVICES} devices × ${INTERFACES} interfaces; ${rounds} interleaved rounds; same answers checked first)`);
    out('| server | p50 c=1 ms | p50 c=10 ms | CPU ms per request |');
    out('|---|---:|---:|---:|');
    out(`| ${targets[1]!.name} (amber preset) | ${pc1.toFixed(2)} | ${pc10.toFixed(2)} | ${pcpu.toFixed(2)} |`);
    out(`| ${targets[0]!.name} | ${fc1.toFixed(2)} | ${fc10.toFixed(2)} | ${fcpu.toFixed(2)} |`);
    out(`| ratio Fathom ÷ PostGraphile | ${(fc1 / pc1).toFixed(2)}× | ${(fc10 / pc10).toFixed(2)}× | ${(fcpu / pcpu).toFixed(2)}× |`);
    out('(CPU per request: the server process\'s user + system time over the rounds, at a 10 ms clock tick.)');
    return { c1: fc1 / pc1, c10: fc10 / pc10, cpu: fcpu / pcpu };
  } finally {
    server?.stop();
    peer?.stop();
    deployed.remove();
    await db.drop();
  }
}
