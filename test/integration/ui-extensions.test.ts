import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDevices } from '../fixtures/network.ts';
import { bootApp, createTestDatabase, PROVIDERS, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

const UI = `query($route: String!) { uiExtensions(route: $route) {
  navigation { name groups { name items { plugin label link buttons { title link } } } }
  homePanels { plugin name content { kind pairs { key value } } }
  errors { plugin slot message }
} }`;

interface UiResult {
  uiExtensions: {
    navigation: Array<{ name: string; groups: Array<{ name: string; items: Array<{ plugin: string; label: string; buttons: Array<{ title: string }> }> }> }>;
    homePanels: Array<{ plugin: string; name: string; content: { kind: string; pairs: Array<{ key: string; value: string }> } }>;
    errors: Array<{ plugin: string; slot: string; message: string }>;
  };
}

describe.each(PROVIDERS)('uiExtensions on %s', (provider) => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase(provider, 'ui');
    t = await bootApp(
      testConfig(db, {
        plugins: [
          'fathom-plugin-example',
          'fathom-plugin-peering',
          './test/fixtures/plugins/panel-throws/plugin.ts',
          './test/fixtures/plugins/panel-hangs/plugin.ts',
          './test/fixtures/plugins/html-slot/plugin.ts',
        ],
      }),
    );
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('serves the example plugin’s menu item, its button and its home panel to a user holding the permissions', async () => {
    const res = await t.gql<UiResult>(UI, { route: '/' });
    expect(res.errors).toBeUndefined();
    const ui = res.data?.uiExtensions;
    expect(ui?.navigation).toEqual([
      { name: 'Plugins', groups: [{ name: 'Example', items: [{ plugin: 'example', label: 'BGP sessions', link: '/plugins/example/sessions/', buttons: [{ title: 'Add', link: '/exampleBgpSessions/new' }] }] }] },
    ]);
    expect(ui?.homePanels).toEqual([{ plugin: 'example', name: 'BGP sessions', content: { kind: 'keyValue', pairs: [{ key: 'Sessions', value: '0' }, { key: 'Enabled', value: '0' }] } }]);
  });

  it('leaves out a throwing and a hanging plugin panel, names both plugins, and keeps the rest of the page', async () => {
    const res = await t.gql<UiResult>(UI, { route: '/' });
    const ui = res.data?.uiExtensions;
    expect(ui?.homePanels.map((p) => p.plugin)).toEqual(['example']);
    expect(ui?.errors).toEqual(
      expect.arrayContaining([
        { plugin: 'panel-throws', slot: 'homePage:Broken', message: 'This contribution failed to render.' },
        { plugin: 'panel-hangs', slot: 'homePage:Stuck', message: 'Timed out after 2000 ms.' },
      ]),
    );
    expect(JSON.stringify(res)).not.toContain('internal detail');
  });

  it('shows neither the menu item nor the panel of a plugin model to a user without view on it', async () => {
    const user = await t.user({ username: 'no-bgp', permissions: [{ actions: ['view'], contentTypes: ['dcim.device'] }] });
    const res = await t.gqlWith<UiResult>(user.headers, UI, { route: '/' });
    expect(res.data?.uiExtensions.navigation).toEqual([]);
    expect(res.data?.uiExtensions.homePanels).toEqual([]);
  });

  it('renders plugin HTML inert: no script, no event handler, no javascript: URL, no frame', async () => {
    const { deviceIds } = await buildDevices(t.runtime.prisma, 1, 0, `Html ${provider}`);
    const res = await t.gql<{ uiExtensions: { detail: { right: Array<{ plugin: string; content: { html: string } }> } } }>(
      'query($id: ID!) { uiExtensions(route: "/devices", model: "Device", objectId: $id) { detail { right { plugin content { html } } } } }',
      { id: deviceIds[0] },
    );
    const html = res.data?.uiExtensions.detail.right.find((s) => s.plugin === 'html-slot')?.content.html ?? '';
    expect(html).toContain('Hello');
    expect(html).toContain('<a href="https://example.net/ok" rel="noopener noreferrer">ok</a>');
    for (const bad of ['<script', 'alert(1)', 'onclick', 'onmouseover', 'onerror', 'javascript:', '<iframe']) expect(html).not.toContain(bad);
  });

  it('serves detail-view slots, buttons, tabs, tab content and a banner for an object, and none for an object the user cannot see', async () => {
    const { deviceIds } = await buildDevices(t.runtime.prisma, 1, 0, `Detail ${provider}`);
    await t.runtime.prisma.exampleBgpSession.create({ data: { name: 'down', localAsn: 1, remoteAsn: 2, remoteAddress: '192.0.2.9', enabled: false, deviceId: deviceIds[0] ?? '' } });
    const q = `query($id: ID!, $tab: String) { uiExtensions(route: "/devices", model: "Device", objectId: $id, tab: $tab) {
      detail { left { plugin name } right { plugin name } fullWidth { plugin name content { rows } } buttons { plugin title link } tabs { plugin name label } tabContent { content { kind component props } } }
      banners { plugin level content { text } } } }`;
    const res = await t.gql<{ uiExtensions: { detail: Record<string, unknown>; banners: unknown[] } }>(q, { id: deviceIds[0], tab: 'example:bgp' });
    const d = res.data?.uiExtensions.detail as Record<string, Array<Record<string, unknown>>> & { tabContent: { content: Record<string, string> } };
    expect(d['left']).toEqual([{ plugin: 'example', name: 'BGP summary' }]);
    expect(d['right']?.map((s) => s['plugin'])).toEqual(expect.arrayContaining(['example', 'html-slot']));
    expect(d['fullWidth']).toEqual([{ plugin: 'example', name: 'BGP sessions', content: { rows: [['down', '2', '192.0.2.9', 'no']] } }]);
    expect(d['buttons']).toEqual([{ plugin: 'example', title: 'Add BGP session', link: '/exampleBgpSessions/new' }]);
    expect(d['tabs']).toEqual([{ plugin: 'example', name: 'bgp', label: 'BGP' }]);
    expect(d.tabContent.content).toEqual({ kind: 'component', component: 'DeviceSessions', props: JSON.stringify({ deviceId: deviceIds[0] }) });
    expect(res.data?.uiExtensions.banners).toEqual([{ plugin: 'example', level: 'warning', content: { text: '1 BGP session(s) on this device are disabled.' } }]);

    const outsider = await t.user({ username: `outsider-${provider}`, permissions: [{ actions: ['view'], contentTypes: ['dcim.device'], constraints: { name: 'nothing-matches' } }] });
    const hidden = await t.gqlWith<{ uiExtensions: { detail: null; banners: unknown[] } }>(outsider.headers, q, { id: deviceIds[0], tab: null });
    expect(hidden.data?.uiExtensions).toEqual({ detail: null, banners: [] });
  });

  it('lists the views plugins override', async () => {
    const res = await t.gql<{ viewOverrides: unknown[] }>('{ viewOverrides { view plugin component } }');
    expect(res.data?.viewOverrides).toEqual([{ view: 'ExampleBgpSession.detail', plugin: 'peering', component: 'SessionDetail' }]);
  });

  it('shows the menu item without the Add button to a user who may view but not add', async () => {
    const user = await t.user({ username: 'bgp-viewer', permissions: [{ actions: ['view'], contentTypes: ['example.examplebgpsession'] }] });
    const res = await t.gqlWith<UiResult>(user.headers, UI, { route: '/' });
    expect(res.data?.uiExtensions.navigation[0]?.groups[0]?.items[0]?.buttons).toEqual([]);
    expect(res.data?.uiExtensions.homePanels.map((p) => p.name)).toEqual(['BGP sessions']);
  });
});
