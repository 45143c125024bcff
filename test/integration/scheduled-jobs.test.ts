import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisConnection } from '../../server/src/jobs/queue.ts';
import { createLogger } from '../../server/src/logger.ts';
import { openRuntime, workJobs } from '../../server/src/runtime.ts';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

type Errors = Array<{ field: string; code: string; message: string }>;
const SAVE = 'mutation($input: CreateScheduledJobInput!) { createScheduledJob(input: $input) { scheduledJob { id nextRun userName } errors { field code message } } }';
const EVERY_SECOND = '* * * * * *';

const schedule = async (as: Pick<TestApp, 'gql'>, input: Record<string, unknown>) => {
  const res = await as.gql<{ createScheduledJob: { scheduledJob: { id: string; nextRun: string | null; userName: string } | null; errors: Errors } }>(SAVE, { input: { plugin: 'example', job: 'session-report', ...input } });
  expect(res.errors).toBeUndefined();
  return res.data?.createScheduledJob ?? { scheduledJob: null, errors: [] };
};
const runsOf = (t: TestApp, hook: string) => t.prisma.jobResult.findMany({ where: { job: 'session-report', input: { contains: hook } }, orderBy: { created: 'asc' } });

/** Scheduled jobs without Redis: the serving process starts each run when it is due. */
describe.each(PROVIDERS)('scheduled jobs in the server process on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase(provider, 'schedules');
    t = await bootApp(testConfig(db));
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('runs a recurring job again and again as the user who saved it, until it is disabled', async () => {
    const saved = await schedule(t, { name: 'every second', interval: 'custom', crontab: EVERY_SECOND, input: JSON.stringify({ minRemoteAsn: 11 }) });
    expect(saved.errors).toEqual([]);
    expect(saved.scheduledJob?.nextRun).toBeTruthy();
    const id = saved.scheduledJob?.id ?? '';
    await expect.poll(async () => (await runsOf(t, '"minRemoteAsn":11')).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const runs = await runsOf(t, '"minRemoteAsn":11');
    expect(runs.every((r) => r.userName === saved.scheduledJob?.userName)).toBe(true);
    await t.runtime.jobs.idle();
    expect((await t.prisma.jobResult.findUniqueOrThrow({ where: { id: runs[0]?.id ?? '' } })).status).toBe('completed');

    const off = await t.gql<{ updateScheduledJob: { scheduledJob: { nextRun: string | null }; errors: Errors } }>('mutation($id: ID!) { updateScheduledJob(id: $id, input: { enabled: false }) { scheduledJob { nextRun } errors { field } } }', { id });
    expect(off.data?.updateScheduledJob).toEqual({ scheduledJob: { nextRun: null }, errors: [] });
    await t.runtime.scheduler.idle();
    const stopped = (await runsOf(t, '"minRemoteAsn":11')).length;
    await new Promise((r) => setTimeout(r, 2200));
    expect((await runsOf(t, '"minRemoteAsn":11')).length).toBe(stopped);
  });

  it('runs a one-off job once, at its start time', async () => {
    const saved = await schedule(t, { name: 'once', interval: 'once', startAt: new Date(Date.now() + 1000).toISOString(), input: JSON.stringify({ minRemoteAsn: 22 }) });
    expect(saved.errors).toEqual([]);
    expect(await runsOf(t, '"minRemoteAsn":22')).toHaveLength(0);
    await expect.poll(async () => (await runsOf(t, '"minRemoteAsn":22')).length, { timeout: 10_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await runsOf(t, '"minRemoteAsn":22')).toHaveLength(1);
    const row = await t.prisma.scheduledJob.findUniqueOrThrow({ where: { id: saved.scheduledJob?.id ?? '' } });
    expect(row).toMatchObject({ enabled: false, totalRuns: 1 });
  });

  it('refuses a job the user may not run, bad input, a bad cron expression and a bad start time, saving nothing', async () => {
    const viewer = await t.user({ username: `sched-${provider}`, permissions: [{ actions: ['add'], contentTypes: ['extras.scheduledjob', 'extras.jobresult'] }] });
    expect((await schedule(viewer, { name: 'not mine' })).errors).toEqual([expect.objectContaining({ field: 'job', code: 'FORBIDDEN' })]);
    expect((await schedule(t, { name: 'bad input', input: JSON.stringify({ minRemoteAsn: 'many', nope: 1 }) })).errors.map((e) => e.field).sort()).toEqual(['input.minRemoteAsn', 'input.nope']);
    expect((await schedule(t, { name: 'bad cron', interval: 'custom', crontab: 'every tuesday' })).errors).toEqual([expect.objectContaining({ field: 'crontab', code: 'INVALID' })]);
    expect((await schedule(t, { name: 'bad start', startAt: 'tomorrow-ish' })).errors).toEqual([expect.objectContaining({ field: 'startAt', code: 'INVALID' })]);
    expect((await schedule(t, { name: 'no job', job: 'nothing' })).errors).toEqual([expect.objectContaining({ field: 'job', code: 'NOT_FOUND' })]);
    expect(await t.prisma.scheduledJob.count({ where: { name: { in: ['not mine', 'bad input', 'bad cron', 'bad start', 'no job'] } } })).toBe(0);
  });
});

/** With Redis, a schedule is a BullMQ job scheduler, and a worker starts its runs. */
describe('scheduled jobs on a Redis queue', () => {
  let db: TestDatabase;
  let t: TestApp;
  const queueName = `fathom-sched-${randomUUID()}`;
  beforeAll(async () => {
    db = await createTestDatabase('postgresql', 'schedq');
    t = await bootApp(testConfig(db, { jobs: { redisUrl: 'redis://127.0.0.1:6379/0', queueName } }));
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('keeps a BullMQ job scheduler per schedule, whose runs a worker starts, and removes it with the schedule', async () => {
    const queue = new Queue(queueName, { connection: redisConnection('redis://127.0.0.1:6379/0') });
    const worker = await openRuntime(t.config, createLogger('silent'));
    const working = workJobs(worker, 2);
    try {
      const saved = await schedule(t, { name: 'redis every second', interval: 'custom', crontab: EVERY_SECOND, input: JSON.stringify({ minRemoteAsn: 33 }) });
      expect(saved.errors).toEqual([]);
      await t.runtime.scheduler.idle();
      expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual([`schedule:${saved.scheduledJob?.id}`]);
      await expect.poll(async () => (await runsOf(t, '"minRemoteAsn":33')).filter((r) => r.status === 'completed').length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);

      const removed = await t.gql<{ deleteScheduledJob: { errors: Errors } }>('mutation($id: ID!) { deleteScheduledJob(id: $id) { errors { field } } }', { id: saved.scheduledJob?.id });
      expect(removed.data?.deleteScheduledJob.errors).toEqual([]);
      await t.runtime.scheduler.idle();
      expect(await queue.getJobSchedulers()).toEqual([]);
    } finally {
      await working.close();
      await worker.close();
      await queue.close();
    }
  });
});
