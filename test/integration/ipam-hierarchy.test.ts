import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { addressColumns, buildSite } from '../fixtures/network.ts';

type Node = { prefix: string; utilization: { addresses: number; childPrefixes: number; size: string; percent: number }; nextFreeAddresses: string[] };

const LIST = `query($within: String!, $count: Int) {
  prefixes(first: 50, filter: { withinInclude: $within }) { edges { node { prefix utilization { addresses childPrefixes size percent } nextFreeAddresses(count: $count) } } }
}`;

describe.each(PROVIDERS)('prefix utilization and free addresses on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let statusId: string;
  beforeAll(async () => {
    db = await createTestDatabase(provider, 'ipam');
    t = await bootApp(testConfig(db));
    statusId = (await buildSite(t.runtime.prisma, 'IPAM')).statusId;
    for (const prefix of ['10.9.0.0/24', '10.9.0.0/26', '10.8.0.0/30', '2001:db8:9::/64']) {
      const res = await t.gql<{ createPrefix: { errors: unknown[] } }>('mutation($input: CreatePrefixInput!) { createPrefix(input: $input) { errors { message } } }', { input: { prefix, statusId } });
      expect(res.data?.createPrefix.errors).toEqual([]);
    }
    for (const address of ['10.9.0.1/24', '10.9.0.2/24', '10.9.0.5/24', '10.9.0.200/24', '10.8.0.1/30', '2001:db8:9::1/64']) {
      await t.runtime.prisma.iPAddress.create({ data: { ...addressColumns(address), statusId } });
    }
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('counts the addresses and prefixes inside each prefix, and names the next free addresses', async () => {
    const res = await t.gql<{ prefixes: { edges: Array<{ node: Node }> } }>(LIST, { within: '10.0.0.0/8', count: 3 });
    expect(res.errors).toBeUndefined();
    const byPrefix = Object.fromEntries(res.data?.prefixes.edges.map((e) => [e.node.prefix, e.node]) ?? []);
    expect(byPrefix['10.9.0.0/24']).toEqual({ prefix: '10.9.0.0/24', utilization: { addresses: 4, childPrefixes: 1, size: '254', percent: 1.57 }, nextFreeAddresses: ['10.9.0.3/24', '10.9.0.4/24', '10.9.0.6/24'] });
    expect(byPrefix['10.9.0.0/26']).toEqual({ prefix: '10.9.0.0/26', utilization: { addresses: 3, childPrefixes: 0, size: '62', percent: 4.83 }, nextFreeAddresses: ['10.9.0.3/26', '10.9.0.4/26', '10.9.0.6/26'] });
    // A /30 has two usable addresses, one of them taken; nothing more is free.
    expect(byPrefix['10.8.0.0/30']).toEqual({ prefix: '10.8.0.0/30', utilization: { addresses: 1, childPrefixes: 0, size: '2', percent: 50 }, nextFreeAddresses: ['10.8.0.2/30'] });
  });

  it('gives IPv6 sizes past 2^53 exactly, as text, leaving out the subnet-router anycast address', async () => {
    const res = await t.gql<{ prefixes: { edges: Array<{ node: Node }> } }>(LIST, { within: '2001:db8::/32', count: 2 });
    expect(res.data?.prefixes.edges[0]?.node).toEqual({
      prefix: '2001:db8:9::/64',
      utilization: { addresses: 1, childPrefixes: 0, size: '18446744073709551615', percent: 0 },
      nextFreeAddresses: ['2001:db8:9::2/64', '2001:db8:9::3/64'],
    });
  });

  it('costs the same two statements for a page of any length', async () => {
    const count = async (within: string) => (await t.countStatements(() => t.gql(`query($w: String!) { prefixes(first: 50, filter: { withinInclude: $w }) { edges { node { prefix utilization { percent } } } } }`, { w: within }))).statements;
    const without = (await t.countStatements(() => t.gql('query { prefixes(first: 50, filter: { withinInclude: "10.0.0.0/8" }) { edges { node { prefix } } } }'))).statements;
    expect(await count('10.9.0.0/24')).toBe(await count('10.0.0.0/8')); // two prefixes, then three
    expect(await count('10.0.0.0/8')).toBe(without + 2);
  });

  it('counts what the caller may view, yet never offers an address someone else holds; caps the list asked for', async () => {
    const user = await t.user({
      username: `ipam-${provider}`,
      permissions: [{ actions: ['view'], contentTypes: ['ipam.prefix'] }, { actions: ['view'], contentTypes: ['ipam.ipaddress'], constraints: { host: { lt: addressColumns('10.9.0.3/24').host } } }],
    });
    const res = await user.gql<{ prefixes: { edges: Array<{ node: Node }> } }>(LIST, { within: '10.9.0.0/24', count: 3 });
    const node = res.data?.prefixes.edges.find((e) => e.node.prefix === '10.9.0.0/24')?.node;
    expect(node?.utilization.addresses).toBe(2); // .1 and .2; .5 and .200 are hidden from this user
    expect(node?.nextFreeAddresses).toEqual(['10.9.0.3/24', '10.9.0.4/24', '10.9.0.6/24']); // .5 is still taken
    const many = await t.gql<{ prefixes: { edges: Array<{ node: Node }> } }>(LIST, { within: '2001:db8:9::/64', count: 100000 });
    expect(many.data?.prefixes.edges[0]?.node.nextFreeAddresses).toHaveLength(256);
  });

  it('names the next free prefixes of a length, around the child prefixes any user holds, in one statement for a page', async () => {
    type Free = { prefixes: { edges: Array<{ node: { prefix: string; nextFreePrefixes: string[] } }> } };
    const FREE = `query($within: String!, $length: Int!, $count: Int) { prefixes(first: 50, filter: { withinInclude: $within }) { edges { node { prefix nextFreePrefixes(length: $length, count: $count) } } } }`;
    const free = async (within: string, length: number, count: number) => {
      const res = await t.gql<Free>(FREE, { within, length, count });
      expect(res.errors).toBeUndefined();
      return Object.fromEntries(res.data?.prefixes.edges.map((e) => [e.node.prefix, e.node.nextFreePrefixes]) ?? []);
    };
    // 10.9.0.0/24 holds 10.9.0.0/26: the free /26s are the other three; a /25 must skip the first half.
    expect((await free('10.9.0.0/24', 26, 5))['10.9.0.0/24']).toEqual(['10.9.0.64/26', '10.9.0.128/26', '10.9.0.192/26']);
    expect((await free('10.9.0.0/24', 25, 5))['10.9.0.0/24']).toEqual(['10.9.0.128/25']);
    // IPv6: a /48 with one /64 taken at its start, asked for 3 /64s, answers at once whatever the size of the gap.
    await t.gql('mutation($input: CreatePrefixInput!) { createPrefix(input: $input) { errors { message } } }', { input: { prefix: '2001:db8:7::/48', statusId } });
    await t.gql('mutation($input: CreatePrefixInput!) { createPrefix(input: $input) { errors { message } } }', { input: { prefix: '2001:db8:7::/64', statusId } });
    expect((await free('2001:db8:7::/48', 64, 3))['2001:db8:7::/48']).toEqual(['2001:db8:7:1::/64', '2001:db8:7:2::/64', '2001:db8:7:3::/64']);
    expect((await free('2001:db8:7::/48', 49, 2))['2001:db8:7::/48']).toEqual(['2001:db8:7:8000::/49']);
    // No block of a length the prefix cannot hold is free in it; a length no address family has is refused.
    expect((await free('10.9.0.0/24', 24, 1))['10.9.0.0/24']).toEqual([]);
    expect((await free('10.9.0.0/24', 33, 1))['10.9.0.0/24']).toEqual([]);
    const bad = await t.gql(FREE, { within: '10.9.0.0/24', length: 129, count: 1 });
    expect(bad.errors?.[0]?.message).toContain('between 0 and 128');
    // One statement for the page, whatever its length.
    const statements = async (within: string) => (await t.countStatements(() => t.gql(FREE, { within, length: 30, count: 2 }))).statements;
    const plain = (await t.countStatements(() => t.gql('query($w: String!) { prefixes(first: 50, filter: { withinInclude: $w }) { edges { node { prefix } } } }', { w: '10.0.0.0/8' }))).statements;
    expect(await statements('10.0.0.0/8')).toBe(plain + 1);
    expect(await statements('10.9.0.0/24')).toBe(await statements('10.0.0.0/8'));
  });
});
