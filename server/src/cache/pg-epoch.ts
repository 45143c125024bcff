import { createRequire } from 'node:module';
import type { Client } from 'pg';

// The PostgreSQL driver is loaded by the deployments that use this: PostgreSQL without Redis.
const load = createRequire(import.meta.url);
const CHANNEL = 'fathom_epoch';

/** The shape of `Epoch` (cache/epoch.ts), which chooses among the kinds of epoch and so imports this file. */
interface SharedEpoch {
  current(): Promise<number>;
  bump(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Epochs shared by every process on one PostgreSQL database when there is no Redis. A bump is a `NOTIFY` on one
 * channel, naming the epoch; each process `LISTEN`s on a connection of its own and moves its counter when one
 * arrives, so a revocation made through one process reaches the others within moments, and a request costs no
 * statement. While that connection is down nothing may be served from a cache (every read gets a number no entry
 * carries), and once it is back every epoch moves, since what was sent in between is lost.
 */
export function postgresEpochs(url: string): { epoch(name: string): SharedEpoch; close(): Promise<void> } {
  const counters = new Map<string, number>();
  let generation = 0;
  let client: Client | null = null;
  let connecting: Promise<void> | null = null;
  let closed = false;
  let uncached = 0;
  // After a failed attempt, requests go on uncached for a second before the next one (the database is likely down).
  let retryAt = 0;
  const connect = async (): Promise<void> => {
    if (Date.now() < retryAt) return;
    await (connecting ??= (async () => {
      const { Client: PgClient } = load('pg') as typeof import('pg');
      const next = new PgClient({ connectionString: url, connectionTimeoutMillis: 5000 });
      const lost = () => {
        if (client === next) client = null;
        connecting = null;
      };
      next.on('notification', (message) => {
        if (message.channel === CHANNEL && message.payload) counters.set(message.payload, (counters.get(message.payload) ?? 0) + 1);
      });
      next.on('error', () => {
        lost();
        next.end().catch(() => {});
      });
      next.on('end', lost);
      try {
        await next.connect();
        await next.query(`LISTEN ${CHANNEL}`);
        if (closed) throw new Error('closed');
        generation += 1;
        client = next;
      } catch {
        lost();
        retryAt = Date.now() + 1000;
        await next.end().catch(() => {});
      }
    })());
  };
  const epoch = (name: string): SharedEpoch => ({
    current: async () => {
      if (!client && !closed) await connect();
      if (!client) return -(uncached += 1);
      return generation * 1_000_000_000 + (counters.get(name) ?? 0);
    },
    bump: async () => {
      // Moved here first, so this process never serves from its cache between its own change and the notice.
      counters.set(name, (counters.get(name) ?? 0) + 1);
      if (!client && !closed) await connect();
      await client?.query('SELECT pg_notify($1, $2)', [CHANNEL, name]).catch(() => {});
    },
    close: () => close(),
  });
  const close = async () => {
    closed = true;
    const open = client;
    client = null;
    await open?.end().catch(() => {});
  };
  return { epoch, close };
}
