import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workDeliveries } from '../../server/src/runtime.ts';
import { signBody } from '../../server/src/webhooks/send.ts';
import { buildSite } from '../fixtures/network.ts';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

interface Received {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP target on loopback: records every request; `/flaky` fails twice before it answers, `/down` always fails. */
async function receiver(): Promise<{ url: string; server: Server; received: Received[] }> {
  const received: Received[] = [];
  let flaky = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', method: req.method ?? '', headers: req.headers, body });
      const fail = req.url === '/down' || (req.url === '/flaky' && (flaky += 1) <= 2);
      res.writeHead(fail ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, received };
}

type Errors = Array<{ field: string; code: string; message: string }>;
const CREATE_HOOK = 'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id name } errors { field code message } } }';

describe.each(PROVIDERS)('webhooks on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let target: Awaited<ReturnType<typeof receiver>>;
  let worker: Worker | null = null;
  let site: Awaited<ReturnType<typeof buildSite>>;
  const to = (path: string) => target.received.filter((r) => r.path === path);
  // In-process deliveries can be awaited; on Redis, the worker's are watched arrive.
  const settle = async (path: string, count: number) => {
    await t.runtime.webhooks.idle();
    await expect.poll(() => to(path).length, { timeout: 15_000 }).toBe(count);
  };
  const hook = async (name: string, path: string, extra: Record<string, unknown> = {}) => {
    const res = await t.gql<{ createWebhook: { webhook: { id: string } | null; errors: Errors } }>(CREATE_HOOK, {
      input: { name, contentTypes: ['dcim.device'], payloadUrl: `${target.url}${path}`, typeCreate: true, typeUpdate: true, typeDelete: true, ...extra },
    });
    expect(res.data?.createWebhook.errors).toEqual([]);
    return res.data?.createWebhook.webhook?.id ?? '';
  };
  const createDevice = async (name: string) =>
    (
      await t.gql<{ createDevice: { device: { id: string } | null; errors: Errors } }>('mutation($input: CreateDeviceInput!) { createDevice(input: $input) { device { id } errors { field code message } } }', {
        input: { name, locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId },
      })
    ).data?.createDevice;

  beforeAll(async () => {
    target = await receiver();
    db = await createTestDatabase(provider, 'webhooks');
    const redis = provider === 'postgresql' ? { jobs: { redisUrl: 'redis://127.0.0.1:6379/0', queueName: `webhooks-${randomUUID()}` } } : {};
    t = await bootApp(testConfig(db, { ...redis, webhooks: { maxAttempts: 3, retryDelayMs: 20, timeoutMs: 2000 } }));
    if (provider === 'postgresql') worker = workDeliveries(t.runtime);
    site = await buildSite(t.prisma, 'Hook site');
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await db?.drop();
    target?.server.close();
  });

  it('sends a signed body after a create, an update and a delete, each after its change committed', async () => {
    await hook('signed', '/signed', { secret: 's3cret', additionalHeaders: 'X-Team: netops' });
    const created = await createDevice('hooked-r1');
    const id = created?.device?.id ?? '';
    await t.gql('mutation($id: ID!) { updateDevice(id: $id, input: { serial: "SN-1" }) { errors { message } } }', { id });
    await t.gql('mutation($id: ID!) { deleteDevice(id: $id) { errors { message } } }', { id });
    await settle('/signed', 3);
    const bodies = to('/signed').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies.map((b) => b['event']).sort()).toEqual(['created', 'deleted', 'updated']);
    for (const r of to('/signed')) {
      expect(r.method).toBe('POST');
      expect(r.headers['x-hook-signature']).toBe(signBody('s3cret', r.body));
      expect(r.headers['x-team']).toBe('netops');
      expect(r.headers['content-type']).toBe('application/json');
    }
    const updated = bodies.find((b) => b['event'] === 'updated');
    expect(updated).toMatchObject({ model: 'dcim.device', object_id: id, data: { name: 'hooked-r1', serial: 'SN-1' } });
    expect(typeof updated?.['request_id']).toBe('string');
    // The secret is write-only: not a field of the type, not in the change log.
    const asked = await t.gql('{ webhooks(first: 5) { edges { node { secret } } } }');
    expect(asked.errors?.[0]?.message).toContain('Cannot query field "secret"');
    const changes = await t.prisma.objectChange.findMany({ where: { contentType: 'extras.webhook' } });
    expect(changes.map((c) => c.data).join('')).not.toContain('s3cret');
  });

  it('follows a write with the webhooks that stood when its request started, and those the same request saved before it', async () => {
    const res = await t.gql<{ createWebhook: { errors: Errors }; createDevice: { errors: Errors } }>(
      `mutation($hook: CreateWebhookInput!, $device: CreateDeviceInput!) {
        createWebhook(input: $hook) { errors { field code message } }
        createDevice(input: $device) { errors { field code message } }
      }`,
      {
        hook: { name: 'same-request', contentTypes: ['dcim.device'], payloadUrl: `${target.url}/same-request`, typeCreate: true },
        device: { name: 'hooked-same-request', locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId },
      },
    );
    expect(res.data?.createWebhook.errors).toEqual([]);
    expect(res.data?.createDevice.errors).toEqual([]);
    await settle('/same-request', 1);
    expect(JSON.parse(to('/same-request')[0]?.body ?? '{}')).toMatchObject({ event: 'created', data: { name: 'hooked-same-request' } });
    // A later request follows it too.
    expect((await createDevice('hooked-next-request'))?.errors).toEqual([]);
    await settle('/same-request', 2);
  });

