import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app.ts';
import { collectDeclarations } from '../../server/src/auth/field-permissions.ts';
import { bootApp, createTestDatabase, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

/** Limits small enough to hit with short queries; each test sits just under and just over one. */
const LIMITS = { maxDepth: 4, maxAliases: 3, maxCost: 200, maxTokens: 60, anonymousIntrospection: false };

/** A query `depth` fields deep, counting the leaf: devices → edges → node → location → parent… → id. */
function nest(depth: number): string {
  let inner = 'id';
  for (let i = 0; i < depth - 4; i += 1) inner = `${i === depth - 5 ? 'location' : 'parent'} { ${inner} }`;
  return `{ devices { edges { node { ${inner} } } } }`;
}

describe('GraphQL hardening', () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'hardening');
    t = await bootApp(testConfig(db, { graphql: LIMITS }));
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const ok = (res: { errors?: Array<{ message: string }> }) => expect(res.errors).toBeUndefined();
  const refused = (res: { errors?: Array<{ message: string }> }, pattern: RegExp) => expect(res.errors?.[0]?.message).toMatch(pattern);

  it('accepts a query at the depth limit and refuses one just over it', async () => {
    ok(await t.gql(nest(4)));
    refused(await t.gql(nest(5)), /depth/i);
  });

  it('accepts the alias limit and refuses one alias more', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: tags { totalCount }`).join(' ')} }`;
    ok(await t.gql(aliases(3)));
    refused(await t.gql(aliases(4)), /alias/i);
  });

  it('accepts a query under the cost limit and refuses a costlier one', async () => {
    ok(await t.gql('{ devices(first: 10) { edges { node { id name } } } }'));
    refused(await t.gql('{ devices(first: 100) { edges { node { id name serial comments } } } }'), /cost/i);
  });

  it('counts page sizes given in variables, so a variable cannot make a costly query look cheap', async () => {
    const page = 'query($n: Int) { devices(first: $n) { edges { node { id name } } } }';
    ok(await t.gql(page, { n: 10 }));
    refused(await t.gql(page, { n: 100 }), /cost/i);
    refused(await t.gql(page, { n: 1000 }), /cost/i);
    // Left out, a page is the default size (50): the estimate does not assume one row.
    refused(await t.gql('{ devices { edges { node { id name serial comments } } } }'), /cost/i);
  });

  it('accepts a query under the token limit and refuses a longer one', async () => {
    ok(await t.gql('{ tags { totalCount } }'));
    const long = `{ ${Array.from({ length: 30 }, () => 'tags { totalCount }').join(' ')} }`;
    refused(await t.gql(long), /token/i);
  });

  it('allows introspection to authenticated callers and refuses it to anonymous ones by default', async () => {
    ok(await t.gql('{ __schema { queryType { name } } }'));
    const anon = await t.gqlWith({}, '{ __schema { queryType { name } } }');
    expect(anon.errors?.[0]?.message).toMatch(/introspection/i);
    // The other order, with a document of its own: a validation kept for one kind of caller is not the other's.
    refused(await t.gqlWith({}, '{ __type(name: "Device") { name } }'), /introspection/i);
    ok(await t.gql('{ __type(name: "Device") { name } }'));
    // A session cookie or a token that names nothing gets no introspection either.
    for (const headers of [{ cookie: 'fathom_session=0123456789abcdef' }, { authorization: `Token ${'0'.repeat(40)}` }] as Array<Record<string, string>>) {
      const res = await t.gqlWith(headers, '{ __type(name: "Device") { name } }');
      expect(res.data?.['__type']).toBeUndefined();
      refused(res, /introspection|session|token/i);
    }
  });

  it('answers anonymous introspection when graphql.anonymousIntrospection allows it', async () => {
    const open = createApp({ ...t.runtime, config: { ...t.runtime.config, graphql: { ...t.runtime.config.graphql, anonymousIntrospection: true } } });
    const res = await open.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __type(name: "Device") { name } }' }) }));
    expect(await res.json()).toEqual({ data: { __type: { name: 'Device' } } });
    // Suggestions stay hidden from anonymous callers all the same.
    const typo = await open.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ devicez { totalCount } }' }) }));
    expect(((await typo.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toBe('Cannot query field "devicez" on type "Query".');
  });

  it('refuses a multipart body unread, even with a valid token (the schema takes no uploads)', async () => {
    const before = await t.runtime.prisma.tag.count();
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: 'mutation { createTag(input: { name: "by-form" }) { tag { id } errors { message } } }' }));
    form.set('map', '{}');
    // With a header a cross-site form cannot send, so that the CSRF check lets it through to the body's parser.
    const res = await t.app.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { authorization: `Token ${t.adminToken}`, 'x-fathom-csrf': '1' }, body: form }));
    expect(res.status).toBe(415);
    expect(await t.runtime.prisma.tag.count()).toBe(before);
    // The same mutation as JSON is served: the refusal is the body's kind, not the token.
    ok(await t.gql('mutation { createTag(input: { name: "by-json" }) { tag { id } errors { message } } }'));
    expect(await t.runtime.prisma.tag.count()).toBe(before + 1);
  });

  it('hides field suggestions from anonymous callers only', async () => {
    const anon = await t.gqlWith({}, '{ devicez { totalCount } }');
    expect(anon.errors?.[0]?.message).toBe('Cannot query field "devicez" on type "Query".');
    const authed = await t.gql('{ devicez { totalCount } }');
    expect(authed.errors?.[0]?.message).toContain('Did you mean');
  });

  it('masks unexpected errors for clients', async () => {
    const restore = t.runtime.prisma.tag.count;
    t.runtime.prisma.tag.count = (() => Promise.reject(new Error('secret database detail'))) as never;
    try {
      // The directive sends the read through the resolvers (one-statement reads fall back to them when they fail).
      const res = await t.gql('{ tags { totalCount @include(if: true) } }');
      expect(res.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(res)).not.toContain('secret database detail');
    } finally {
      t.runtime.prisma.tag.count = restore;
    }
  });

  it('covers every root field and mutation of the stitched schema, core and plugin, with a declared permission', () => {
    const { composed } = t.runtime;
    const declared = collectDeclarations([composed.core, ...composed.plugins.map((p) => p.schema)]);
    const missing: string[] = [];
    for (const root of [composed.schema.getQueryType(), composed.schema.getMutationType()]) {
      if (!root || !isObjectType(root)) continue;
      for (const name of Object.keys(root.getFields())) if (!declared.has(`${root.name}.${name}`)) missing.push(`${root.name}.${name}`);
    }
    expect(missing).toEqual([]);
    expect(declared.get('Query.exampleBgpSessions')).toEqual({ model: 'ExampleBgpSession', action: 'view' });
    expect(declared.get('Mutation.createPeeringContact')).toEqual({ model: 'PeeringContact', action: 'add' });
  });
});

