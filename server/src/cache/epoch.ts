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

export function redisEpoch(url: string, key: string): Epoch {
  const redis = new (ioredis().Redis)(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  // A local counter as well, so this process never serves from its cache between its own change and Redis's answer.
  let local = 0;
  return {
    current: async () => Number((await redis.get(key)) ?? 0) * 1_000_000 + local,
    bump: async () => {
      local += 1;
      await redis.incr(key);
    },
    close: async () => {
      redis.disconnect();
    },
  };
}

/**
 * Where a deployment's epochs live: Redis when configured; else PostgreSQL's notifications; else (the embedded
 * SQLite, one serving process) this process's memory.
 */
export function epochFactory(options: { redisUrl?: string | undefined; queueName: string; provider: string; url: string }): (name: string) => Epoch {
  const { redisUrl } = options;
  if (redisUrl) return (name) => redisEpoch(redisUrl, `${options.queueName}:${name}`);
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
