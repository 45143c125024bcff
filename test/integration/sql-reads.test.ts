import { GraphQLError, Kind, parse, type GraphQLObjectType, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app.ts';
import { SQL_READ_MARK } from '../../server/src/schema/sql-read/execute.ts';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices } from '../fixtures/network.ts';

type Reply = { data?: unknown; errors?: Array<{ message: string }> };

/**
 * The one-statement read path (`schema/sql-read/`), on both databases: every document below is answered by the served
 * app and by the same app with the path turned off (the resolvers), for a superuser and for a constrained user,
 * and the two answers must be equal. The documents the path plans take one statement; the others take the
 * resolvers' statements and give the same answer.
 */
describe.each(PROVIDERS)('reads answered in one SQL statement on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let resolvers: ReturnType<typeof createApp>;
  let viewer: { headers: Record<string, string> };
  let auditor: { headers: Record<string, string> };
  let negator: { headers: Record<string, string> };
  const ids = { shown: '', hidden: '' };
  const admin = () => ({ authorization: `Token ${t.adminToken}` });

  const post = async (app: ReturnType<typeof createApp>, headers: Record<string, string>, query: string, variables?: Record<string, unknown>): Promise<Reply> => {
    const res = await app.fetch(new Request('http://fathom.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) }));
    return (await res.json()) as Reply;
  };
  /** The served answer, the resolvers' answer, and the statements each sent. */
  const both = async (headers: Record<string, string>, query: string, variables?: Record<string, unknown>) => {
    const sent = (t.runtime.queries.statements = []);
    const served = await post(t.app, headers, query, variables);
    const statements = sent.splice(0);
    const reference = await post(resolvers, headers, query, variables);
    return { served, reference, statements, resolverStatements: sent.splice(0) };
  };
  const isJsonRead = (sql: string) => sql.startsWith(SQL_READ_MARK);
  /** The statements a read sends for `roots` planned root fields: one on SQLite, one per root field on PostgreSQL. */
  const sent = (roots: number) => (provider === 'sqlite' ? 1 : roots);
  /** The root fields of a document (its operation's, __typename aside). */
  const rootsOf = (query: string) => (parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode).selectionSet.selections.filter((f) => f.kind === Kind.FIELD && f.name.value !== '__typename').length;

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'sql-reads');
    t = await bootApp(testConfig(db));
    resolvers = createApp(t.runtime, { sqlReads: false });
    const a = await buildDevices(t.runtime.prisma, 12, 3, 'SQL A');
    const b = await buildDevices(t.runtime.prisma, 5, 2, 'SQL B');
    Object.assign(ids, { shown: a.deviceIds[2], hidden: b.deviceIds[0] });
    // Hostile and awkward values travel as parameters and come back as they were stored.
    await t.runtime.prisma.device.update({ where: { id: a.deviceIds[0]! }, data: { name: `o'brien"); DROP TABLE "Device"; --`, serial: '100%_\\x', assetTag: null } });
    await t.runtime.prisma.device.update({ where: { id: a.deviceIds[1]! }, data: { serial: '100x_y', comments: 'ünïcødé ✓\n"quoted"' } });
    for (const deviceId of a.deviceIds.slice(0, 3)) await t.runtime.prisma.exampleBgpSession.create({ data: { name: 's', localAsn: 1, remoteAsn: 2, remoteAddress: '192.0.2.1', deviceId } });
    // The example plugin's "Local ASN" form field, a field with a resolver of its own, has a value on two devices.
    for (const [i, deviceId] of a.deviceIds.slice(1, 3).entries()) await t.runtime.prisma.exampleDeviceBgp.create({ data: { deviceId, localAsn: 64600 + i } });
    // Two devices with a platform; the rest have none (a nullable relation, for the filters and NOT below).
    const ios = await t.runtime.prisma.platform.create({ data: { name: 'ios' } });
    for (const id of a.deviceIds.slice(3, 5)) await t.runtime.prisma.device.update({ where: { id }, data: { platformId: ios.id } });
    const [core, edge] = [await t.runtime.prisma.tag.create({ data: { name: 'core' } }), await t.runtime.prisma.tag.create({ data: { name: 'edge' } })];
    for (const [i, id] of a.deviceIds.entries()) await t.runtime.prisma.device.update({ where: { id }, data: { tags: { connect: i % 3 === 0 ? [{ id: core.id }, { id: edge.id }] : i % 3 === 1 ? [{ id: edge.id }] : [] } } });
    viewer = await t.user({
      username: 'sql-viewer',
      permissions: [
        { actions: ['view'], contentTypes: ['dcim.device'], constraints: { location: { name: 'SQL A' }, NOT: { name: { endsWith: '11' } } } },
        { actions: ['view'], contentTypes: ['dcim.interface'], constraints: [{ name: { in: ['eth0', 'eth2'] } }] },
        { actions: ['view'], contentTypes: ['example.examplebgpsession'], constraints: { device: { name: { endsWith: '001' } } } },
        { actions: ['view'], contentTypes: ['ipam.ipaddress'], constraints: { interface: { is: { name: 'eth0' } } } },
      ],
    });
    // Constraints that use the rest of the filter language the read path writes.
    auditor = await t.user({
      username: 'sql-auditor',
      permissions: [
        { actions: ['view'], contentTypes: ['dcim.device'], constraints: { OR: [{ interfaces: { some: { name: 'eth2' } } }, { tags: { none: {} } }], serial: { notIn: ['nope'] }, platform: { isNot: { name: 'nope' } }, name: provider === 'postgresql' ? { startsWith: 'SQL-', mode: 'insensitive' } : { startsWith: 'sql-' } } },
        { actions: ['view'], contentTypes: ['dcim.location'], constraints: { devices: { every: { name: { contains: 'r0' } } }, parent: { isNot: null } } },
        { actions: ['view'], contentTypes: ['dcim.interface'], constraints: { device: { isNot: { name: { endsWith: '000' } } }, NOT: [{ name: 'eth1' }] } },
        { actions: ['view'], contentTypes: ['ipam.ipaddress'], constraints: { prefixLength: { gte: 24, lt: 33 }, interface: { is: { name: { not: 'eth0' } } } } },
      ],
    });
    // Relation filters under NOT, on a nullable relation and on lists: a device without a platform, tag or session
    // is in its scope.
    negator = await t.user({
      username: 'sql-negator',
      permissions: [{ actions: ['view'], contentTypes: ['dcim.device'], constraints: { NOT: [{ platform: { name: 'ios' } }, { tags: { some: { name: 'core' } } }, { exampleBgpSessions: { some: { name: 's' } } }, { platform: { is: { name: 'nope' } } }] } }],
    });
    // Warm the credentials: the counts below are of the reads alone.
    for (const app of [t.app, resolvers]) for (const headers of [admin(), viewer.headers, auditor.headers, negator.headers]) await post(app, headers, '{ me { username } }');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const PLANNED = [
    '{ devices(first: 100) { edges { node { name interfaces { name ipAddresses { address } } } } } }',
    `{ devices(first: 5, orderBy: [{ field: NAME, direction: DESC }]) { __typename totalCount pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
        edges { __typename cursor node { __typename id name serial assetTag comments created lastUpdated customFields location { name parent { name } status { name } } platform { name } } } } }`,
    '{ devices(filter: { location: ["SQL A"], q: "r00" }) { totalCount edges { node { name } } } }',
    '{ devices(filter: { q: "%_" }) { totalCount edges { node { name serial } } } }',
    '{ devices(filter: { q: "o\'brien" }) { totalCount edges { node { name } } } }',
    'query Q($n: Int) { a: devices(first: $n) { ...page } b: locations(orderBy: [{ field: NAME }]) { edges { node { name children { name } } } } __typename } fragment page on QueryDevicesConnection { edges { node { ... on Device { nm: name } name } } }',
    '{ interfaces(first: 20, filter: { q: "eth1" }) { totalCount edges { node { name device { name location { name } } ipAddresses { address ipVersion prefixLength dnsName } } } } }',
    '{ devices(first: 0) { totalCount pageInfo { hasNextPage startCursor } edges { cursor } } }',
    '{ devices(first: 2000) { edges { cursor } } }',
    // A plugin's plain relation on the core type, and the plugin's own list with core objects below it.
    '{ devices(first: 100) { edges { node { name interfaces { name } exampleBgpSessions { name remoteAsn device { name } } } } } }',
    // Relation counts, the core's and a plugin's, of what the caller may view.
    '{ devices(first: 30, orderBy: [{ field: NAME }]) { edges { node { name interfaceCount exampleBgpSessionCount } } } }',
    '{ exampleBgpSessions(first: 20) { totalCount edges { node { name localAsn device { name interfaces { name } } } } } }',
    // Many-to-many relations, read and filtered through Prisma's implicit table.
    '{ devices(first: 20, filter: { tag: ["edge"] }, orderBy: [{ field: NAME }]) { totalCount edges { node { name tags { name color } } } } }',
    // A tag alone, for a superuser: a short page walks the order (many pairs for few rows), a long one fetches the
    // pairs' rows; with two tags the total counts a device with both once.
    '{ devices(first: 2, filter: { tag: ["edge"] }, orderBy: [{ field: NAME, direction: DESC }]) { totalCount pageInfo { hasNextPage } edges { node { name } } } }',
    '{ devices(first: 1, filter: { tag: ["core", "edge"] }) { totalCount edges { node { name tags { name } } } } }',
    '{ devices(first: 20, filter: { tag: ["core", "edge"] }) { totalCount edges { node { name } } } }',
    '{ devices(first: 3, filter: { tag: ["nope"] }) { totalCount edges { node { name } } } }',
    // A reference alone likewise: every device has the role (walk), two the platform (fetch), none the other role.
    '{ devices(first: 2, filter: { role: ["Router"] }, orderBy: [{ field: NAME, direction: DESC }]) { totalCount edges { node { name role { name } } } } }',
    '{ devices(first: 3, filter: { platform: ["ios", "nope"] }) { totalCount edges { node { name } } } }',
    '{ devices(first: 2, filter: { manufacturer: ["Acme"] }) { totalCount pageInfo { hasNextPage } edges { node { name } } } }',
    '{ devices(first: 2, filter: { role: ["nope"] }) { totalCount edges { node { name } } } }',
    // The filters on a device's references, by name, each a relation to look up.
    '{ devices(filter: { platform: ["ios"] }, orderBy: [{ field: NAME }]) { totalCount edges { node { name platform { name } } } } }',
    '{ devices(first: 7, filter: { role: ["Router"], manufacturer: ["Acme"], status: ["Active"], deviceType: ["R1"], tag: ["core", "edge"] }) { totalCount edges { node { name } } } }',
    '{ devices(filter: { exampleHasSessions: false }) { totalCount edges { node { name } } } }',
    // Objects by id: one every caller sees, one a constrained caller does not, one that does not exist.
    'query($shown: ID!, $hidden: ID!) { device(id: $shown) { name tags { name } location { name } interfaces { name } } other: device(id: $hidden) { name } none: device(id: "nope") { name } devices(first: 2) { totalCount } }',
    // The second page, after the caller's own first page.
    'query($after: String) { devices(first: 4, after: $after, orderBy: [{ field: NAME, direction: DESC }]) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } } } }',
  ];
  const FIRST_PAGE = '{ devices(first: 4, orderBy: [{ field: NAME, direction: DESC }]) { pageInfo { endCursor } } }';

  it('answers each planned document with what the resolvers give, in one statement (one per root field on PostgreSQL), for a superuser and constrained users', async () => {
    for (const headers of [admin(), viewer.headers, auditor.headers, negator.headers]) {
      const first = (await post(resolvers, headers, FIRST_PAGE)) as { data: { devices: { pageInfo: { endCursor: string } } } };
      for (const query of PLANNED) {
        const { served, reference, statements, resolverStatements } = await both(headers, query, { n: 4, after: first.data.devices.pageInfo.endCursor, ...ids });
        expect(served.errors, query).toBeUndefined();
        expect(served, query).toEqual(reference);
        // A filter's look-ups (a location's subtree, the related names of a quick search) run first, as they do
        // for the resolvers; then the statements answer, where the resolvers send one per list and relation.
        const marked = sent(rootsOf(query));
        expect(statements.filter(isJsonRead), query).toHaveLength(marked);
        expect(statements.slice(-marked).every(isJsonRead), query).toBe(true);
        expect(statements.slice(0, -marked), query).toEqual(resolverStatements.slice(0, statements.length - marked));
        // (The negator sees neither object by id, which leaves the resolvers little to read.)
        if (headers !== negator.headers && (query.includes('interfaces {') || (query.includes('totalCount') && query.includes('node {')))) expect(resolverStatements.length, query).toBeGreaterThan(statements.length);
      }
    }
  });

  it('pages through the devices of a tag or a reference with either plan, as the resolvers do, counting the matches first', async () => {
    // 200 more devices (without tags, platform or the Active status) for a while, so that a page can be short of the
    // matches and still be fetched: the statement walks the names when 16 × matches² > (page + 1) × rows.
    const like = await t.runtime.prisma.device.findFirstOrThrow({ select: { locationId: true, deviceTypeId: true, roleId: true } });
    const pad = await t.runtime.prisma.status.create({ data: { name: 'Padding' } });
    await t.runtime.prisma.device.createMany({ data: Array.from({ length: 200 }, (_, i) => ({ ...like, name: `zz-pad-${String(i).padStart(3, '0')}`, statusId: pad.id })) });
    const cases = [
      { filter: 'tag: ["edge"]', total: 8, first: 2, walks: true, counted: '"_DeviceToTag"' },
      { filter: 'tag: ["edge"]', total: 8, first: 6, walks: false, counted: '"_DeviceToTag"' },
      { filter: 'status: ["Active"]', total: 17, first: 5, walks: true, counted: '"Device"' },
      { filter: 'platform: ["ios"]', total: 2, first: 1, walks: false, counted: '"Device"' },
    ];
    try {
      for (const { filter, total, first, walks, counted } of cases) {
        expect(16 * total * total > (first + 1) * 217, filter).toBe(walks);
        let after: string | null = null;
        const seen: string[] = [];
        do {
          const query = `query($first: Int, $after: String) { devices(first: $first, after: $after, filter: { ${filter} }, orderBy: [{ field: NAME }]) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }`;
          const { served, reference, statements } = await both(admin(), query, { first, after });
          expect(served, filter).toEqual(reference);
          // The matches are counted once, and the page's plan is chosen in the statement by that number.
          const read = statements.find(isJsonRead) ?? '';
          expect(read, filter).toContain(`WITH w0 AS MATERIALIZED (SELECT count(*)${provider === 'postgresql' ? '::int' : ''} AS n FROM ${counted}`);
          expect(read, filter).toContain('SELECT CASE WHEN 16 * (SELECT n FROM w0) * (SELECT n FROM w0) > ');
          const page = (served as { data: { devices: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: { name: string } }> } } }).data.devices;
          expect(page.totalCount).toBe(total);
          seen.push(...page.edges.map((e) => e.node.name));
          after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        } while (after);
        expect(seen).toHaveLength(total);
        expect(seen).toEqual([...seen].sort());
      }
    } finally {
      await t.runtime.prisma.device.deleteMany({ where: { statusId: pad.id } });
      await t.runtime.prisma.status.delete({ where: { id: pad.id } });
    }
  });

  it('reads a long list of ids as one parameter on SQLite, with the answer the resolvers give', async () => {
    const all = (await t.runtime.prisma.device.findMany({ select: { id: true } })).map((d) => d.id);
    const query = 'query($ids: [ID!]) { devices(first: 50, filter: { id: $ids }, orderBy: [{ field: NAME }]) { totalCount edges { node { name } } } }';
    const { served, reference, statements } = await both(viewer.headers, query, { ids: [...all, 'nope-1', 'nope-2', "o'q"] });
    expect(served).toEqual(reference);
    expect((served as { data: { devices: { totalCount: number } } }).data.devices.totalCount).toBe(11);
    const read = statements.find(isJsonRead) ?? '';
    expect(read.includes('json_each(')).toBe(provider === 'sqlite');
  });

  it('applies the constrained user’s view scope: the devices of one location, the interfaces and addresses granted', async () => {
    const res = (await post(t.app, viewer.headers, PLANNED[0]!)) as { data: { devices: { edges: Array<{ node: { name: string; interfaces: Array<{ name: string; ipAddresses: unknown[] }> } }> } } };
    const names = res.data.devices.edges.map((e) => e.node.name);
    expect(names).toHaveLength(11);
    expect(names.some((n) => n.endsWith('11'))).toBe(false);
    for (const { node } of res.data.devices.edges) {
      expect(node.interfaces.map((i) => i.name)).toEqual(['eth0', 'eth2']);
      expect(node.interfaces.map((i) => i.ipAddresses.length)).toEqual([1, 0]);
    }
  });

  it('applies constraints written with the rest of the filter language', async () => {
    const res = (await post(t.app, auditor.headers, PLANNED[0]!)) as { data: { devices: { edges: Array<{ node: { name: string; interfaces: Array<{ name: string; ipAddresses: unknown[] }> } }> } } };
    const devices = res.data.devices.edges.map((e) => e.node);
    // Every device but the one whose name does not start with "sql-".
    expect(devices).toHaveLength(16);
    for (const d of devices) {
      expect(d.interfaces.map((i) => i.name)).toEqual(d.name.endsWith('000') ? [] : d.name.startsWith('sql-a') ? ['eth0', 'eth2'] : ['eth0']);
      expect(d.interfaces.map((i) => i.ipAddresses.length)).toEqual(d.interfaces.map((i) => (i.name === 'eth0' ? 0 : 1)));
    }
  });

  it('keeps hostile values as data: the device named like an injection is returned as stored, and the table is still there', async () => {
    const res = (await post(t.app, admin(), '{ devices(filter: { q: "DROP TABLE" }) { edges { node { name serial } } } }')) as { data: { devices: { edges: Array<{ node: { name: string; serial: string } }> } } };
    expect(res.data.devices.edges.map((e) => e.node)).toEqual([{ name: `o'brien"); DROP TABLE "Device"; --`, serial: '100%_\\x' }]);
    expect(await t.runtime.prisma.device.count()).toBe(17);
  });

  // Scalar fields with resolvers of their own (the example plugin's form field) keep them: the statement leaves their
  // place and returns each object's row, and each resolver fills its field with that row as its parent.
  const WITH_RESOLVERS = [
    '{ devices(first: 6, orderBy: [{ field: NAME }]) { totalCount edges { cursor node { name exampleBgpSessions { name } exampleLocalAsn interfaceCount } } pageInfo { hasNextPage endCursor } } }',
    'query($shown: ID!) { device(id: $shown) { exampleLocalAsn name } none: device(id: "nope") { exampleLocalAsn } }',
    '{ exampleBgpSessions(first: 10) { edges { node { name device { name asn: exampleLocalAsn } } } } }',
  ];

  it('fills scalar fields that have resolvers of their own from those resolvers, with the rows the statement returned', async () => {
    for (const headers of [admin(), viewer.headers, auditor.headers]) {
      for (const query of WITH_RESOLVERS) {
        const { served, reference, statements } = await both(headers, query, ids);
        expect(served.errors, query).toBeUndefined();
        expect(served, query).toEqual(reference);
        expect(statements.filter(isJsonRead), query).toHaveLength(sent(rootsOf(query)));
      }
    }
    const asns = (await post(t.app, admin(), WITH_RESOLVERS[0]!)) as { data: { devices: { edges: Array<{ node: { exampleLocalAsn: number | null } }> } } };
    expect(asns.data.devices.edges.map((e) => e.node.exampleLocalAsn).filter((n) => n !== null).sort()).toEqual([64600, 64601]);
  });

  it('hands a resolved field’s resolver the parent the resolvers hand it: the id and the columns the query selects', async () => {
    const field = (t.runtime.composed.schema.getType('Device') as GraphQLObjectType).getFields()['exampleLocalAsn']!;
    const original = field.resolve;
    // The number of the parent's columns that are set, and whether its dates are Dates.
    field.resolve = (parent: Record<string, unknown>) => Object.values(parent).filter((v) => v !== undefined && typeof v !== 'object').length + (parent['created'] instanceof Date ? 100 : 0);
    try {
      for (const query of ['{ devices(first: 3) { edges { node { exampleLocalAsn } } } }', '{ devices(first: 3) { edges { node { name serial created exampleLocalAsn } } } }']) {
        const { served, reference, statements } = await both(admin(), query);
        expect(served.errors, query).toBeUndefined();
        expect(served, query).toEqual(reference);
        expect(statements.filter(isJsonRead), query).toHaveLength(1);
      }
    } finally {
      field.resolve = original;
    }
  });

  it('answers through the resolvers when a resolved field’s resolver throws, with the error the resolvers give', async () => {
    const field = (t.runtime.composed.schema.getType('Device') as GraphQLObjectType).getFields()['exampleLocalAsn']!;
    const original = field.resolve;
    field.resolve = () => {
      throw new Error('the resolver broke');
    };
    try {
      const { served, reference, statements } = await both(admin(), WITH_RESOLVERS[0]!);
      expect(served.errors?.length).toBeGreaterThan(0);
      expect(served).toEqual(reference);
      expect(statements.filter(isJsonRead)).toHaveLength(1);
    } finally {
      field.resolve = original;
    }
  });

  // Fields whose resolvers return objects that are not rows (computed fields, relationships with their peers), or that
  // declare the part of the row they need (Pothos's `select`): the statement answers the rest, and each resolver runs
  // over the page's rows as execution would run it, its objects completed field by field.
  const WITH_VALUES = [
    '{ devices(first: 6, orderBy: [{ field: NAME }]) { edges { node { name computedFields { __typename name label value error } relationships { key label side peers { id display } } } } } }',
    'query($shown: ID!) { device(id: $shown) { name interfaces { name } computedFields { value } relationships(key: "sql-pairs") { peers { display } } } }',
    '{ prefixes(first: 5) { edges { node { prefix nextFreePrefixes(length: 30) } } } }',
    '{ devices(first: 4, orderBy: [{ field: NAME, direction: DESC }]) { totalCount edges { node { ... on Device { computedFields { name } } interfaces { name } rel: relationships { peers { display } } } } } }',
  ];

  it('fills fields whose resolvers return objects, or select their own part of the row, without leaving the statement', async () => {
    const fqdn = await t.runtime.prisma.computedField.create({ data: { name: 'sql_fqdn', contentType: 'dcim.device', template: '{{ obj.name }}.{{ obj.serial }}.example' } });
    const broken = await t.runtime.prisma.computedField.create({ data: { name: 'sql_broken', contentType: 'dcim.device', template: '{{ obj.name | nosuchfilter }}', fallbackValue: 'n/a', weight: 5 } });
    const pairs = await t.runtime.prisma.relationship.create({ data: { key: 'sql-pairs', label: 'Pair', type: 'symmetric-many-to-many', sourceType: 'dcim.device', destinationType: 'dcim.device' } });
    const devices = await t.runtime.prisma.device.findMany({ orderBy: { name: 'asc' }, select: { id: true } });
    for (const [a, b] of [[devices[0], devices[1]], [devices[1], devices[13]], [devices[2], devices[14]]]) {
      const [x, y] = [a!.id, b!.id].sort();
      await t.runtime.prisma.relationshipAssociation.create({ data: { relationshipId: pairs.id, sourceType: 'dcim.device', sourceId: x!, destinationType: 'dcim.device', destinationId: y! } });
    }
    await t.runtime.definitionsEpoch?.bump();
    try {
      for (const headers of [admin(), viewer.headers, auditor.headers]) {
        for (const query of WITH_VALUES) {
          const { served, reference, statements, resolverStatements } = await both(headers, query, ids);
          expect(served.errors, query).toBeUndefined();
          expect(JSON.stringify(served), query).toBe(JSON.stringify(reference));
          expect(statements.filter(isJsonRead), query).toHaveLength(sent(rootsOf(query)));
          // The resolvers' own statements (definitions, links, peers) are sent on both paths; the lists below the
          // root are the statement's.
          if (query.includes('interfaces {')) expect(statements.length, query).toBeLessThan(resolverStatements.length);
          else expect(statements.length, query).toBeLessThanOrEqual(resolverStatements.length);
        }
      }
      // The values are there: a template's output, a failing one's fallback with its error, a peer the caller may view.
      const shown = '{ devices(first: 6, orderBy: [{ field: NAME }]) { edges { node { name serial computedFields { name value error } relationships { peers { id } } } } } }';
      const page = (await post(t.app, admin(), shown)) as { data: { devices: { edges: Array<{ node: { name: string; serial: string; computedFields: Array<{ name: string; value: string; error: string | null }>; relationships: Array<{ peers: Array<{ id: string }> }> } }> } } };
      const first = page.data.devices.edges[0]!.node;
      expect(first.computedFields.map((c) => [c.name, c.value, c.error === null])).toEqual([
        // By weight: the failing one first (5), then the default weight.
        ['sql_broken', 'n/a', false],
        ['sql_fqdn', `${first.name}.${first.serial}.example`, true],
      ]);
      expect(first.relationships.find((r) => r.peers.length > 0)?.peers.map((p) => p.id)).toEqual([devices[1]!.id]);
    } finally {
      await t.runtime.prisma.relationshipAssociation.deleteMany({ where: { relationshipId: pairs.id } });
      await t.runtime.prisma.relationship.delete({ where: { id: pairs.id } });
      await t.runtime.prisma.computedField.deleteMany({ where: { id: { in: [fqdn.id, broken.id] } } });
      await t.runtime.definitionsEpoch?.bump();
    }
  });

  it('answers through the resolvers when a resolver that returns objects fails, or returns what its type refuses', async () => {
    const field = (t.runtime.composed.schema.getType('Device') as GraphQLObjectType).getFields()['relationships']!;
    // The field declares a `select`: Pothos wraps its resolver (to load the columns), and the statement, which has
    // read them, calls the resolver as written. Both are broken here, as a broken resolver would be.
    const extensions = field.extensions as Record<string, unknown>;
    const [original, written] = [field.resolve, extensions['pothosOriginalResolve']];
    const query = '{ devices(first: 3, orderBy: [{ field: NAME }]) { edges { node { name interfaces { name } relationships { key peers { id } } } } } }';
    try {
      for (const broken of [
        () => {
          throw new Error('the relationships broke');
        },
        () => 'not a list',
        () => [{ key: null, peers: [] }],
      ]) {
        field.resolve = broken;
        extensions['pothosOriginalResolve'] = broken;
        const { served, reference, statements } = await both(admin(), query);
        expect(served.errors?.length, String(broken)).toBeGreaterThan(0);
        expect(served).toEqual(reference);
        // The statement ran, and its answer was dropped for the resolvers'.
        expect(statements.filter(isJsonRead)).toHaveLength(1);
      }
    } finally {
      field.resolve = original;
      extensions['pothosOriginalResolve'] = written;
    }
  });

  const RESOLVED = [
    ['a directive', 'query($yes: Boolean!) { devices(first: 3) { edges { node { name @include(if: $yes) id } } } }'],
    ['backward paging', 'query($after: String) { devices(last: 2, before: $after) { edges { node { name } } } }'],
    ['a nested connection', '{ locations(first: 2) { edges { node { name devices(first: 2) { totalCount } } } } }'],
  ] as const;

  it.each(RESOLVED)('leaves %s to the resolvers, with the same answer', async (_what, query) => {
    const first = (await post(t.app, admin(), '{ devices(first: 1) { edges { cursor } } }')) as { data: { devices: { edges: Array<{ cursor: string }> } } };
    const variables = { yes: true, after: first.data.devices.edges[0]?.cursor };
    for (const headers of [admin(), viewer.headers]) {
      const { served, reference, statements, resolverStatements } = await both(headers, query, variables);
      expect(served.errors, query).toBeUndefined();
      expect(served, query).toEqual(reference);
      expect(statements, query).toEqual(resolverStatements);
    }
  });

  // Root fields the statement cannot answer run through the resolvers beside it; the answer keeps the document's order.
  // Each with the number of its root fields the statements answer.
  const SPLIT: Array<[string, number]> = [
    ['{ a: devices(first: 3) { edges { node { name } } } p: prefixes(first: 5) { edges { node { prefix nextFreePrefixes(length: 30) } } } me { username } z: devices(first: 2) { totalCount } }', 3],
    ['{ locations(first: 2, orderBy: [{ field: NAME }]) { edges { node { name devices(first: 2) { totalCount } } } } devices(first: 3) { edges { node { name } } } }', 1],
    // A page size the resolvers refuse fails the whole operation, on both paths.
    ['{ devices(first: 2) { totalCount } bad: devices(first: -1) { totalCount } after: locations(first: 1) { totalCount } }', 2],
  ];

  it('answers the root fields it plans in its statement and the others through the resolvers beside it, in the document’s order', async () => {
    for (const headers of [admin(), viewer.headers]) {
      for (const [query, planned] of SPLIT) {
        const { served, reference, statements } = await both(headers, query);
        expect(JSON.stringify(served), query).toBe(JSON.stringify(reference));
        expect(statements.filter(isJsonRead), query).toHaveLength(sent(planned));
      }
    }
    const refused = await post(t.app, admin(), SPLIT[2]![0]);
    expect(refused.data).toBeNull();
    // A root field whose resolver fails: its error, with its path, next to the statement's data.
    const me = (t.runtime.composed.schema.getQueryType() as GraphQLObjectType).getFields()['me']!;
    const original = me.resolve;
    me.resolve = () => {
      throw new GraphQLError('me is unavailable');
    };
    try {
      const query = '{ devices(first: 2, orderBy: [{ field: NAME }]) { totalCount } me { username } after: locations(first: 1) { totalCount } }';
      const { served, reference, statements } = await both(admin(), query);
      expect(JSON.stringify(served)).toBe(JSON.stringify(reference));
      expect(statements.filter(isJsonRead)).toHaveLength(sent(2));
      expect(served.errors?.map((e) => e.message)).toEqual(['me is unavailable']);
      expect(served.data).toMatchObject({ devices: { totalCount: 17 }, me: null, after: { totalCount: expect.any(Number) } });
    } finally {
      me.resolve = original;
    }
  });

  it('hands a root field whose SQL it cannot write to the resolvers, and answers the others in the statement', async () => {
    // Paging after a cursor over a nullable column: the SQL writer gives up on that root field, not on the operation.
    const order = '[{ field: ASSET_TAG }, { field: NAME }]';
    const first = (await post(t.app, admin(), `{ devices(first: 2, orderBy: ${order}) { pageInfo { endCursor } } }`)) as { data: { devices: { pageInfo: { endCursor: string } } } };
    const wide = `devices(first: 3, after: "${first.data.devices.pageInfo.endCursor}", orderBy: ${order}) { edges { node { name assetTag } } }`;
    const { served, reference, statements, resolverStatements } = await both(admin(), `{ ${wide} locations(first: 2, orderBy: [{ field: NAME }]) { edges { node { name } } } }`);
    expect(served.errors).toBeUndefined();
    expect(JSON.stringify(served)).toBe(JSON.stringify(reference));
    expect(statements.filter(isJsonRead)).toHaveLength(1);
    expect(statements.filter((sql) => !isJsonRead(sql)).length).toBeGreaterThan(0);
    expect(statements.length).toBeLessThan(resolverStatements.length + 1);
    // Alone, it leaves no statement to send: the operation runs through the resolvers as it is.
    const alone = await both(admin(), `{ ${wide} }`);
    expect(JSON.stringify(alone.served)).toBe(JSON.stringify(alone.reference));
    expect(alone.statements.filter(isJsonRead)).toHaveLength(0);
  });

  it('answers through the resolvers when its statement fails', async () => {
    const prisma = t.runtime.prisma as unknown as { $queryRawUnsafe: (sql: string, ...values: unknown[]) => Promise<unknown> };
    const original = prisma.$queryRawUnsafe;
    let refused = 0;
    prisma.$queryRawUnsafe = (sql, ...values) => (isJsonRead(sql) ? (refused += 1, Promise.reject(new Error('statement failed'))) : original.call(prisma, sql, ...values));
    try {
      const { served, reference } = await both(admin(), PLANNED[0]!);
      expect(refused).toBe(1);
      expect(served.errors).toBeUndefined();
      expect(served).toEqual(reference);
    } finally {
      prisma.$queryRawUnsafe = original;
    }
  });

  it('gives the resolvers’ errors for input they refuse, and writes still run through them', async () => {
    const long = 'x'.repeat(500);
    for (const query of [`{ devices(filter: { q: "${long}" }) { totalCount } }`, '{ devices(first: -1) { totalCount } }']) {
      const { served, reference } = await both(admin(), query);
      expect(served.errors?.length, query).toBeGreaterThan(0);
      expect(served, query).toEqual(reference);
    }
  });
});
