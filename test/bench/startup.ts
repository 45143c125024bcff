import { readFileSync } from 'node:fs';
import { deployment, median } from './deployment.ts';

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(line.replace(/\D+/g, '')) / 1024;
}

export interface StartupResult {
  postUpgradeMs: number;
  bootMs: number;
  idleRssMb: number;
  loadedRssMb: number;
}

const NESTED = '{ devices(first: 100) { edges { node { id name location { name } interfaces { name ipAddresses { address } } } } } }';

/** 400 nested reads of the demo network over HTTP, 8 at a time. */
async function load(url: string, authorization: string): Promise<void> {
  const one = async () => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: NESTED }) });
    const body = (await res.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`the nested read failed: ${JSON.stringify(body.errors)}`);
  };
  for (let i = 0; i < 50; i += 1) await Promise.all(Array.from({ length: 8 }, one));
}

/**
 * The deployed commands as an operator runs them, on the embedded SQLite with both bundled plugins: `post-upgrade`
 * with nothing to do, and `fathom start` to a healthy `/health`, with its resident memory once idle.
 */
export async function benchStartup(rounds: number, out: (line?: string) => void): Promise<StartupResult> {
  const deployed = deployment('startup', { env: { FATHOM_CLIENT_CACHE: '' } });
  try {
    await deployed.cli(['post-upgrade']);
    await deployed.cli(['seed', '--demo']);
    await deployed.cli(['createsuperuser', '--username', 'bench', '--email', '', '--password', 'bench-password-1']);
    const authorization = `Token ${(await deployed.cli(['token', 'create', '--username', 'bench'])).stdout.trim()}`;
    const upgrades: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const start = performance.now();
      await deployed.cli(['post-upgrade']);
      upgrades.push(performance.now() - start);
    }
    // The compiled build post-upgrade wrote, and the TypeScript sources through tsx, in alternating rounds.
    const boots = { compiled: [] as number[], sources: [] as number[] };
    const rss = { compiled: [] as number[], sources: [] as number[] };
    const loaded: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      for (const kind of ['compiled', 'sources'] as const) {
        const start = performance.now();
        const server = await deployed.start(kind === 'sources' ? { FATHOM_RUN_SOURCES: '1' } : {});
        try {
          boots[kind].push(performance.now() - start);
          await new Promise((resolve) => setTimeout(resolve, 1500));
          if (server.child.pid) rss[kind].push(rssMb(server.child.pid));
          if (kind === 'compiled' && server.child.pid) {
            await load(server.url, authorization);
            loaded.push(rssMb(server.child.pid));
          }
        } finally {
          server.stop();
        }
      }
    }
    const result = { postUpgradeMs: median(upgrades), bootMs: median(boots.compiled), idleRssMb: median(rss.compiled), loadedRssMb: median(loaded) };
    out(`\n## Start-up (SQLite, both bundled plugins, ${rounds} runs each, medians)`);
    out('| step | median | runs |');
    out('|---|---:|---|');
    out(`| post-upgrade with nothing to do | ${result.postUpgradeMs.toFixed(0)} ms | ${upgrades.map((t) => t.toFixed(0)).join(', ')} |`);
    for (const kind of ['compiled', 'sources'] as const) {
      const label = kind === 'compiled' ? 'the compiled build' : 'the TypeScript sources (tsx)';
      out(`| fathom start → /health 200, ${label} | ${median(boots[kind]).toFixed(0)} ms | ${boots[kind].map((t) => t.toFixed(0)).join(', ')} |`);
      out(`| resident memory, idle after boot, ${label} | ${median(rss[kind]).toFixed(0)} MB | ${rss[kind].map((m) => m.toFixed(0)).join(', ')} |`);
    }
    out(`| resident memory after 400 nested reads of the demo network (8 at a time), the compiled build | ${result.loadedRssMb.toFixed(0)} MB | ${loaded.map((m) => m.toFixed(0)).join(', ')} |`);
    return result;
  } finally {
    deployed.remove();
  }
}
