import { bullmq } from '../cache/redis.ts';
import { createRequire } from 'node:module';
import { Background } from '../cache/background.ts';
import type { CommittedChange, PrismaClient } from '../context.ts';
import type { Logger } from '../logger.ts';
import type { ChangeListener } from '../system.ts';
import { redisConnection, type JobQueue, type QueueSettings } from './queue.ts';

// The cron parser is loaded when a schedule with a cron expression is first read.
const load = createRequire(import.meta.url);
const cron = () => (load('cron-parser') as typeof import('cron-parser')).CronExpressionParser;

/** How often a schedule runs: once at its start time, every hour, day or week from it, or by a cron expression. */
export const INTERVALS = ['once', 'hourly', 'daily', 'weekly', 'custom'] as const;

export interface Schedule {
  id: string;
  plugin: string;
  job: string;
  input: string;
  interval: string;
  crontab: string;
  startAt: Date;
  enabled: boolean;
  userId: string | null;
  userName: string;
  lastRun: Date | null;
  totalRuns: number;
}

/** Longest a timer may wait (setTimeout's limit is about 24.8 days); a later run re-arms from there. */
const MAX_WAIT_MS = 2 ** 31 - 1;
const SCHEDULED = 'scheduled';
const schedulerId = (id: string) => `schedule:${id}`;

/**
 * The cron pattern of a recurring schedule, in UTC: hourly, daily and weekly keep the start time's minute, hour and
 * weekday; custom uses its own expression (five fields, or six with seconds). Null for a one-off.
 */
