import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
        plugins: ['fathom-plugin-example', 'fathom-plugin-peering', './test/fixtures/plugins/panel-throws/plugin.ts', './test/fixtures/plugins/panel-hangs/plugin.ts'],
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

  it('shows the menu item without the Add button to a user who may view but not add', async () => {
    const user = await t.user({ username: 'bgp-viewer', permissions: [{ actions: ['view'], contentTypes: ['example.examplebgpsession'] }] });
    const res = await t.gqlWith<UiResult>(user.headers, UI, { route: '/' });
    expect(res.data?.uiExtensions.navigation[0]?.groups[0]?.items[0]?.buttons).toEqual([]);
    expect(res.data?.uiExtensions.homePanels.map((p) => p.name)).toEqual(['BGP sessions']);
  });
});
