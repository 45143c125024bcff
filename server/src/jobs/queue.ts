import type { Worker } from 'bullmq';
import { bullmq } from '../cache/redis.ts';
import { Background } from '../cache/background.ts';
/** Where the queue lives: this process without Redis, a BullMQ queue with it. */
export interface QueueSettings {
  redisUrl?: string | undefined;
  queueName: string;
}

/** Runs one queued job result to completion. */
export type RunJob = (jobResultId: string) => Promise<void>;

/** Where started jobs go: straight into this process, or onto a Redis queue for `fathom worker`. */
export interface JobQueue {
  readonly kind: 'in-process' | 'redis';
  enqueue(jobResultId: string): Promise<void>;
  /** Resolves when every job this process started has finished (in-process only; tests and shutdown use it). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function redisConnection(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    db: Number(u.pathname.slice(1) || 0),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    // BullMQ workers block on Redis; they must not give up on slow commands.
    maxRetriesPerRequest: null,
  };
}

export function createJobQueue(settings: QueueSettings, run: RunJob): JobQueue {
  const { redisUrl, queueName } = settings;
  if (!redisUrl) {
    const background = new Background();
    return {
      kind: 'in-process',
      enqueue: async (id) => background.run(() => new Promise<void>((resolve) => setImmediate(resolve)).then(() => run(id))),
      idle: () => background.idle(),
      close: () => background.idle(),
    };
  }
  const queue = new (bullmq().Queue)(queueName, { connection: redisConnection(redisUrl) });
  return {
    kind: 'redis',
    enqueue: async (id) => {
      await queue.add('run', { id }, { jobId: id, removeOnComplete: 1000, removeOnFail: 1000 });
    },
    idle: async () => {},
    close: () => queue.close(),
  };
}

/**
 * `fathom worker`: work the Redis queue until stopped. Several workers may share one queue. A job a schedule put
 * there (named `scheduled`) goes to `scheduled`, which starts the schedule's run.
 */
export function startWorker(settings: QueueSettings, run: RunJob, concurrency = 4, scheduled?: (scheduleId: string) => Promise<void>): Worker {
  const { redisUrl, queueName } = settings;
  if (!redisUrl) throw new Error('fathom worker needs jobs.redisUrl (or REDIS_URL); without it jobs run inside `fathom start`.');
  return new (bullmq().Worker)(
    queueName,
    (job) => {
      const data = job.data as { id?: string; scheduleId?: string };
      if (job.name === 'scheduled' && scheduled) return scheduled(String(data.scheduleId));
      return run(String(data.id));
    },
    { connection: redisConnection(redisUrl), concurrency },
  );
}
