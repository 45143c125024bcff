import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDevices } from '../fixtures/network.ts';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

type Errors = Array<{ field: string; code: string; message: string }>;
type Values = Array<{ name: string; label: string; value: string; error: string | null }>;
const CREATE = 'mutation($input: CreateComputedFieldInput!) { createComputedField(input: $input) { computedField { id } errors { field code message } } }';

/** Computed fields: a template per content type, rendered for each object in the sandboxed engine. */
describe.each(PROVIDERS)('computed fields on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  let deviceIds: string[];
  const define = async (input: Record<string, unknown>) => (await t.gql<{ createComputedField: { errors: Errors } }>(CREATE, { input })).data?.createComputedField.errors;

  beforeAll(async () => {
    db = await createTestDatabase(provider, 'computed');
    t = await bootApp(testConfig(db));
    ({ deviceIds } = await buildDevices(t.prisma, 100, 0, 'Computed'));
    expect(await define({ name: 'fqdn', label: 'FQDN', contentType: 'dcim.device', template: '{{ obj.name }}.net.example', weight: 10 })).toEqual([]);
    // A plugin's template filter works here too (the example plugin's ip_host).
    expect(await define({ name: 'shouting', contentType: 'dcim.device', template: '{{ obj.name | upper }} {{ "192.0.2.7/24" | ip_host }}', weight: 20 })).toEqual([]);
    // Parses, but fails when rendered (text plus a number): its fallback shows, with the error.
    expect(await define({ name: 'broken', contentType: 'dcim.device', template: '{{ obj.name + 1 }}', fallbackValue: 'n/a', weight: 30 })).toEqual([]);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('renders each computed field for an object, a failing one as its fallback with an error of its own', async () => {
    const res = await t.gql<{ device: { computedFields: Values } }>('query($id: ID!) { device(id: $id) { computedFields { name label value error } } }', { id: deviceIds[0] });
    const values = res.data?.device.computedFields ?? [];
    expect(values.slice(0, 2)).toEqual([
      { name: 'fqdn', label: 'FQDN', value: 'computed-r000.net.example', error: null },
      { name: 'shouting', label: 'shouting', value: 'COMPUTED-R000 192.0.2.7', error: null },
    ]);
    expect(values[2]).toMatchObject({ name: 'broken', value: 'n/a' });
    expect(values[2]?.error).toBeTruthy();
    expect(res.errors).toBeUndefined();
  });

  it('renders a list of 100 devices without a statement per device: the definitions are cached, or read once where no epoch says when they change', async () => {
    const list = (fields: string) => () => t.gql<{ devices: { edges: Array<{ node: { name: string; computedFields?: Values } }> } }>(`{ devices(first: 100, filter: { q: "computed-r" }) { edges { node { name ${fields} } } } }`);
    const plain = await t.countStatements(list(''));
    const computed = await t.countStatements(list('computedFields { name value }'));
    expect(computed.result.data?.devices.edges).toHaveLength(100);
    expect(computed.result.data?.devices.edges[99]?.node.computedFields?.[0]).toEqual({ name: 'fqdn', value: 'computed-r099.net.example' });
    expect(computed.statements).toBe(plain.statements + (t.runtime.definitionsEpoch ? 0 : 1));
  });

  it('refuses a template that does not parse, and a content type without computed fields', async () => {
    expect((await define({ name: 'bad_syntax', contentType: 'dcim.device', template: '{{ obj.name ' }))?.[0]).toMatchObject({ field: 'template', code: 'INVALID' });
    expect((await define({ name: 'bad_type', contentType: 'extras.tag', template: 'x' }))?.[0]).toMatchObject({ field: 'contentType', code: 'INVALID_CHOICE' });
  });

  it('shows computed fields only with objects the caller may view', async () => {
    const narrow = await t.user({ username: `computed-narrow-${provider}`, permissions: [{ actions: ['view'], contentTypes: ['dcim.device'], constraints: { name: 'computed-r001' } }] });
    const res = await narrow.gql<{ devices: { edges: Array<{ node: { name: string; computedFields: Values } }> } }>('{ devices(first: 100) { edges { node { name computedFields { name value } } } } }');
    expect(res.data?.devices.edges.map((e) => e.node.name)).toEqual(['computed-r001']);
    expect(res.data?.devices.edges[0]?.node.computedFields[0]).toEqual({ name: 'fqdn', value: 'computed-r001.net.example' });
  });
});
