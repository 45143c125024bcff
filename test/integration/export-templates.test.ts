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
      input: { name: 'hosts', contentType: 'ipam.ipaddress', template: '{% for ip in queryset | sort(attribute="host") %}{{ ip.address | ip_host }}\n{% endfor %}' },
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

  it('refuses a template that does not parse, or an unknown content type, as field errors', async () => {
    const bad = await t.gql<{ createExportTemplate: { errors: Array<{ field: string; code: string }> } }>(CREATE, {
      input: { name: 'broken', contentType: 'dcim.gadget', template: '{% for x in queryset %}{{ x.name }' },
    });
    expect(bad.data?.createExportTemplate.errors.map((e) => e.field).sort()).toEqual(['contentType', 'template']);
  });
});
