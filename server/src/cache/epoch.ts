import { postgresEpochs } from './pg-epoch.ts';
import { ioredis } from './redis.ts';

/**
 * A counter that moves whenever what a cache holds changes in the database — for authentication: tokens,
 * sessions, users, groups, object permissions; for write definitions: custom fields, statuses. A cached value is
 * good only while the counter has not moved. In one process it is a number; with Redis, every process shares it,
 * so a revocation on one instance takes effect on all of them at the next request.
 */
export interface Epoch {
  current(): Promise<number>;
  bump(): Promise<void>;
  close(): Promise<void>;
}

export function memoryEpoch(): Epoch {
  let epoch = 0;
  return {
    current: async () => epoch,
    bump: async () => {
      epoch += 1;
    },
    close: async () => {},
  };
}

/**
 * Epochs kept in Redis under `prefix:name`, on one connection for the process. The reads asked for in one turn of
 * the event loop go to Redis together as one `MGET` (a request's authentication and its definitions, the webhooks
 * and job hooks after a commit), each sent after its caller asked, so every read still sees every change made
 * before it.
 */
export function redisEpochs(url: string, prefix: string): { epoch(name: string): Epoch; close(): Promise<void> } {
  const redis = new (ioredis().Redis)(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  // A local counter per epoch as well, so this process never serves from its cache between its own change and Redis's answer.
  const local = new Map<string, number>();
  let waiting: Map<string, Array<{ resolve: (epoch: number) => void; reject: (error: unknown) => void }>> | null = null;
  const send = () => {
    const batch = waiting ?? new Map();
    waiting = null;
    const names = [...batch.keys()];
    redis.mget(names.map((name) => `${prefix}:${name}`)).then(
      (values) => names.forEach((name, i) => {
        const epoch = Number(values[i] ?? 0) * 1_000_000 + (local.get(name) ?? 0);
        for (const waiter of batch.get(name) ?? []) waiter.resolve(epoch);
      }),
      (error: unknown) => {
        for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      },
    );
  };
  const epoch = (name: string): Epoch => ({
    current: () =>
      new Promise<number>((resolve, reject) => {
        if (!waiting) {
          waiting = new Map();
          process.nextTick(send);
        }
        waiting.set(name, [...(waiting.get(name) ?? []), { resolve, reject }]);
      }),
    bump: async () => {
      local.set(name, (local.get(name) ?? 0) + 1);
      await redis.incr(`${prefix}:${name}`);
    },
    close: () => close(),
  });
  const close = async () => {
    redis.disconnect();
  };
  return { epoch, close };
}

/**
 * Where a deployment's epochs live: Redis when configured; else PostgreSQL's notifications; else (the embedded
 * SQLite, one serving process) this process's memory.
 */
export function epochFactory(options: { redisUrl?: string | undefined; queueName: string; provider: string; url: string }): (name: string) => Epoch {
  const { redisUrl } = options;
  if (redisUrl) {
    const shared = redisEpochs(redisUrl, options.queueName);
    return (name) => shared.epoch(name);
  }
  if (options.provider !== 'postgresql') return () => memoryEpoch();
  const shared = postgresEpochs(options.url);
  return (name) => shared.epoch(name);
}

/** Most entries kept; past it the oldest go first. */
const MAX_ENTRIES = 10_000;

/**
 * Values by key, each stamped with the epoch it was loaded in and kept at most `ttlMs` (a bound for changes made
 * where no epoch is shared, such as the CLI in another process).
 */
export class EpochCache<T> {
  private readonly entries = new Map<string, { value: T; epoch: number; until: number }>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, epoch: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.epoch !== epoch || entry.until <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, epoch: number, value: T): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, epoch, until: Date.now() + this.ttlMs });
  }
}
