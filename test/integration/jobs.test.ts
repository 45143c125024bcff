import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workJobs } from '../../server/src/runtime.ts';
import { createLogger } from '../../server/src/logger.ts';
import { openRuntime } from '../../server/src/runtime.ts';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices } from '../fixtures/network.ts';

const RUN = 'mutation($input: String) { runJob(plugin: "example", job: "session-report", input: $input) { jobResult { id status } errors { field code } } }';
const RESULT = 'query($id: ID!) { jobResult(id: $id) { status result error userName logs { level message } } }';

type Result = { status: string; result: string; error: string; userName: string; logs: Array<{ level: string; message: string }> };

async function seedSessions(t: TestApp) {
  const a = await buildDevices(t.runtime.prisma, 2, 0, `Jobs A ${randomUUID().slice(0, 4)}`);
  const b = await buildDevices(t.runtime.prisma, 1, 0, `Jobs B ${randomUUID().slice(0, 4)}`);
  for (const [i, deviceId] of [...a.deviceIds, ...b.deviceIds].entries()) {
    await t.runtime.prisma.exampleBgpSession.create({ data: { name: `s${i}`, localAsn: 1, remoteAsn: 65000 + i, remoteAddress: '192.0.2.1', enabled: i !== 0, deviceId } });
  }
  return { a, b };
}

