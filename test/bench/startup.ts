import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../harness.ts';

const run = promisify(execFile);
const BIN = join(ROOT, 'server', 'bin', 'fathom.js');

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

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
  const dir = join(ROOT, '.fathom', `bench-startup-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'fathom.config.ts');
  writeFileSync(
    config,
    `import { defineConfig } from 'fathom/sdk';\nexport default defineConfig({ plugins: ['fathom-plugin-example', 'fathom-plugin-peering'], pluginsConfig: { example: { defaultLocalAsn: 64512 } }, database: { url: ${JSON.stringify(`file:${join(dir, 'bench.sqlite')}`)} }, stateDir: ${JSON.stringify(join(dir, 'state'))}, logLevel: 'warn' });\n`,
  );
  const env = { ...process.env, DATABASE_URL: '', FATHOM_CLIENT_CACHE: '' };
  try {
    await run(process.execPath, [BIN, 'post-upgrade', '--config', config], { cwd: dir, env });
    const upgrades: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const start = performance.now();
      await run(process.execPath, [BIN, 'post-upgrade', '--config', config], { cwd: dir, env });
      upgrades.push(performance.now() - start);
    }
    const boots: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      const port = 30_000 + Math.floor(Math.random() * 20_000);
      const start = performance.now();
      const server = spawn(process.execPath, [BIN, 'start', '--config', config, '--host', '127.0.0.1', '--port', String(port)], { cwd: dir, env, stdio: 'ignore' });
      try {
        for (;;) {
          if (server.exitCode !== null) throw new Error('fathom start exited before it was healthy');
          const status = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status, () => 0);
          if (status === 200) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        boots.push(performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        if (server.pid) rss.push(rssMb(server.pid));
      } finally {
        server.kill();
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
    rmSync(dir, { recursive: true, force: true });
  }
}
