import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices } from '../fixtures/network.ts';

const CREATE = 'mutation($input: CreateExportTemplateInput!) { createExportTemplate(input: $input) { exportTemplate { id } errors { field code message } } }';
const RENDER = 'query($name: String!) { renderExportTemplate(name: $name) { output error count mimeType } }';

describe.each(PROVIDERS)('export templates on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase(provider, 'export');
    t = await bootApp(testConfig(db));
    await buildDevices(t.runtime.prisma, 2, 1, 'Export A');
    await buildDevices(t.runtime.prisma, 1, 1, 'Export B');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('renders a Jinja2 template over the objects, with a plugin’s filter', async () => {
    const made = await t.gql<{ createExportTemplate: { errors: unknown[] } }>(CREATE, {
      input: { name: 'hosts', contentType: 'ipam.ipaddress', template: '{% for ip in queryset | sort(attribute="address") %}{{ ip.address | ip_host }}\n{% endfor %}' },
    });
    expect(made.data?.createExportTemplate.errors).toEqual([]);
    const res = await t.gql<{ renderExportTemplate: { output: string; count: number } }>(RENDER, { name: 'hosts' });
    expect(res.data?.renderExportTemplate).toMatchObject({ count: 3, mimeType: 'text/plain' });
    expect(res.data?.renderExportTemplate.output.trim().split('\n')).toEqual(['10.0.0.1', '10.0.0.1', '10.1.0.1']);
    expect(res.data?.renderExportTemplate.output).not.toContain('/24');
  });

  it('renders only the objects the caller may view', async () => {
    await t.gql(CREATE, { input: { name: 'devices', contentType: 'dcim.device', template: '{{ queryset | length }} devices: {% for d in queryset %}{{ d.name }} {% endfor %}' } });
    const viewer = await t.user({
      username: `export-viewer-${provider}`,
      permissions: [
        { actions: ['view'], contentTypes: ['extras.exporttemplate'] },
        { actions: ['view'], contentTypes: ['dcim.device'], constraints: { location: { name: 'Export B' } } },
      ],
    });
    const res = await t.gqlWith<{ renderExportTemplate: { output: string; count: number } }>(viewer.headers, RENDER, { name: 'devices' });
    expect(res.data?.renderExportTemplate).toMatchObject({ count: 1, output: '1 devices: export-b-r000 ' });
  });

  it('renders a template over a list as filtered and ordered, every page of it, and only with a template of its content type', async () => {
    await t.gql(CREATE, { input: { name: 'device-names', contentType: 'dcim.device', template: '{% for d in queryset %}{{ d.name }},{% endfor %}' } });
    const LIST = `query($filter: DeviceFilter, $orderBy: [DeviceOrder!], $name: String!) {
      devices(first: 1, filter: $filter, orderBy: $orderBy) { totalCount edges { node { name } } exportTemplate(name: $name) { output error count } } }`;
    type List = { devices: { totalCount: number; edges: unknown[]; exportTemplate: { output: string | null; error: string | null; count: number } | null } };
    const filtered = await t.gql<List>(LIST, { filter: { location: ['Export A'] }, orderBy: [{ field: 'NAME', direction: 'DESC' }], name: 'device-names' });
    expect(filtered.errors).toBeUndefined();
    expect(filtered.data?.devices.edges).toHaveLength(1);
    expect(filtered.data?.devices.exportTemplate).toEqual({ output: 'export-a-r001,export-a-r000,', error: null, count: 2 });
    // Quick search narrows the export the same way.
    const searched = await t.gql<List>(LIST, { filter: { q: 'export-b' }, name: 'device-names' });
    expect(searched.data?.devices.exportTemplate?.output).toBe('export-b-r000,');
    // A template for another content type renders nothing, and says why; an unknown one is null.
    const other = await t.gql<List>(LIST, { filter: {}, name: 'hosts' });
    expect(other.data?.devices.exportTemplate).toMatchObject({ output: null, count: 0 });
    expect(other.data?.devices.exportTemplate?.error).toContain('renders ipam.ipaddress, not dcim.device');
    expect((await t.gql<List>(LIST, { filter: {}, name: 'no-such-template' })).data?.devices.exportTemplate).toBeNull();
    // Without view on export templates, the field is refused.
    const deviceViewer = await t.user({ username: `list-export-${provider}`, permissions: [{ actions: ['view'], contentTypes: ['dcim.device'] }] });
    const refused = await t.gqlWith<List>(deviceViewer.headers, LIST, { filter: {}, name: 'device-names' });
    expect(refused.errors?.[0]?.message).toMatch(/permission to view extras.exporttemplate/);
  });

  it('gives a user who may only add export templates no way to run code on the server, on save or on render', async () => {
    const marker = join(tmpdir(), `fathom-export-pwned-${provider}-${process.pid}`);
    rmSync(marker, { force: true });
    const author = await t.user({
      username: `export-author-${provider}`,
      permissions: [{ actions: ['add', 'view'], contentTypes: ['extras.exporttemplate'] }, { actions: ['view'], contentTypes: ['dcim.device'] }],
    });
    const payload = `("return process.getBuiltinModule('fs').writeFileSync('${marker}', 'x') || 'PWNED'")()`;
    for (const [i, gadget] of ['range.constructor', 'cycler.constructor', 'joiner.constructor', 'queryset.constructor'].entries()) {
      const name = `gadget-${i}`;
      const made = await t.gqlWith<{ createExportTemplate: { errors: Array<{ message: string }> } }>(author.headers, CREATE, {
        input: { name, contentType: 'dcim.device', template: `{{ ${gadget}${payload} }}` },
      });
      // The template parses, so it is saved; saving runs none of it.
      expect(made.data?.createExportTemplate.errors).toEqual([]);
      const res = await t.gqlWith<{ renderExportTemplate: { output: string | null; error: string | null } }>(author.headers, RENDER, { name });
      expect(res.data?.renderExportTemplate.output ?? '').not.toContain('PWNED');
      expect(res.data?.renderExportTemplate.error).toBeTruthy();
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('shows a template only the fields GraphQL exposes: no password hashes, no raw storage columns', async () => {
    await t.user({ username: `export-victim-${provider}`, password: 'correct horse battery staple' });
    await t.gql(CREATE, { input: { name: 'users', contentType: 'users.user', template: '{{ queryset|tojson }}' } });
    const users = await t.gql<{ renderExportTemplate: { output: string } }>(RENDER, { name: 'users' });
    const rows = JSON.parse(users.data?.renderExportTemplate.output ?? '[]') as Array<Record<string, unknown>>;
    expect(rows.some((r) => r['username'] === `export-victim-${provider}`)).toBe(true);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['email', 'id', 'isActive', 'isSuperuser', 'lastLogin', 'username']);
    expect(users.data?.renderExportTemplate.output).not.toMatch(/scrypt|passwordHash/);

    await t.gql(CREATE, { input: { name: 'addresses-json', contentType: 'ipam.ipaddress', template: '{{ queryset[0]|tojson }}' } });
    const ip = await t.gql<{ renderExportTemplate: { output: string } }>(RENDER, { name: 'addresses-json' });
    const row = JSON.parse(ip.data?.renderExportTemplate.output ?? '{}') as Record<string, unknown>;
    // `host`, `network` and `broadcast` are hex columns for range queries; GraphQL does not serve them.
    expect(row).not.toHaveProperty('host');
    expect(row).not.toHaveProperty('customFieldData');
    expect(row).toMatchObject({ address: expect.stringMatching(/\/24$/), customFields: {}, interface: { name: expect.any(String) } });
  });

  it('refuses content types GraphQL does not serve, such as API tokens and sessions', async () => {
    for (const contentType of ['users.token', 'users.session']) {
      const res = await t.gql<{ createExportTemplate: { errors: Array<{ field: string }> } }>(CREATE, { input: { name: `no-${contentType}`, contentType, template: '{{ queryset|tojson }}' } });
      expect(res.data?.createExportTemplate.errors.map((e) => e.field)).toEqual(['contentType']);
    }
  });

  it('refuses a template that does not parse, or an unknown content type, as field errors', async () => {
    const bad = await t.gql<{ createExportTemplate: { errors: Array<{ field: string; code: string }> } }>(CREATE, {
      input: { name: 'broken', contentType: 'dcim.gadget', template: '{% for x in queryset %}{{ x.name }' },
    });
    expect(bad.data?.createExportTemplate.errors.map((e) => e.field).sort()).toEqual(['contentType', 'template']);
  });
});
