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
}

/**
 * The deployed commands as an operator runs them, on the embedded SQLite with both bundled plugins: `post-upgrade`
 * with nothing to do, and `fathom start` to a healthy `/health`, with its resident memory once idle.
 */
export async function benchStartup(rounds: number, out: (line?: string) => void): Promise<StartupResult> {
  const deployed = deployment('startup', { env: { FATHOM_CLIENT_CACHE: '' } });
  try {
    await deployed.cli(['post-upgrade']);
    const upgrades: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const start = performance.now();
      await deployed.cli(['post-upgrade']);
      upgrades.push(performance.now() - start);
    }
    const boots: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const start = performance.now();
      const server = deployed.start();
      try {
        await server.healthy();
        boots.push(performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        if (server.process.pid) rss.push(rssMb(server.process.pid));
      } finally {
        server.process.kill();
      }
    }
    const result = { postUpgradeMs: median(upgrades), bootMs: median(boots), idleRssMb: median(rss) };
    out(`\n## Start-up (SQLite, both bundled plugins, ${rounds} runs each, medians)`);
    out('| step | median | runs |');
    out('|---|---:|---|');
    out(`| post-upgrade with nothing to do | ${result.postUpgradeMs.toFixed(0)} ms | ${upgrades.map((t) => t.toFixed(0)).join(', ')} |`);
    out(`| fathom start → /health 200 | ${result.bootMs.toFixed(0)} ms | ${boots.map((t) => t.toFixed(0)).join(', ')} |`);
    out(`| resident memory, idle after boot | ${result.idleRssMb.toFixed(0)} MB | ${rss.map((m) => m.toFixed(0)).join(', ')} |`);
    return result;
  } finally {
    deployed.remove();
  }
}
