import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDevices } from '../fixtures/network.ts';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

type Errors = Array<{ field: string; code: string; message: string }>;
type Link = { name: string; text: string; url: string | null; group: string; buttonClass: string; newWindow: boolean; error: string | null };
const CREATE = 'mutation($input: CreateCustomLinkInput!) { createCustomLink(input: $input) { customLink { id } errors { field code message } } }';
const LINKS = 'query($id: ID!) { objectCustomLinks(model: "Device", objectId: $id) { name text url group buttonClass newWindow error } }';

/** Custom links: templated text and URL per content type, rendered for one object. */
describe.each(PROVIDERS)('custom links on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let deviceIds: string[];
  const define = async (input: Record<string, unknown>) => (await t.gql<{ createCustomLink: { errors: Errors } }>(CREATE, { input })).data?.createCustomLink.errors;

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'links');
    t = await bootApp(testConfig(db));
    ({ deviceIds } = await buildDevices(t.prisma, 2, 0, 'Linked'));
    expect(await define({ name: 'Monitoring', contentType: 'dcim.device', text: 'Graphs for {{ obj.name }}', targetUrl: 'https://nms.example.net/device/{{ obj.name }}', weight: 10, groupName: 'Tools', buttonClass: 'primary', newWindow: true })).toEqual([]);
    expect(await define({ name: 'Changes', contentType: 'dcim.device', text: 'History', targetUrl: '/#/devices/{{ obj.id }}/changes', weight: 20 })).toEqual([]);
    // Renders, but to a target no page may follow.
    expect(await define({ name: 'Sneaky', contentType: 'dcim.device', text: 'Click', targetUrl: 'javascript:alert({{ obj.id | tojson }})', weight: 30 })).toEqual([]);
    // Renders no text for other devices: not shown for them.
    expect(await define({ name: 'Only first', contentType: 'dcim.device', text: '{% if obj.name == "linked-r000" %}First{% endif %}', targetUrl: '/x', weight: 40 })).toEqual([]);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('renders an object’s links by group and weight, refusing a target a page may not follow', async () => {
    const res = await t.gql<{ objectCustomLinks: Link[] }>(LINKS, { id: deviceIds[0] });
    expect(res.data?.objectCustomLinks).toEqual([
      { name: 'Changes', text: 'History', url: `/#/devices/${deviceIds[0]}/changes`, group: '', buttonClass: 'default', newWindow: false, error: null },
      { name: 'Sneaky', text: 'Click', url: null, group: '', buttonClass: 'default', newWindow: false, error: 'The URL is not an http(s) address or a path on this site.' },
      { name: 'Only first', text: 'First', url: '/x', group: '', buttonClass: 'default', newWindow: false, error: null },
      { name: 'Monitoring', text: 'Graphs for linked-r000', url: 'https://nms.example.net/device/linked-r000', group: 'Tools', buttonClass: 'primary', newWindow: true, error: null },
    ]);
    const second = await t.gql<{ objectCustomLinks: Link[] }>(LINKS, { id: deviceIds[1] });
    expect(second.data?.objectCustomLinks.map((l) => l.name)).toEqual(['Changes', 'Sneaky', 'Monitoring']);
  });

  it('renders nothing for an object the caller may not view', async () => {
    const narrow = await t.user({ username: `links-narrow-${provider}`, permissions: [{ actions: ['view'], contentTypes: ['dcim.device'], constraints: { name: 'linked-r001' } }] });
    expect((await narrow.gql<{ objectCustomLinks: Link[] }>(LINKS, { id: deviceIds[0] })).data?.objectCustomLinks).toEqual([]);
    expect((await narrow.gql<{ objectCustomLinks: Link[] }>(LINKS, { id: deviceIds[1] })).data?.objectCustomLinks.map((l) => l.name)).toEqual(['Changes', 'Sneaky', 'Monitoring']);
  });

  it('renders links on a plugin model’s objects too', async () => {
    const session = await t.prisma.exampleBgpSession.create({ data: { name: 'upstream', localAsn: 64512, remoteAsn: 174, remoteAddress: '192.0.2.4', deviceId: deviceIds[0] ?? '' } });
    expect(await define({ name: 'PeeringDB', contentType: 'example.examplebgpsession', text: 'AS{{ obj.remoteAsn }} in PeeringDB', targetUrl: 'https://www.peeringdb.com/asn/{{ obj.remoteAsn }}' })).toEqual([]);
    const res = await t.gql<{ objectCustomLinks: Link[] }>('query($id: ID!) { objectCustomLinks(model: "ExampleBgpSession", objectId: $id) { name text url group buttonClass newWindow error } }', { id: session.id });
    expect(res.data?.objectCustomLinks).toEqual([{ name: 'PeeringDB', text: 'AS174 in PeeringDB', url: 'https://www.peeringdb.com/asn/174', group: '', buttonClass: 'default', newWindow: false, error: null }]);
  });

  it('refuses templates that do not parse and unknown content types', async () => {
    expect((await define({ name: 'Bad', contentType: 'dcim.device', text: '{{ obj.name ', targetUrl: '/' }))?.[0]).toMatchObject({ field: 'text', code: 'INVALID' });
    expect((await define({ name: 'Bad type', contentType: 'dcim.nothing', text: 'x', targetUrl: '/' }))?.[0]).toMatchObject({ field: 'contentType', code: 'NOT_FOUND' });
  });
});
