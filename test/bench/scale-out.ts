import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, ROOT } from '../harness.ts';

const run = promisify(execFile);
const BIN = join(ROOT, 'server', 'bin', 'fathom.js');
const QUERY = '{ devices(first: 50) { edges { node { name location { name } interfaces { name mode } } } } }';

export interface ScaleOutResult {
  one: number;
  two: number;
}

/**
 * Several `fathom start` processes on one PostgreSQL and Redis, as deployed beyond one machine: requests per second
 * for the demo network's device list with interfaces at concurrency 16, sent to one process and then spread over
 * two, in alternating rounds. (The load generator shares the machine with the servers.)
 */
export async function benchScaleOut(seconds: number, out: (line?: string) => void): Promise<ScaleOutResult> {
  const db = await createTestDatabase('postgresql', 'scaleout');
  const dir = join(ROOT, '.fathom', `bench-scaleout-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'fathom.config.ts');
  writeFileSync(
    config,
    `import { defineConfig } from 'fathom/sdk';\nexport default defineConfig({ plugins: ['fathom-plugin-example', 'fathom-plugin-peering'], pluginsConfig: { example: { defaultLocalAsn: 64512 } }, database: { url: ${JSON.stringify(db.url)} }, jobs: { redisUrl: 'redis://127.0.0.1:6379/0', queueName: ${JSON.stringify(`scaleout-${process.pid}`)} }, stateDir: ${JSON.stringify(join(dir, 'state'))}, logLevel: 'warn' });\n`,
  );
  const env = { ...process.env, DATABASE_URL: '' };
  const cli = (args: string[]) => run(process.execPath, [BIN, ...args, '--config', config], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 });
  const servers: ChildProcess[] = [];
  try {
    await cli(['post-upgrade']);
    await cli(['seed', '--demo']);
    await cli(['createsuperuser', '--username', 'bench', '--email', 'bench@example.net', '--password', 'bench-password-1']);
    const key = (await cli(['token', 'create', '--username', 'bench'])).stdout.trim().split(/\s+/).pop() ?? '';
    const urls: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const port = 30_000 + Math.floor(Math.random() * 20_000);
      servers.push(spawn(process.execPath, [BIN, 'start', '--config', config, '--host', '127.0.0.1', '--port', String(port)], { cwd: dir, env, stdio: 'ignore' }));
      urls.push(`http://127.0.0.1:${port}`);
    }
    for (const url of urls) {
      for (;;) {
        if (servers.some((s) => s.exitCode !== null)) throw new Error('a fathom start process exited before it was healthy');
        if ((await fetch(`${url}/health`).then((r) => r.status, () => 0)) === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const send = async (url: string) => {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Token ${key}` }, body: JSON.stringify({ query: QUERY }) });
      const body = (await res.json()) as { errors?: Array<{ message: string }> };
      if (body.errors) throw new Error(`scale-out request failed: ${body.errors[0]?.message ?? ''}`);
    };
    /** Requests per second from 16 concurrent clients over `seconds`, spread round-robin over `targets`. */
    const rate = async (targets: string[]) => {
      let done = 0;
      let next = 0;
      const until = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (performance.now() < until) {
            await send(targets[(next += 1) % targets.length] ?? '');
            done += 1;
          }
        }),
      );
      return done / seconds;
    };
    await rate(urls); // warm both processes
    const ones: number[] = [];
    const twos: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      ones.push(await rate(urls.slice(0, 1)));
      twos.push(await rate(urls));
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
    const result = { one: median(ones), two: median(twos) };
    out(`\n## Scale-out: PostgreSQL + Redis, demo network, device list with interfaces, concurrency 16 (${seconds} s rounds, 3 each, medians)`);
    out('| processes | requests/s | ratio | rounds |');
    out('|---:|---:|---:|---|');
    out(`| 1 | ${result.one.toFixed(0)} | 1.00× | ${ones.map((r) => r.toFixed(0)).join(', ')} |`);
    out(`| 2 | ${result.two.toFixed(0)} | ${(result.two / result.one).toFixed(2)}× | ${twos.map((r) => r.toFixed(0)).join(', ')} |`);
    return result;
  } finally {
    for (const server of servers) server.kill();
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}
