import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../e2e/browser.ts';
import { buildSite } from '../fixtures/network.ts';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

type Change = { id: string; action: string; contentType: string; objectRepr: string };
const FEED = 'subscription($types: [String!], $after: ID) { objectChanged(contentTypes: $types, after: $after) { id action contentType objectRepr } }';

const servers = new Map<TestApp, Promise<{ url: string; server: Server }>>();

/** Subscribe over HTTP with server-sent events (GraphQL over SSE); events are collected as they arrive. */
async function subscribe(t: TestApp, headers: Record<string, string>, variables: Record<string, unknown> = {}) {
  if (!servers.has(t)) servers.set(t, listen(t));
  const { url } = await (servers.get(t) as Promise<{ url: string; server: Server }>);
  // Leaving is dropping the connection, as a client that goes away does.
  const leave = new AbortController();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query: FEED, variables }),
    signal: leave.signal,
  });
  const changes: Change[] = [];
  const errors: unknown[] = [];
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const data = buffer.slice(0, end).split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('');
        buffer = buffer.slice(end + 2);
        if (!data) continue;
        const payload = JSON.parse(data) as { data?: { objectChanged: Change }; errors?: unknown[] };
        if (payload.data?.objectChanged) changes.push(payload.data.objectChanged);
        if (payload.errors) errors.push(...payload.errors);
      }
    }
  })().catch(() => {});
  return { status: response.status, changes, errors, close: () => leave.abort() };
}

