import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommittedChange } from '../../server/src/context.ts';
import { buildDevices } from '../fixtures/network.ts';
import { bootApp, BUNDLED, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

type Errors = Array<{ field: string; code: string; message: string }>;
const SESSION = 'example.examplebgpsession';
const NOTE = 'optout.optoutnote';

/**
 * The shared features a plugin model opts into: the example plugin's BGP session takes all of them, the opt-out
 * fixture's note takes only the change log and its scratch model none.
 */
describe.each(PROVIDERS)('shared features of plugin models on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let server: Server;
  let sessionId: string;
  const heard: CommittedChange[] = [];
  let stopListening: () => void;

  const create = async (kind: string, input: Record<string, unknown>): Promise<Errors> => {
    const res = await t.gql<Record<string, { errors: Errors }>>(`mutation($input: Create${kind}Input!) { create${kind}(input: $input) { errors { field code message } } }`, { input });
    expect(res.errors).toBeUndefined();
    return res.data?.[`create${kind}`]?.errors ?? [];
  };

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'features');
    t = await bootApp(testConfig(db, { plugins: [...BUNDLED.plugins, './test/fixtures/plugins/opt-out/plugin.ts'] }));
    server = createServer((req, res) => req.resume().on('end', () => res.end('ok')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { deviceIds } = await buildDevices(t.prisma, 1, 0, 'Feature');
    await t.prisma.tag.upsert({ where: { name: 'transit' }, create: { name: 'transit' }, update: {} });
    const transit = await t.prisma.tag.findUniqueOrThrow({ where: { name: 'transit' } });
    expect(await create('CustomField', { name: 'circuit_id', type: 'text', contentTypes: [SESSION] })).toEqual([]);
    stopListening = t.runtime.feed.listen((change) => heard.push(change));
    const res = await t.gql<{ createExampleBgpSession: { exampleBgpSession: { id: string } | null; errors: Errors } }>(
      'mutation($input: CreateExampleBgpSessionInput!) { createExampleBgpSession(input: $input) { exampleBgpSession { id } errors { field code message } } }',
      { input: { name: 'upstream', remoteAsn: 174, remoteAddress: '192.0.2.1', deviceId: deviceIds[0], tagIds: [transit.id], customFields: JSON.stringify({ circuit_id: 'CIR-9' }) } },
    );
    expect(res.data?.createExampleBgpSession.errors).toEqual([]);
    sessionId = res.data?.createExampleBgpSession.exampleBgpSession?.id ?? '';
    expect(await create('OptoutNote', { name: 'quiet' })).toEqual([]);
    expect(await create('OptoutScratch', { name: 'silent' })).toEqual([]);
  });
  afterAll(async () => {
    stopListening?.();
    server?.close();
    await t?.close();
    await db?.drop();
  });

  it('lists each model’s features in the catalog', async () => {
    const res = await t.gql<{ modelCatalog: Array<{ model: string; features: string[] }> }>('{ modelCatalog { model features } }');
    const features = new Map(res.data?.modelCatalog.map((m) => [m.model, m.features]));
    expect(new Set(features.get('ExampleBgpSession'))).toEqual(new Set(['tags', 'customFields', 'relationships', 'computedFields', 'customLinks', 'exportTemplates', 'webhooks', 'changeLog', 'changeFeed']));
    expect(features.get('OptoutNote')).toEqual(['changeLog']);
    expect(features.get('OptoutScratch')).toEqual([]);
    expect(features.get('Device')).toContain('relationships');
  });

  it('tags a plugin model and filters it by tag', async () => {
    const res = await t.gql<{ exampleBgpSessions: { edges: Array<{ node: { name: string; tags: Array<{ name: string }> } }> } }>('{ exampleBgpSessions(filter: { tag: ["transit"] }) { edges { node { name tags { name } } } } }');
    expect(res.data?.exampleBgpSessions.edges.map((e) => e.node)).toEqual([{ name: 'upstream', tags: [{ name: 'transit' }] }]);
    const none = await t.gql<{ exampleBgpSessions: { edges: unknown[] } }>('{ exampleBgpSessions(filter: { tag: ["nothing-tagged"] }) { edges { node { id } } } }');
    expect(none.data?.exampleBgpSessions.edges).toEqual([]);
  });

  it('keeps custom field values on a plugin model and refuses ones that are not defined for it', async () => {
    const res = await t.gql<{ exampleBgpSession: { customFields: string } }>('query($id: ID!) { exampleBgpSession(id: $id) { customFields } }', { id: sessionId });
    expect(JSON.parse(res.data?.exampleBgpSession.customFields ?? '{}')).toEqual({ circuit_id: 'CIR-9' });
    const bad = await t.gql<{ updateExampleBgpSession: { errors: Errors } }>('mutation($id: ID!) { updateExampleBgpSession(id: $id, input: { customFields: "{\\"nope\\": 1}" }) { errors { field code } } }', { id: sessionId });
    expect(bad.data?.updateExampleBgpSession.errors).toEqual([{ field: 'customFields.nope', code: expect.any(String) }]);
  });

  it('renders computed fields and custom links on a plugin model, and refuses them for a model that does not take them', async () => {
    expect(await create('ComputedField', { name: 'peer', contentType: SESSION, template: 'AS{{ obj.remoteAsn }} at {{ obj.remoteAddress }}' })).toEqual([]);
    expect(await create('CustomLink', { name: 'PeeringDB', contentType: SESSION, text: 'AS{{ obj.remoteAsn }}', targetUrl: 'https://www.peeringdb.com/asn/{{ obj.remoteAsn }}' })).toEqual([]);
    const res = await t.gql<{ exampleBgpSession: { computedFields: Array<{ name: string; value: string }> }; objectCustomLinks: Array<{ text: string; url: string }> }>(
      'query($id: ID!) { exampleBgpSession(id: $id) { computedFields { name value } } objectCustomLinks(model: "ExampleBgpSession", objectId: $id) { text url } }',
      { id: sessionId },
    );
    expect(res.data?.exampleBgpSession.computedFields).toEqual([{ name: 'peer', value: 'AS174 at 192.0.2.1' }]);
    expect(res.data?.objectCustomLinks).toEqual([{ text: 'AS174', url: 'https://www.peeringdb.com/asn/174' }]);
    expect(await create('ComputedField', { name: 'note_name', contentType: NOTE, template: '{{ obj.name }}' })).toEqual([expect.objectContaining({ field: 'contentType', code: 'INVALID_CHOICE' })]);
    expect(await create('CustomLink', { name: 'Note', contentType: NOTE, text: 'x', targetUrl: '/' })).toEqual([expect.objectContaining({ field: 'contentType', code: 'INVALID_CHOICE' })]);
  });

  it('renders an export template over a plugin model, and refuses one for a model that does not take them', async () => {
    expect(await create('ExportTemplate', { name: 'sessions', contentType: SESSION, template: '{% for s in queryset %}{{ s.name }}={{ s.remoteAsn }};{% endfor %}' })).toEqual([]);
    const res = await t.gql<{ renderExportTemplate: { output: string } }>('{ renderExportTemplate(name: "sessions") { output } }');
    expect(res.data?.renderExportTemplate.output).toBe('upstream=174;');
    expect(await create('ExportTemplate', { name: 'notes', contentType: NOTE, template: 'x' })).toEqual([expect.objectContaining({ field: 'contentType', code: 'NOT_FOUND' })]);
  });

  it('records the change log, webhooks and the change feed only for the models that take them', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    expect(await create('Webhook', { name: 'plugin models', contentTypes: [SESSION, NOTE], payloadUrl: url })).toEqual([]);
    expect(await create('OptoutNote', { name: 'after the webhook' })).toEqual([]);
    const update = await t.gql<{ updateExampleBgpSession: { errors: Errors } }>('mutation($id: ID!) { updateExampleBgpSession(id: $id, input: { description: "after the webhook" }) { errors { field } } }', { id: sessionId });
    expect(update.data?.updateExampleBgpSession.errors).toEqual([]);
    await t.runtime.webhooks.idle();
    await expect.poll(async () => (await t.prisma.webhookDelivery.findMany({ where: { status: 'delivered' } })).map((d) => `${d.contentType} ${d.event}`), { timeout: 15_000 }).toEqual([`${SESSION} updated`]);

    const logged = async (contentType: string) => (await t.prisma.objectChange.findMany({ where: { contentType }, orderBy: { time: 'asc' } })).map((c) => c.action);
    expect(await logged(SESSION)).toEqual(['create', 'update']);
    expect(await logged(NOTE)).toEqual(['create', 'create']);
    expect(await logged('optout.optoutscratch')).toEqual([]);
    await expect.poll(() => heard.filter((c) => c.contentType === SESSION).length).toBe(2);
    expect(heard.filter((c) => c.contentType === NOTE || c.contentType === 'optout.optoutscratch')).toEqual([]);
  });
});