  it('tries a failing target again and delivers on the third try; gives up after the last try and records it', async () => {
    const flaky = await hook('flaky', '/flaky', { typeUpdate: false, typeDelete: false });
    const down = await hook('down', '/down', { typeUpdate: false, typeDelete: false });
    await createDevice('hooked-r2');
    await settle('/flaky', 3);
    await settle('/down', 3);
    const log = async (webhookId: string) =>
      (await t.gql<{ webhookDeliveries: Array<{ status: string; attempts: number; responseStatus: number; error: string; event: string }> }>(
        'query($id: ID!) { webhookDeliveries(webhookId: $id) { status attempts responseStatus error event } }',
        { id: webhookId },
      )).data?.webhookDeliveries;
    await expect.poll(async () => (await log(flaky))?.[0]?.status, { timeout: 15_000 }).toBe('delivered');
    expect((await log(flaky))?.[0]).toMatchObject({ attempts: 3, responseStatus: 204, event: 'created' });
    await expect.poll(async () => (await log(down))?.[0]?.status, { timeout: 15_000 }).toBe('failed');
    expect((await log(down))?.[0]).toMatchObject({ attempts: 3, responseStatus: 500, error: 'The target answered HTTP 500.' });
  });

  it('sends nothing for a change its transaction undid, nor for input refused before writing', async () => {
    await hook('quiet', '/quiet');
    const created = await createDevice('hooked-r3');
    const id = created?.device?.id ?? '';
    await settle('/quiet', 1);
    // The example plugin's form field refuses inside the device's transaction: the rename is undone.
    await t.prisma.exampleBgpSession.create({ data: { name: 'up', localAsn: 65001, remoteAsn: 65002, remoteAddress: '192.0.2.1', deviceId: id } });
    const refused = await t.gql<{ updateDevice: { errors: Errors } }>('mutation($id: ID!) { updateDevice(id: $id, input: { name: "renamed", exampleLocalAsn: 65100 }) { errors { field code message } } }', { id });
    expect(refused.data?.updateDevice.errors[0]?.field).toBe('exampleLocalAsn');
    expect((await createDevice(''))?.errors[0]?.code).toBe('REQUIRED');
    await t.runtime.webhooks.idle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(to('/quiet').length).toBe(1);
  });

  it('renders a body template, and refuses unsafe targets, headers and templates with field errors', async () => {
    await hook('templated', '/templated', { bodyTemplate: '{"device": "{{ data.name }}", "what": "{{ event }}"}', httpMethod: 'PUT', httpContentType: 'text/plain', typeUpdate: false, typeDelete: false });
    await createDevice('hooked-r4');
    await settle('/templated', 1);
    expect(to('/templated')[0]).toMatchObject({ method: 'PUT', body: '{"device": "hooked-r4", "what": "created"}' });

    const refuse = async (input: Record<string, unknown>) =>
      (await t.gql<{ createWebhook: { errors: Errors } }>(CREATE_HOOK, { input: { name: `bad-${randomUUID()}`, payloadUrl: `${target.url}/x`, ...input } })).data?.createWebhook.errors;
    expect(await refuse({ payloadUrl: 'file:///etc/passwd' })).toEqual([{ field: 'payloadUrl', code: 'INVALID', message: 'The URL must use http or https.' }]);
    expect(await refuse({ payloadUrl: 'https://user:pw@hooks.example.net/' })).toEqual([{ field: 'payloadUrl', code: 'INVALID', message: 'Put credentials in a header (Authorization: …), not in the URL.' }]);
    expect(await refuse({ additionalHeaders: 'Host: evil.example\nnot a header' })).toEqual([
      { field: 'additionalHeaders', code: 'INVALID', message: 'Line 1: Fathom sets Host itself.' },
      { field: 'additionalHeaders', code: 'INVALID', message: 'Line 2 is not a header as "Name: value".' },
    ]);
    expect((await refuse({ bodyTemplate: '{{ data.name ' }))?.[0]).toMatchObject({ field: 'bodyTemplate', code: 'INVALID' });
  });

  it('follows a plugin model’s changes like a core model’s', async () => {
    await hook('sessions', '/sessions', { contentTypes: ['example.examplebgpsession'], typeUpdate: false, typeDelete: false });
    const device = await createDevice('hooked-r5');
    const created = await t.gql<{ createExampleBgpSession: { errors: Errors } }>(
      'mutation($input: CreateExampleBgpSessionInput!) { createExampleBgpSession(input: $input) { errors { field code message } } }',
      { input: { name: 'transit-9', localAsn: 64512, remoteAsn: 3356, remoteAddress: '192.0.2.9', deviceId: device?.device?.id } },
    );
    expect(created.data?.createExampleBgpSession.errors).toEqual([]);
    await settle('/sessions', 1);
    expect(JSON.parse(to('/sessions')[0]?.body ?? '{}')).toMatchObject({ event: 'created', model: 'example.examplebgpsession', data: { name: 'transit-9', remoteAsn: 3356 } });
  });

  it('shows the delivery log only to users who may view webhooks', async () => {
    const viewer = await t.user({ username: `hook-viewer-${provider}`, permissions: [{ actions: ['view'], contentTypes: ['extras.webhook'] }] });
    const outsider = await t.user({ username: `hook-outsider-${provider}`, permissions: [{ actions: ['view'], contentTypes: ['dcim.device'] }] });
    const seen = await viewer.gql<{ webhookDeliveries: unknown[] }>('{ webhookDeliveries(first: 200) { id status } }');
    expect(seen.data?.webhookDeliveries.length).toBeGreaterThan(5);
    // Lists are filtered, not failed: someone who may not view webhooks sees no deliveries.
    const filtered = await outsider.gql<{ webhookDeliveries: unknown[] }>('{ webhookDeliveries { id } }');
    expect(filtered.data?.webhookDeliveries).toEqual([]);
  });
});