export function patternOf(s: Pick<Schedule, 'interval' | 'crontab' | 'startAt'>): string | null {
  const at = s.startAt;
  if (s.interval === 'hourly') return `${at.getUTCMinutes()} * * * *`;
  if (s.interval === 'daily') return `${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
  if (s.interval === 'weekly') return `${at.getUTCMinutes()} ${at.getUTCHours()} * * ${at.getUTCDay()}`;
  if (s.interval === 'custom') return s.crontab.trim();
  return null;
}

/** Why a cron expression cannot be used, or null. */
export function crontabProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6) return 'Give a cron expression of five fields (minute hour day month weekday), or six with seconds first.';
  try {
    cron().parse(expression, { tz: 'UTC' });
    return null;
  } catch (error) {
    return `Not a cron expression: ${(error as Error).message}`;
  }
}

/**
 * When a schedule runs next, seen at `now`: a one-off at its start time until it has run; a recurring one at the first
 * time of its pattern after its last run (or its start), or at once when that time has passed (one catch-up run for
 * whatever was missed while no process was up). Null when it will not run again.
 */
export function nextRun(s: Schedule, now: Date): Date | null {
  if (!s.enabled) return null;
  const pattern = patternOf(s);
  if (!pattern) return s.totalRuns > 0 ? null : s.startAt;
  const from = s.lastRun && s.lastRun >= s.startAt ? s.lastRun : new Date(s.startAt.getTime() - 1);
  const next = cron().parse(pattern, { currentDate: from, tz: 'UTC' }).next().toDate();
  return next < now ? now : next;
}

/**
 * Start one run of a schedule: a job result as the schedule's owner, handed to the job queue (whose run checks the
 * owner may still run the job). The run is claimed first, so two processes firing one schedule start one job.
 */
export async function fireSchedule(prisma: PrismaClient, queue: JobQueue, id: string, due: Date): Promise<string | null> {
  const s = await prisma.scheduledJob.findUnique({ where: { id } });
  if (!s?.enabled) return null;
  const once = patternOf(s) === null;
  const claimed = await prisma.scheduledJob.updateMany({
    where: { id, enabled: true, totalRuns: s.totalRuns },
    data: { lastRun: due, totalRuns: { increment: 1 }, ...(once ? { enabled: false } : {}) },
  });
  if (claimed.count === 0) return null;
  const record = await prisma.jobResult.create({ data: { plugin: s.plugin, job: s.job, input: s.input, userId: s.userId, userName: s.userName } });
  await queue.enqueue(record.id);
  return record.id;
}

/** Runs schedules when they are due, and follows changes to them. */
export interface Scheduler extends ChangeListener {
  /** Read every schedule and arrange its runs; the serving process calls it once (later calls do nothing). */
  start(): void;
  /** Resolves when the work started so far (reading schedules, syncing them) is done. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Start once, track the work, log what fails: what both schedulers share. */
function tracked(log: Logger, start: () => Promise<void>, follow: (changes: readonly CommittedChange[]) => Promise<void>, close: () => Promise<void>): Scheduler {
  const work = new Background();
  let started = false;
  const run = (what: string, task: () => Promise<void>) => work.run(() => task().catch((error: unknown) => log.error({ err: error }, what)));
  return {
    start: () => {
      if (started) return;
      started = true;
      run('reading the job schedules failed', start);
    },
    committed: (changes) => {
      if (started && changes.some((c) => c.contentType === 'extras.scheduledjob')) run('following a change to the job schedules failed', () => follow(changes));
    },
    idle: () => work.idle(),
    close: async () => {
      await work.idle();
      await close();
    },
  };
}

/** Without Redis: a timer per enabled schedule in this process. */
export function inProcessScheduler(prisma: PrismaClient, queue: JobQueue, log: Logger): Scheduler {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let closed = false;
  const clear = () => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
  const arm = (s: Schedule) => {
    const at = nextRun(s, new Date());
    if (!at || closed) return;
    const wait = Math.max(0, at.getTime() - Date.now());
    const timer = setTimeout(() => {
      timers.delete(s.id);
      if (wait > MAX_WAIT_MS) return void reloadOne(s.id).catch((error: unknown) => log.error({ err: error, schedule: s.id }, 'reading a job schedule failed'));
      fireSchedule(prisma, queue, s.id, at)
        .catch((error: unknown) => log.error({ err: error, schedule: s.id }, 'starting a scheduled job failed'))
        .finally(() => void reloadOne(s.id).catch((error: unknown) => log.error({ err: error, schedule: s.id }, 'reading a job schedule failed')));
    }, Math.min(wait, MAX_WAIT_MS));
    timer.unref();
    timers.set(s.id, timer);
  };
  const reloadOne = async (id: string) => {
    const s = await prisma.scheduledJob.findUnique({ where: { id } });
    clearTimeout(timers.get(id));
    timers.delete(id);
    if (s) arm(s);
  };
  const reload = async () => {
    const all = await prisma.scheduledJob.findMany({ where: { enabled: true } });
    clear();
    for (const s of all) arm(s);
  };
  return tracked(log, reload, reload, async () => {
    closed = true;
    clear();
  });
}

/**
 * With Redis: each recurring schedule is a BullMQ job scheduler on the jobs queue (a one-off is a delayed job), so
 * whichever `fathom worker` is free starts it, once, however many server processes there are.
 */
export function redisScheduler(prisma: PrismaClient, settings: QueueSettings & { redisUrl: string }, log: Logger): Scheduler {
  const queue = new (bullmq().Queue)(settings.queueName, { connection: redisConnection(settings.redisUrl) });
  const sync = async (s: Schedule | null, id: string) => {
    const pattern = s ? patternOf(s) : null;
    const next = s ? nextRun(s, new Date()) : null;
    if (s && pattern && next) {
      await queue.upsertJobScheduler(schedulerId(id), { pattern, startDate: s.startAt, tz: 'UTC' }, { name: SCHEDULED, data: { scheduleId: id } });
      return;
    }
    await queue.removeJobScheduler(schedulerId(id));
    const once = `${schedulerId(id)}:once`;
    await queue.remove(once);
    if (s && next) await queue.add(SCHEDULED, { scheduleId: id }, { jobId: once, delay: Math.max(0, next.getTime() - Date.now()), removeOnComplete: 1000, removeOnFail: 1000 });
  };
  const reconcile = async () => {
    const all = await prisma.scheduledJob.findMany();
    const known = new Set(all.map((s) => schedulerId(s.id)));
    for (const existing of await queue.getJobSchedulers()) {
      if (existing.key && existing.key.startsWith('schedule:') && !known.has(existing.key)) await queue.removeJobScheduler(existing.key);
    }
    for (const s of all) await sync(s, s.id);
  };
  const follow = async (changes: readonly CommittedChange[]) => {
    for (const change of changes.filter((c) => c.contentType === 'extras.scheduledjob')) await sync(await prisma.scheduledJob.findUnique({ where: { id: change.objectId } }), change.objectId);
  };
  return tracked(log, reconcile, follow, () => queue.close());
}