describe('a plugin root field without a declared permission', () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'undeclared');
    t = await bootApp(testConfig(db, { plugins: ['./test/fixtures/plugins/undeclared-field/plugin.ts'], pluginsConfig: {} }));
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('is refused even to a superuser (fail closed)', async () => {
    const res = await t.gql('{ undeclaredFieldSecret }');
    expect(res.errors?.[0]).toMatchObject({ message: 'Query.undeclaredFieldSecret declares no permission and is refused.', extensions: { code: 'FORBIDDEN' } });
  });
});

describe('a plugin resolver that fails at request time', () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'resolver-throws');
    t = await bootApp(testConfig(db, { plugins: ['./test/fixtures/plugins/resolver-throws/plugin.ts'], pluginsConfig: {} }));
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('serves the fields of a plugin that has no mutations', async () => {
    expect((await t.gql<{ resolverThrowsFine: string }>('{ resolverThrowsFine }')).data?.resolverThrowsFine).toBe('fine');
  });

  it('names the plugin in the masked error, and keeps the error’s details out of the response', async () => {
    const res = await t.gql('{ resolverThrowsBoom }');
    expect(res.errors?.[0]).toMatchObject({ message: 'Unexpected error in plugin "resolver-throws".', extensions: { code: 'INTERNAL_SERVER_ERROR', plugin: 'resolver-throws' } });
    expect(JSON.stringify(res)).not.toContain('secret@db');
  });
});
