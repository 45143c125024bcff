import { deployment, median } from './deployment.ts';
import { cpuMs, startPostGraphile, type Peer } from './peers.ts';
import type { ServedFathom } from '../harness.ts';

type Page = { totalCount: number; rows: string[] };

/** Both answers as one shape: the count and the page's rows as `id name`. */
function page(body: unknown): Page {
  const data = (body as { data?: Record<string, unknown> }).data ?? {};
  if ('devices' in data) {
    const devices = data['devices'] as { totalCount: number; edges: Array<{ node: { id: string; name: string } }> };
    return { totalCount: devices.totalCount, rows: devices.edges.map(({ node }) => `${node.id} ${node.name}`) };
  }
  const all = data['allDevices'] as { totalCount: number; nodes: Array<{ rowId: string; name: string }> } | undefined;
  return { totalCount: all?.totalCount ?? -1, rows: (all?.nodes ?? []).map((n) => `${n.rowId} ${n.name}`) };
}

export interface ScalePeerResult {
  /** Fathom ÷ PostGraphile, p50 over HTTP, by shape name. */
  ratios: Array<[string, number]>;
}

/**
 * The list shapes of the scale section against PostGraphile v5 on the same PostgreSQL database at scale, over HTTP:
 * `fathom start` (compiled build, both bundled plugins) and PostGraphile (amber preset) each in a process of its own,
 * the same page asked of both (50 devices in name order, with `totalCount`), answers checked equal first, then p50 and
 * CPU per request from interleaved rounds. Null when PostGraphile cannot run here.
 */
export async function benchScalePeer(databaseUrl: string, authorization: string, locationId: string, rounds: number, out: (line?: string) => void): Promise<ScalePeerResult | null> {
  const shapes: Array<[string, string, string]> = [
    ['list page with totalCount (default order)', '{ devices(first: 50) { totalCount edges { node { id name } } } }', '{ allDevices(first: 50, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) { totalCount nodes { rowId name } } }'],
    [
      'filter by one location',
      `{ devices(first: 50, filter: { location: ["${locationId}"] }) { totalCount edges { node { id name } } } }`,
      `{ allDevices(first: 50, orderBy: [NAME_ASC, PRIMARY_KEY_ASC], condition: { locationId: "${locationId}" }) { totalCount nodes { rowId name } } }`,
    ],
  ];
  const deployed = deployment('scale-peer', { databaseUrl });
  let peer: Peer | null = null;
  let server: ServedFathom | null = null;
  try {
    peer = await startPostGraphile(databaseUrl, out);
    if (!peer) return null;
    await deployed.cli(['post-upgrade']);
    server = await deployed.start();
    const servers = [
      { url: `${server.url}/graphql`, headers: { authorization } as Record<string, string>, pid: server.child.pid ?? 0 },
      { url: peer.url, headers: {} as Record<string, string>, pid: peer.process.pid ?? 0 },
    ];
    const send = async (target: 0 | 1, query: string) => {
      const s = servers[target]!;
      const start = performance.now();
      const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', ...s.headers }, body: JSON.stringify({ query }) });
      const body = (await res.json()) as { errors?: Array<{ message: string }> };
      if (body.errors) throw new Error(`${target === 0 ? 'Fathom' : peer?.name ?? ''}: ${body.errors[0]?.message ?? ''}`);
      return { ms: performance.now() - start, body };
    };
    out(`\n(f) lists at scale over HTTP against ${peer.name} (same database; ${rounds} interleaved rounds of 5 requests each; same answers checked first)`);
    out('| query | Fathom p50 ms | PostGraphile p50 ms | ratio | Fathom CPU ms/request | PostGraphile CPU ms/request |');
    out('|---|---:|---:|---:|---:|---:|');
    const ratios: Array<[string, number]> = [];
    for (const [name, ours, theirs] of shapes) {
      const [a, b] = [page((await send(0, ours)).body), page((await send(1, theirs)).body)];
      if (JSON.stringify(a) !== JSON.stringify(b) || a.rows.length !== 50) throw new Error(`Fathom and PostGraphile answer "${name}" differently: ${JSON.stringify(a).slice(0, 200)} vs ${JSON.stringify(b).slice(0, 200)}`);
      for (let i = 0; i < 10; i += 1) await Promise.all([send(0, ours), send(1, theirs)]); // warm-up
      const times: [number[], number[]] = [[], []];
      const cpu = [0, 0];
      for (let round = 0; round < rounds; round += 1) {
        for (const target of round % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const)) {
          const before = cpuMs(servers[target]!.pid);
          for (let i = 0; i < 5; i += 1) times[target].push((await send(target, target === 0 ? ours : theirs)).ms);
          cpu[target]! += cpuMs(servers[target]!.pid) - before;
        }
      }
      const [ourMs, theirMs] = [median(times[0]), median(times[1])];
      ratios.push([name, ourMs / theirMs]);
      out(`| ${name} | ${ourMs.toFixed(2)} | ${theirMs.toFixed(2)} | ${(ourMs / theirMs).toFixed(2)}× | ${((cpu[0] ?? 0) / (rounds * 5)).toFixed(2)} | ${((cpu[1] ?? 0) / (rounds * 5)).toFixed(2)} |`);
    }
    out('(CPU per request: the server process\'s user + system time over the rounds, at a 10 ms clock tick.)');
    return { ratios };
  } finally {
    server?.stop();
    peer?.stop();
    deployed.remove();
  }
}