describe.each(PROVIDERS)('the change feed on %s', (provider) => {
  let db: TestDatabase;
  let a: TestApp;
  /** A second server on the same database (and, on PostgreSQL, the same Redis), as a second process would be. */
  let b: TestApp;
  let site: Awaited<ReturnType<typeof buildSite>>;
  const device = (t: TestApp, name: string) =>
    t.gql<{ createDevice: { device: { id: string } } }>('mutation($input: CreateDeviceInput!) { createDevice(input: $input) { device { id } } }', {
      input: { name, locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId },
    });
  /** Where "another process's" changes are made: the second server with Redis, the same one without (SQLite). */
  const other = () => (provider === 'postgresql' ? b : a);
  const listening = (t: TestApp, count: number) => expect.poll(() => t.runtime.feed.listenerCount(), { timeout: 10_000 }).toBe(count);

  const queueName = `feed-${randomUUID()}`;

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'feed');
    const redis = provider === 'postgresql' ? { jobs: { redisUrl: 'redis://127.0.0.1:6379/0', queueName } } : {};
    a = await bootApp(testConfig(db, redis));
    b = await bootApp(testConfig(db, redis), { upgrade: false });
    await Promise.all([a.runtime.feed.listening(), b.runtime.feed.listening()]);
    site = await buildSite(a.prisma, 'Feed site');
  });
  afterAll(async () => {
    for (const started of servers.values()) (await started).server.close();
    servers.clear();
    await b?.close();
    await a?.close();
    await db?.drop();
  });

  it('sends each committed change to a subscriber, filtered by content type', async () => {
    const feed = await subscribe(a, { authorization: `Token ${a.adminToken}` }, { types: ['dcim.device'] });
    expect(feed.status).toBe(200);
    await listening(a, 1);
    await device(a, 'feed-r1');
    await a.gql('mutation { createTag(input: { name: "feed-tag" }) { errors { message } } }');
    await expect.poll(() => feed.changes.map((c) => `${c.action} ${c.objectRepr}`), { timeout: 10_000 }).toEqual(['create feed-r1']);
    await feed.close();
    await listening(a, 0);
  });

  it('reaches a subscriber of one server with a change made through another (through Redis; without it, each server hears its own)', async () => {
    const feed = await subscribe(a, { authorization: `Token ${a.adminToken}` }, { types: ['dcim.device'] });
    await listening(a, 1);
    await device(b, 'feed-from-b');
    await device(a, 'feed-from-a');
    const expected = provider === 'postgresql' ? ['feed-from-b', 'feed-from-a'] : ['feed-from-a'];
    await expect.poll(() => feed.changes.map((c) => c.objectRepr), { timeout: 10_000 }).toEqual(expected);
    await feed.close();
    await listening(a, 0);
  });

  it('sends a reconnecting subscriber what it missed, from the change log, and then what comes', async () => {
    const first = await subscribe(a, { authorization: `Token ${a.adminToken}` }, { types: ['dcim.device'] });
    await listening(a, 1);
    await device(a, 'feed-seen');
    await expect.poll(() => first.changes.length, { timeout: 10_000 }).toBe(1);
    await first.close();
    await listening(a, 0);
    await device(a, 'feed-missed-1');
    await device(other(), 'feed-missed-2');
    const again = await subscribe(a, { authorization: `Token ${a.adminToken}` }, { types: ['dcim.device'], after: first.changes[0]?.id });
    await expect.poll(() => again.changes.map((c) => c.objectRepr), { timeout: 10_000 }).toEqual(['feed-missed-1', 'feed-missed-2']);
    await listening(a, 1);
    await device(other(), 'feed-after');
    await expect.poll(() => again.changes.map((c) => c.objectRepr), { timeout: 10_000 }).toEqual(['feed-missed-1', 'feed-missed-2', 'feed-after']);
    await again.close();
  });

  it('shows a constrained subscriber only the objects it may view, and refuses one who may not read the change log', async () => {
    const narrow = await a.user({
      username: `feed-narrow-${provider}`,
      permissions: [
        { actions: ['view'], contentTypes: ['extras.objectchange'] },
        { actions: ['view'], contentTypes: ['dcim.device'], constraints: { name: { startsWith: 'feed-ok' } } },
      ],
    });
    const feed = await subscribe(a, narrow.headers);
    await listening(a, 1);
    await device(other(), 'feed-hidden');
    await device(other(), 'feed-ok-1');
    await expect.poll(() => feed.changes.map((c) => c.objectRepr), { timeout: 10_000 }).toEqual(['feed-ok-1']);
    await feed.close();
    await listening(a, 0);

    const outsider = await a.user({ username: `feed-outsider-${provider}`, permissions: [{ actions: ['view'], contentTypes: ['dcim.device'] }] });
    const refused = await subscribe(a, outsider.headers);
    await expect.poll(() => JSON.stringify(refused.errors), { timeout: 10_000 }).toContain('You do not have permission to view extras.objectchange.');
    await refused.close();
  });

  it.runIf(provider === 'postgresql')('listens to the Redis channel only while the process has a subscriber', async () => {
    const redis = new Redis('redis://127.0.0.1:6379/0');
    const channel = `${queueName}:changes`;
    const subscribers = async () => ((await redis.pubsub('NUMSUB', channel)) as [string, number])[1];
    try {
      // Neither server has a subscriber: neither hears the changes both publish.
      await expect.poll(subscribers, { timeout: 10_000 }).toBe(0);
      const feed = await subscribe(a, { authorization: `Token ${a.adminToken}` }, { types: ['dcim.device'] });
      await listening(a, 1);
      expect(await subscribers()).toBe(1);
      await device(b, 'feed-while-one');
      await expect.poll(() => feed.changes.map((c) => c.objectRepr), { timeout: 10_000 }).toEqual(['feed-while-one']);
      await feed.close();
      await listening(a, 0);
      await expect.poll(subscribers, { timeout: 10_000 }).toBe(0);

      // A listener that stops before the channel answers is not left behind, and the channel is let go.
      const stop = a.runtime.feed.listen(() => {});
      stop();
      await a.runtime.feed.listening();
      expect(a.runtime.feed.listenerCount()).toBe(0);
      await expect.poll(subscribers, { timeout: 10_000 }).toBe(0);

      // Two listeners share one subscription, which lasts until the second stops.
      const first = a.runtime.feed.listen(() => {});
      const heard: string[] = [];
      const second = a.runtime.feed.listen((change) => heard.push(change.objectRepr));
      await a.runtime.feed.listening();
      first();
      expect(await subscribers()).toBe(1);
      await device(b, 'feed-second');
      await expect.poll(() => heard, { timeout: 10_000 }).toEqual(['feed-second']);
      second();
      await expect.poll(subscribers, { timeout: 10_000 }).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  it.runIf(provider === 'postgresql')('publishes the changes committed in one turn of the event loop as one message, and hears a lone change as well', async () => {
    const channel = `${queueName}:changes`;
    const bare = new Redis('redis://127.0.0.1:6379/0');
    const publisher = new Redis('redis://127.0.0.1:6379/0');
    const messages: unknown[] = [];
    bare.on('message', (_channel: string, message: string) => messages.push(JSON.parse(message)));
    const heard: string[] = [];
    const stop = a.runtime.feed.listen((change) => heard.push(change.objectRepr));
    try {
      await bare.subscribe(channel);
      await a.runtime.feed.listening();
      const input = (name: string) => ({ name, locationId: site.siteId, deviceTypeId: site.deviceTypeId, roleId: site.roleId, statusId: site.statusId });
      const bulk = await b.gql<{ bulkCreateDevice: { ok: boolean } }>('mutation($inputs: [CreateDeviceInput!]!) { bulkCreateDevice(inputs: $inputs) { ok } }', {
        inputs: [input('feed-bulk-1'), input('feed-bulk-2'), input('feed-bulk-3')],
      });
      expect(bulk.data?.bulkCreateDevice.ok).toBe(true);
      await expect.poll(() => heard, { timeout: 10_000 }).toEqual(['feed-bulk-1', 'feed-bulk-2', 'feed-bulk-3']);
      // One PUBLISH for the three: each one a message was a command to Redis, and a message to every listening process.
      expect(messages).toHaveLength(1);
      expect((messages[0] as Array<{ objectRepr: string }>).map((c) => c.objectRepr)).toEqual(['feed-bulk-1', 'feed-bulk-2', 'feed-bulk-3']);
      // A bulk write of many is sent in messages of at most 100 changes.
      const many = Array.from({ length: 101 }, (_, i) => input(`feed-many-${i}`));
      expect((await b.gql<{ bulkCreateDevice: { ok: boolean } }>('mutation($inputs: [CreateDeviceInput!]!) { bulkCreateDevice(inputs: $inputs) { ok } }', { inputs: many })).data?.bulkCreateDevice.ok).toBe(true);
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(104);
      expect(messages.slice(1).map((m) => (m as unknown[]).length)).toEqual([100, 1]);
      // A process of the version before sends each change alone; it is heard all the same.
      const lone = { ...(messages[0] as Array<Record<string, unknown>>)[0], objectRepr: 'feed-lone' };
      await publisher.publish(channel, JSON.stringify(lone));
      await expect.poll(() => heard.at(-1), { timeout: 10_000 }).toBe('feed-lone');
    } finally {
      stop();
      bare.disconnect();
      publisher.disconnect();
    }
  });
});
