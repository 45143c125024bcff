import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildSite } from '../fixtures/network.ts';
import { connect } from 'node:net';
import { listen } from '../e2e/browser.ts';

const TAGS = 'query($q: String) { tags(filter: { q: $q }) { totalCount edges { node { name } } } }';

/** Finding 9: search strings, filters and bodies are bounded and taken literally. */
describe.each(PROVIDERS)('hostile search and input sizes on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase(provider, 'input');
    t = await bootApp(testConfig(db));
    await t.runtime.prisma.tag.createMany({ data: ['wild%card', 'wildXcard', 'under_score', 'underXscore', 'back\\slash', 'backXslash'].map((name) => ({ name })) });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const names = async (q: string) => {
    const res = await t.gql<{ tags: { edges: Array<{ node: { name: string } }> } }>(TAGS, { q });
    expect(res.errors).toBeUndefined();
    return res.data?.tags.edges.map((e) => e.node.name).filter((n) => /wild|under|back/.test(n)).sort();
  };

  it('matches %, _ and \\ in a quick search literally, not as wildcards', async () => {
    expect(await names('%')).toEqual(['wild%card']);
    expect(await names('d%c')).toEqual(['wild%card']);
    expect(await names('r_s')).toEqual(['under_score']);
    expect(await names('_')).toEqual(['under_score']);
    expect(await names('k\\s')).toEqual(['back\\slash']);
    expect(await names('%%%%%%%%%%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%_%')).toEqual([]);
    // Still a case-insensitive substring search.
    expect(await names('WILDX')).toEqual(['wildXcard']);
  });

  it('matches wildcards literally in list filters built on substring matching too', async () => {
    await buildSite(t.runtime.prisma, 'Site 100%');
    await buildSite(t.runtime.prisma, 'Site 1000');
    const res = await t.gql<{ locations: { edges: Array<{ node: { name: string } }> } }>('{ locations(filter: { name: ["100%"] }) { edges { node { name } } } }');
    expect(res.data?.locations.edges.map((e) => e.node.name).sort()).toEqual(['Site 100%', 'Site 100% region']);
  });

  it('refuses oversized search strings and filter lists with a clear error, before any query', async () => {
    // What authenticating the request costs, to tell it from a query the filter would have run.
    let before = t.runtime.queries.count;
    await t.gql('{ me { username } }');
    const authOnly = t.runtime.queries.count - before;
    before = t.runtime.queries.count;
    const long = await t.gql(TAGS, { q: 'a'.repeat(101) });
    expect(long.errors?.[0]).toMatchObject({ message: 'filter.q is longer than 100 characters.', extensions: { code: 'BAD_USER_INPUT' } });
    const many = await t.gql('query($ids: [ID!]) { tags(filter: { id: $ids }) { totalCount } }', { ids: Array.from({ length: 1001 }, (_, i) => `id-${i}`) });
    expect(many.errors?.[0]?.message).toBe('filter.id has more than 1000 values.');
    const wide = await t.gql('query($n: [String!]) { tags(filter: { name: $n }) { totalCount } }', { n: ['x'.repeat(201)] });
    expect(wide.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(t.runtime.queries.count - before).toBeLessThanOrEqual(3 * authOnly);
  });

  it('refuses text over the field limit as a field error, writing nothing', async () => {
    const res = await t.gql<{ createTag: { tag: unknown; errors: Array<{ field: string; code: string }> } }>(
      'mutation($d: String) { createTag(input: { name: "long-description", description: $d }) { tag { id } errors { field code } } }',
      { d: 'x'.repeat(70_000) },
    );
    expect(res.data?.createTag.errors.map((e) => e.code)).toContain('MAX_LENGTH');
    expect(await t.runtime.prisma.tag.count({ where: { name: 'long-description' } })).toBe(0);
  });

  it('answers a request body over the size limit with 413, whether it declares its length or streams it', async () => {
    const big = JSON.stringify({ query: `{ tags { totalCount } } # ${'x'.repeat(1_100_000)}` });
    const declared = await t.app.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Token ${t.adminToken}` }, body: big }));
    expect(declared.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i += 1) controller.enqueue(new TextEncoder().encode('x'.repeat(64_000)));
        controller.close();
      },
    });
    const chunked = await t.app.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit));
    expect(chunked.status).toBe(413);
    const small = JSON.stringify({ query: '{ tags { totalCount } }' });
    const declaredSmall = await t.app.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(small.length), authorization: `Token ${t.adminToken}` }, body: small }));
    expect(declaredSmall.status).toBe(200);
  });

  it('takes over a socket no more body than a request declares, however much more follows it', async () => {
    const { url, server } = await listen(t);
    const { port } = new URL(url);
    // A declared length of 40 with more than a megabyte after it: the server reads 40 bytes as the body (not JSON
    // that parses), and what follows is not a request it serves.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        const body = JSON.stringify({ query: `{ tags { totalCount } } # ${'x'.repeat(1_100_000)}` });
        socket.end(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Token ${t.adminToken}\r\nContent-Length: 40\r\n\r\n${body}`);
      });
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      socket.on('close', () => resolve(received));
      socket.on('error', (error) => (received ? resolve(received) : reject(error)));
    });
    try {
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).not.toContain('"totalCount"');
      // The server goes on serving.
      const next = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Token ${t.adminToken}` }, body: JSON.stringify({ query: '{ tags { totalCount } }' }) });
      expect(((await next.json()) as { data: { tags: { totalCount: number } } }).data.tags.totalCount).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });
});
