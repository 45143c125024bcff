import { createTestDatabase } from '../harness.ts';
import type { ServedFathom } from '../harness.ts';
import { deployment, median } from './deployment.ts';

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
  const deployed = deployment('scaleout', {
    databaseUrl: db.url,
    extra: `jobs: { redisUrl: 'redis://127.0.0.1:6379/0', queueName: ${JSON.stringify(`scaleout-${process.pid}`)} }, `,
  });
  const servers: ServedFathom[] = [];
  try {
    await deployed.cli(['post-upgrade']);
    await deployed.cli(['seed', '--demo']);
    await deployed.cli(['createsuperuser', '--username', 'bench', '--email', 'bench@example.net', '--password', 'bench-password-1']);
    const key = (await deployed.cli(['token', 'create', '--username', 'bench'])).stdout.trim().split(/\s+/).pop() ?? '';
    servers.push(...(await Promise.all([deployed.start(), deployed.start()])));
    const urls = servers.map((s) => s.url);
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
    const result = { one: median(ones), two: median(twos) };
    out(`\n## Scale-out: PostgreSQL + Redis, demo network, device list with interfaces, concurrency 16 (${seconds} s rounds, 3 each, medians)`);
    out('| processes | requests/s | ratio | rounds |');
    out('|---:|---:|---:|---|');
    out(`| 1 | ${result.one.toFixed(0)} | 1.00× | ${ones.map((r) => r.toFixed(0)).join(', ')} |`);
    out(`| 2 | ${result.two.toFixed(0)} | ${(result.two / result.one).toFixed(2)}× | ${twos.map((r) => r.toFixed(0)).join(', ')} |`);
    return result;
  } finally {
    for (const server of servers) server.stop();
    deployed.remove();
    await db.drop();
  }
}
