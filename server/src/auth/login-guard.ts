import { ioredis } from '../cache/redis.ts';
import { verifyPassword } from './passwords.ts';

export interface LoginLimits {
  loginFailuresPerUser: number;
  loginFailuresPerAddress: number;
  loginWindowSeconds: number;
  maxConcurrentHashes: number;
}

/** Failure counters that expire: in this process, or in Redis so that every server instance shares them. */
interface CounterStore {
  get(key: string): Promise<number>;
  increment(key: string, windowSeconds: number): Promise<void>;
  clear(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Most keys the in-memory store keeps; past it the oldest go first, so a flood of addresses cannot exhaust memory. */
const MEMORY_KEYS = 50_000;

function memoryStore(): CounterStore {
  const counts = new Map<string, { count: number; until: number }>();
  const live = (key: string) => {
    const entry = counts.get(key);
    if (entry && entry.until <= Date.now()) counts.delete(key);
    return counts.get(key);
  };
  return {
    get: async (key) => live(key)?.count ?? 0,
    increment: async (key, windowSeconds) => {
      const entry = live(key);
      if (entry) entry.count += 1;
      else {
        if (counts.size >= MEMORY_KEYS) counts.delete(counts.keys().next().value as string);
        counts.set(key, { count: 1, until: Date.now() + windowSeconds * 1000 });
      }
    },
    clear: async (key) => {
      counts.delete(key);
    },
    close: async () => counts.clear(),
  };
}

function redisStore(url: string): CounterStore {
  const redis = new (ioredis().Redis)(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  return {
    get: async (key) => Number((await redis.get(key)) ?? 0),
    increment: async (key, windowSeconds) => {
      // The window starts at the first failure, as in memory.
      await redis.multi().incr(key).expire(key, windowSeconds, 'NX').exec();
    },
    clear: async (key) => {
      await redis.del(key);
    },
    close: async () => {
      redis.disconnect();
    },
  };
}

export class TooBusy extends Error {}

/** At most `limit` tasks at once; the rest wait in line, and a line longer than `queue` is refused. */
function gate(limit: number, queue: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) {
      if (waiting.length >= queue) throw new TooBusy('Too many logins at once; try again in a moment.');
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

/**
 * Slows password guessing: failed logins are counted per username and per client address over a window, and
 * once either is over its limit the login is refused without looking at the password. Password hashing, which
 * costs tens of milliseconds of CPU and 32 MiB each, runs a few at a time.
 */
export class LoginGuard {
  private readonly store: CounterStore;
  private readonly hashing: ReturnType<typeof gate>;

  /** `prefix` keeps installations that share one Redis apart (the job queue's name). */
  constructor(
    private readonly limits: LoginLimits,
    redisUrl?: string,
    private readonly prefix = 'fathom',
  ) {
    this.store = redisUrl ? redisStore(redisUrl) : memoryStore();
    this.hashing = gate(limits.maxConcurrentHashes, 20 * limits.maxConcurrentHashes);
  }

  private keys(username: string, ip: string) {
    return { user: `${this.prefix}:login:user:${username.toLowerCase()}`, address: `${this.prefix}:login:address:${ip || 'unknown'}` };
  }

  /** Whether this username or this address has failed too often lately. */
  async blocked(username: string, ip: string): Promise<boolean> {
    const { user, address } = this.keys(username, ip);
    const [u, a] = await Promise.all([this.store.get(user), this.store.get(address)]);
    return u >= this.limits.loginFailuresPerUser || a >= this.limits.loginFailuresPerAddress;
  }

  async failed(username: string, ip: string): Promise<void> {
    const { user, address } = this.keys(username, ip);
    await Promise.all([this.store.increment(user, this.limits.loginWindowSeconds), this.store.increment(address, this.limits.loginWindowSeconds)]);
  }

  /** A successful login clears its username's failures (not the address's: one address may try many names). */
  async succeeded(username: string): Promise<void> {
    await this.store.clear(this.keys(username, '').user);
  }

  /** Check a password, waiting for a free hashing slot. Throws `TooBusy` when too many are waiting. */
  verify(password: string, hash: string): Promise<boolean> {
    return this.hashing(() => verifyPassword(password, hash));
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