describe.each(PROVIDERS)('jobs run in the server process on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let sites: Awaited<ReturnType<typeof seedSessions>>;
  beforeAll(async () => {
    db = await createTestDatabase(provider, 'jobs');
    t = await bootApp(testConfig(db));
    sites = await seedSessions(t);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('lists the example job with its input form', async () => {
    const res = await t.gql<{ jobs: Array<{ plugin: string; name: string; allowed: boolean; buttons: string[]; fields: Array<{ name: string; kind: string; default: string | null }> }> }>(
      '{ jobs { plugin name allowed buttons fields { name kind default } } }',
    );
    expect(res.data?.jobs).toEqual([
      {
        plugin: 'example',
        name: 'session-report',
        allowed: true,
        buttons: ['Device'],
        fields: [
          { name: 'onlyDisabled', kind: 'boolean', default: 'false' },
          { name: 'minRemoteAsn', kind: 'int', default: null },
          { name: 'objectId', kind: 'string', default: null },
        ],
      },
    ]);
  });

  it('runs a job with a button on one object, the way a device page’s button starts it', async () => {
    const deviceId = sites.b.deviceIds[0] ?? '';
    const started = await t.gql<{ runJob: { jobResult: { id: string } } }>(RUN, { input: JSON.stringify({ objectId: deviceId }) });
    await t.runtime.jobs.idle();
    const res = await t.gql<{ jobResult: Result }>(RESULT, { id: started.data?.runJob.jobResult.id });
    expect(JSON.parse(res.data?.jobResult.result ?? 'null')).toEqual({ sessions: 1, devices: 1 });
  });

  it('runs a job in the background and keeps its logs and result', async () => {
    const started = await t.gql<{ runJob: { jobResult: { id: string; status: string }; errors: unknown[] } }>(RUN, { input: '{"onlyDisabled": false}' });
    expect(started.data?.runJob.errors).toEqual([]);
    expect(started.data?.runJob.jobResult.status).toBe('pending');
    await t.runtime.jobs.idle();
    const res = await t.gql<{ jobResult: Result }>(RESULT, { id: started.data?.runJob.jobResult.id });
    expect(res.data?.jobResult.status).toBe('completed');
    expect(JSON.parse(res.data?.jobResult.result ?? 'null')).toEqual({ sessions: 3, devices: 3 });
    expect(res.data?.jobResult.logs.at(-1)?.message).toMatch(/^Done: 3 session\(s\) on 3 device\(s\), run by admin-/);
  });

  it('starts a hooked job when a device changes, as the user who changed it, and checks that user may run it', async () => {
    const hook = await t.gql<{ createJobHook: { errors: unknown[] } }>(
      'mutation { createJobHook(input: { name: "report-new-devices", contentTypes: ["dcim.device"], typeCreate: true, typeUpdate: false, typeDelete: false, plugin: "example", job: "session-report" }) { errors { field message } } }',
    );
    expect(hook.data?.createJobHook.errors).toEqual([]);
    const site = sites.a;
    const create = (as: (q: string, v?: Record<string, unknown>) => Promise<unknown>, name: string) =>
      as('mutation($input: CreateDeviceInput!) { createDevice(input: $input) { errors { message } } }', { input: { name, locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId } });
    const settle = async () => {
      await t.runtime.jobHooks.idle();
      await t.runtime.jobs.idle();
    };
    await create(t.gql, 'hooked-device');
    await settle();
    const started = await t.prisma.jobResult.findMany({ where: { job: 'session-report', input: { contains: 'hooked-device' } } });
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ status: 'completed', result: JSON.stringify({ sessions: 0, devices: 0 }) });
    expect(JSON.parse(started[0]?.input ?? '{}')).toMatchObject({ hook: 'report-new-devices', change: { action: 'create', contentType: 'dcim.device', objectRepr: 'hooked-device' } });

    // A user who may add devices but not run the job: the hook starts it, and it fails saying why.
    const adder = await t.user({
      username: `hook-adder-${provider}`,
      permissions: [
        { actions: ['view', 'add'], contentTypes: ['dcim.device', 'extras.jobresult'] },
        { actions: ['view'], contentTypes: ['dcim.location', 'dcim.devicetype', 'extras.role', 'extras.status'] },
      ],
    });
    await create(adder.gql, 'hooked-by-adder');
    await settle();
    const refused = await t.prisma.jobResult.findFirst({ where: { input: { contains: 'hooked-by-adder' } } });
    expect(refused).toMatchObject({ status: 'failed', error: `hook-adder-${provider} may not run example/session-report.` });

    const bad = await t.gql<{ createJobHook: { errors: Array<{ field: string; code: string }> } }>(
      'mutation { createJobHook(input: { name: "no-such", contentTypes: ["dcim.device"], plugin: "example", job: "nope" }) { errors { field code } } }',
    );
    expect(bad.data?.createJobHook.errors).toEqual([{ field: 'job', code: 'NOT_FOUND' }]);
  });

  it('refuses invalid input as field errors and starts nothing', async () => {
    const before = await t.runtime.prisma.jobResult.count();
    const bad = await t.gql<{ runJob: { jobResult: null; errors: Array<{ field: string; code: string }> } }>(RUN, { input: '{"minRemoteAsn": "many", "colour": 1}' });
    expect(bad.data?.runJob.errors).toEqual(expect.arrayContaining([{ field: 'minRemoteAsn', code: 'INVALID' }, { field: 'colour', code: 'UNKNOWN' }]));
    expect(await t.runtime.prisma.jobResult.count()).toBe(before);
  });

  it('runs on the user’s behalf: a job sees only what its user may see, and users without the right cannot start it', async () => {
    const scoped = await t.user({
      username: `jobs-scoped-${provider}`,
      permissions: [
        { actions: ['add', 'view'], contentTypes: ['extras.jobresult'] },
        { actions: ['view'], contentTypes: ['example.examplebgpsession'], constraints: { device: { locationId: sites.b.siteId } } },
      ],
    });
    const started = await t.gqlWith<{ runJob: { jobResult: { id: string } } }>(scoped.headers, RUN, { input: '{}' });
    await t.runtime.jobs.idle();
    const res = await t.gqlWith<{ jobResult: Result }>(scoped.headers, RESULT, { id: started.data?.runJob.jobResult.id });
    expect(JSON.parse(res.data?.jobResult.result ?? 'null')).toEqual({ sessions: 1, devices: 1 });

    const outsider = await t.user({ username: `jobs-outsider-${provider}`, permissions: [{ actions: ['add'], contentTypes: ['extras.jobresult'] }] });
    const refused = await t.gqlWith<{ runJob: { errors: Array<{ code: string }> } }>(outsider.headers, RUN, { input: '{}' });
    expect(refused.data?.runJob.errors).toEqual([{ field: 'job', code: 'FORBIDDEN' }]);
    const none = await t.user({ username: `jobs-none-${provider}`, permissions: [{ actions: ['view'], contentTypes: ['dcim.device'] }] });
    const denied = await t.gqlWith(none.headers, RUN, { input: '{}' });
    expect(denied.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});

describe('jobs on a Redis queue worked by a separate worker', () => {
  let db: TestDatabase;
  let t: TestApp;
  const queueName = `fathom-test-${randomUUID()}`;
  beforeAll(async () => {
    db = await createTestDatabase('postgresql', 'jobsq');
    t = await bootApp(testConfig(db, { jobs: { redisUrl: 'redis://127.0.0.1:6379/0', queueName } }));
    await seedSessions(t);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('queues the job in Redis, and a worker with its own runtime runs it', async () => {
    expect(t.runtime.jobs.kind).toBe('redis');
    const started = await t.gql<{ runJob: { jobResult: { id: string } } }>(RUN, { input: '{"onlyDisabled": true}' });
    const id = started.data?.runJob.jobResult.id ?? '';
    // Nothing runs it until a worker starts.
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.runtime.prisma.jobResult.findUniqueOrThrow({ where: { id } })).status).toBe('pending');

    const workerRuntime = await openRuntime(t.config, createLogger('silent'));
    const worker = workJobs(workerRuntime, 2);
    try {
      const deadline = Date.now() + 20_000;
      let status = 'pending';
      while (status !== 'completed' && status !== 'failed' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await t.runtime.prisma.jobResult.findUniqueOrThrow({ where: { id } })).status;
      }
      const row = await t.runtime.prisma.jobResult.findUniqueOrThrow({ where: { id } });
      expect(row.status).toBe('completed');
      expect(JSON.parse(row.result)).toEqual({ sessions: 1, devices: 1 });
    } finally {
      await worker.close();
      await workerRuntime.close();
    }
  });
});
