import { mkdirSync, readFileSync } from 'node:fs';
import { webOutDir } from '../../server/src/web/build.ts';
import { bundleSizes } from '../e2e/bundle.ts';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, ROOT, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { buildDevices } from '../fixtures/network.ts';
import { launch, listen } from '../e2e/browser.ts';

const SHOTS = join(ROOT, 'test', 'artifacts', 'screenshots');

describe('the web UI in headless Chromium', () => {
  let db: TestDatabase;
  let t: TestApp;
  let server: Server;
  let url: string;
  let browser: Browser;
  let deviceId: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDatabase('sqlite', 'web');
    t = await bootApp(
      testConfig(db, {
        plugins: ['fathom-plugin-example', 'fathom-plugin-peering', './test/fixtures/plugins/panel-throws/plugin.ts', './test/fixtures/plugins/panel-hangs/plugin.ts'],
      }),
      { web: true },
    );
    const site = await buildDevices(t.runtime.prisma, 3, 2, 'Web');
    deviceId = site.deviceIds[0] ?? '';
    await t.runtime.prisma.exampleBgpSession.create({ data: { name: 'transit-1', localAsn: 64512, remoteAsn: 65001, remoteAddress: '192.0.2.1', enabled: false, deviceId } });
    await t.user({ username: 'ops', password: 'ops-password', superuser: true });
    await t.user({ username: 'limited', password: 'limited-password', permissions: [{ actions: ['view'], contentTypes: ['dcim.device', 'dcim.location'] }] });
    ({ url, server } = await listen(t));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await t?.close();
    await db?.drop();
  });

  const pageErrors: string[] = [];

  /** Choose `option` in the reference picker `id` after typing `text`. */
  async function pick(page: Page, id: string, text: string, option: string): Promise<void> {
    const input = page.locator(`#${id}`);
    await input.click();
    await input.fill(text);
    await page.locator(`#${id}-options`).getByRole('option', { name: option, exact: true }).click();
  }

  async function login(username: string, password: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('401')) pageErrors.push(message.text());
    });
    await page.goto(`${url}/`);
    await page.waitForURL(/#\/login/);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  it('logs in, shows the plugin home panel, and names the plugins whose panels failed while keeping the page', async () => {
    const page = await login('ops', 'ops-password');
    await page.getByTestId('plugin-panel-example').waitFor();
    expect(await page.getByTestId('plugin-panel-example').innerText()).toContain('Sessions');
    expect(await page.getByTestId('panel-inventory').innerText()).toContain('Devices');
    const errors = await page.getByTestId('slot-errors').innerText();
    expect(errors).toContain('panel-throws');
    expect(errors).toContain('panel-hangs');
    await shot(page, '01-home');
    await page.close();
  });

  it('navigates to the plugin’s menu item and its page', async () => {
    const page = await login('ops', 'ops-password');
    await page.getByRole('button', { name: 'Plugins' }).click();
    await page.getByRole('link', { name: 'BGP sessions' }).click();
    await page.getByRole('heading', { name: 'BGP sessions' }).waitFor();
    expect(await page.locator('.example-sessions table').innerText()).toContain('transit-1');
    await shot(page, '02-plugin-page');
    // The page's own address, /plugins/<baseUrl>/…, leads to the same page.
    await page.goto(`${url}/`);
    await page.goto(`${url}/plugins/example/sessions/`);
    await page.locator('.example-sessions table').waitFor();
    await page.close();
  });

  it('opens a device and shows the example plugin’s left, right, full-width, button, tab and banner contributions', async () => {
    await t.runtime.prisma.device.update({ where: { id: deviceId }, data: { customFieldData: JSON.stringify({ bgp_router_id: '192.0.2.77' }) } });
    const page = await login('ops', 'ops-password');
    await page.goto(`${url}/#/devices/${deviceId}`);
    await page.getByTestId('slot-left-example').waitFor();
    expect(await page.getByTestId('slot-left-example').innerText()).toContain('BGP sessions');
    expect(await page.getByTestId('slot-right-example').innerHTML()).toContain('<strong>peering policy</strong>');
    expect(await page.getByTestId('slot-full-example').innerText()).toContain('transit-1');
    expect(await page.getByTestId('detail-buttons').innerText()).toContain('Add BGP session');
    expect(await page.getByTestId('banner').innerText()).toContain('1 BGP session(s) on this device are disabled.');
    expect(await page.getByTestId('custom-bgp_router_id').innerText()).toBe('192.0.2.77');
    await page.getByTestId('related-interfaces').waitFor();
    expect(await page.getByTestId('related-interfaces').innerText()).toContain('eth0');
    await shot(page, '03-device-detail');
    await page.getByRole('link', { name: 'BGP', exact: true }).click();
    await page.getByTestId('example-device-sessions').waitFor();
    expect(await page.getByTestId('example-device-sessions').innerText()).toContain('transit-1');
    await shot(page, '04-plugin-tab');
    await page.close();
  });

  it('shows a field error next to the field when creating an object with an invalid value, then creates it once fixed', async () => {
    const page = await login('ops', 'ops-password');
    await page.goto(`${url}/#/vlans/new`);
    await page.getByLabel('Vid *').fill('5000');
    await page.getByLabel('Name *').fill('web-vlan');
    await pick(page, 'field-statusId', 'Act', 'Active');
    await page.getByRole('button', { name: 'Create' }).click();
    const error = page.locator('#field-vid-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('at most 4094');
    await shot(page, '05-form-error');
    await page.getByLabel('Vid *').fill('42');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'web-vlan' }).waitFor();
    expect(await page.getByTestId('notice').innerText()).toBe('Created VLAN “web-vlan”.');
    expect(await t.runtime.prisma.vLAN.count({ where: { name: 'web-vlan', vid: 42 } })).toBe(1);
    await page.getByRole('link', { name: 'Changes' }).click();
    await page.getByTestId('object-changes').getByText('create').waitFor();
    expect(await page.getByTestId('object-changes').innerText()).toContain('ops');
    await page.goto(`${url}/#/`);
    await page.getByTestId('panel-changes').getByText('web-vlan').waitFor();

    // The list view finds it by quick search, and bulk delete removes it.
    await page.goto(`${url}/#/vlans`);
    await page.getByLabel('Quick search').fill('web-vlan');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('link', { name: 'web-vlan' }).waitFor();
    await shot(page, '05b-list');
    await page.getByLabel('Select', { exact: true }).first().check();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete selected' }).click();
    await page.getByText('No vlans match.').waitFor();
    expect(await page.getByTestId('notice').innerText()).toBe('Deleted 1 VLAN.');
    expect(await t.runtime.prisma.vLAN.count({ where: { name: 'web-vlan' } })).toBe(0);
    // The notice is for that page only.
    await page.goto(`${url}/#/devices`);
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    expect(await page.getByTestId('notice').count()).toBe(0);
    await page.close();
  });

  it('assigns an address to an interface found by typing its device and name, and shows it with its device when editing', async () => {
    // More interfaces than a plain list of options would ever show: the one wanted is found by search.
    const far = await buildDevices(t.runtime.prisma, 1, 40, 'Far Away');
    const page = await login('ops', 'ops-password');
    await page.goto(`${url}/#/ipAddresses/new`);
    await page.getByLabel('Address *').fill('198.51.100.7/24');
    await pick(page, 'field-statusId', 'Act', 'Active');
    await pick(page, 'field-interfaceId', 'far-away-r000 eth37', 'far-away-r000 › eth37');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: '198.51.100.7/24' }).waitFor();
    const address = await t.runtime.prisma.iPAddress.findFirstOrThrow({ where: { address: '198.51.100.7/24' }, include: { interface: true } });
    expect(address.interface).toMatchObject({ name: 'eth37', deviceId: far.deviceIds[0] });
    await page.goto(`${url}/#/ipAddresses/${address.id}/edit`);
    await expect.poll(() => page.locator('#field-interfaceId').inputValue()).toBe('far-away-r000 › eth37');
    await shot(page, '09-picker-edit');
  });

  it('keeps a list’s search and sort in the URL (with its page size and page): reload, Back and a shared link restore them', async () => {
    const page = await login('ops', 'ops-password');
    await page.goto(`${url}/#/devices`);
    await page.getByLabel('Quick search').fill('web-r');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/#\/devices\?q=web-r$/);
    const names = async () => page.locator('table.list tbody tr td:nth-child(2)').allInnerTexts();
    await expect.poll(names).toEqual(['web-r000', 'web-r001', 'web-r002']);
    await page.getByRole('button', { name: /^Name/ }).click();
    await page.getByRole('button', { name: /^Name/ }).click();
    await page.waitForURL(/order=-NAME/);
    await expect.poll(names).toEqual(['web-r002', 'web-r001', 'web-r000']);
    await page.reload();
    await expect.poll(names).toEqual(['web-r002', 'web-r001', 'web-r000']);
    await expect.poll(() => page.getByLabel('Quick search').inputValue()).toBe('web-r');
    await page.goBack();
    await page.waitForURL(/order=NAME$/);
    await expect.poll(names).toEqual(['web-r000', 'web-r001', 'web-r002']);
    // A shared link opens the same view in a fresh page.
    const shared = await browser.newPage();
    await shared.context().addCookies(await page.context().cookies());
    await shared.goto(page.url());
    await expect.poll(() => shared.locator('table.list tbody tr td:nth-child(2)').allInnerTexts()).toEqual(['web-r000', 'web-r001', 'web-r002']);
    await shared.close();
    await shot(page, '10-list-state');
  });

  it('filters devices by two locations and a role with pickers, and keeps the filter through reload, Back and a shared link', async () => {
    const north = await buildDevices(t.runtime.prisma, 1, 0, 'North');
    await buildDevices(t.runtime.prisma, 1, 0, 'South');
    await buildDevices(t.runtime.prisma, 1, 0, 'East');
    const switchRole = await t.runtime.prisma.role.create({ data: { name: 'Switch' } });
    await t.runtime.prisma.device.create({ data: { name: 'north-sw', locationId: north.siteId, deviceTypeId: north.deviceTypeId, roleId: switchRole.id, statusId: north.statusId } });
    const page = await login('ops', 'ops-password');
    await page.goto(`${url}/#/devices`);
    await pick(page, 'filter-location', 'North', 'North');
    await pick(page, 'filter-location', 'South', 'South');
    await pick(page, 'filter-role', 'Rout', 'Router');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/f\.location=/);
    const names = async (p = page) => (await p.locator('table.list tbody tr td:nth-child(2)').allInnerTexts()).sort();
    await expect.poll(() => names()).toEqual(['north-r000', 'south-r000']);
    await page.reload();
    await expect.poll(() => names()).toEqual(['north-r000', 'south-r000']);
    // The chips name what the URL filters by.
    await expect.poll(() => page.getByRole('group', { name: 'Filter by location' }).innerText()).toMatch(/North[\s\S]*South/);
    const shared = await browser.newPage();
    await shared.context().addCookies(await page.context().cookies());
    await shared.goto(page.url());
    await expect.poll(() => names(shared)).toEqual(['north-r000', 'south-r000']);
    await shared.close();
    await page.goBack();
    await expect.poll(() => names()).toContain('north-sw');
    await shot(page, '11-list-filters');
  });

  it('shows the example plugin’s column on the core device list and filters by its filter, kept in the URL', async () => {
    const page = await login('ops', 'ops-password');
    await page.goto(`${url}/#/devices?q=web-r`);
    const table = page.locator('table.list');
    await expect.poll(() => table.locator('thead').innerText()).toContain('Example Bgp Session Count');
    await page.getByLabel('Filter by exampleHasSessions').selectOption('true');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/f\.exampleHasSessions=true/);
    const rows = async () => (await table.locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    await expect.poll(async () => (await rows()).length).toBe(1);
    expect((await rows())[0]).toMatch(/^web-r000 .* 1$/);
    await page.reload();
    await expect.poll(async () => (await rows()).length).toBe(1);
    await shot(page, '12-plugin-column-and-filter');
    await page.close();
  });

  it('searches every searchable model, a plugin’s among them, from the top bar', async () => {
    const page = await login('ops', 'ops-password');
    await page.getByLabel('Search everything').fill('transit');
    await page.getByLabel('Search everything').press('Enter');
    await page.waitForURL(/#\/search\?q=transit/);
    const results = page.getByTestId('search-results');
    await expect.poll(() => results.innerText()).toContain('BGP sessions (1)');
    expect(await results.innerText()).toContain('web-r000 › transit-1');
    await page.getByLabel('Search everything').fill('web-r00');
    await page.getByLabel('Search everything').press('Enter');
    await expect.poll(() => results.innerText()).toContain('Devices (3)');
    await shot(page, '13-global-search');
    await page.getByRole('link', { name: 'Web › web-r001', exact: true }).click();
    await page.getByRole('heading', { name: 'web-r001' }).waitFor();
    await page.close();
  });

  it('keeps a viewer out of create forms, titles pages, and links a location’s devices to the filtered list', async () => {
    const page = await login('limited', 'limited-password');
    await page.goto(`${url}/#/devices/new`);
    await page.getByText('You do not have permission to add devices.').waitFor();
    expect(await page.locator('form.model-form').count()).toBe(0);
    expect(await page.title()).toBe('Add device · Fathom');

    const web = await t.runtime.prisma.location.findFirstOrThrow({ where: { name: 'Web' } });
    await page.goto(`${url}/#/locations/${web.id}`);
    await page.getByRole('heading', { name: 'Web', exact: true }).waitFor();
    expect(await page.title()).toBe('Web · Location · Fathom');
    // A location with more devices than its panel lists links to the device list filtered to it.
    const crowded = await buildDevices(t.runtime.prisma, 21, 0, 'Crowded');
    await page.goto(`${url}/#/locations/${crowded.siteId}`);
    await page.getByRole('link', { name: 'All 21 devices' }).click();
    await page.waitForURL(new RegExp(`f\\.location=${crowded.siteId}`));
    await page.getByText('21 devices').waitFor();
    await expect.poll(async () => (await page.locator('table.list tbody tr td:nth-child(1)').allInnerTexts()).every((n) => n.startsWith('crowded-'))).toBe(true);
    expect(await page.title()).toBe('Devices · Fathom');
  });

  it('returns to the page asked for after logging in, and only to a page of the app', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}/#/devices?q=web-r001`);
    await page.waitForURL(/#\/login\?next=/);
    await page.getByLabel('Username').fill('ops');
    await page.getByLabel('Password').fill('ops-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/#\/devices\?q=web-r001$/);
    await page.getByRole('link', { name: 'web-r001' }).waitFor();
    await page.close();

    const other = await browser.newPage();
    await other.goto(`${url}/#/login?next=${encodeURIComponent('//evil.example/steal')}`);
    await other.getByLabel('Username').fill('ops');
    await other.getByLabel('Password').fill('ops-password');
    await other.getByRole('button', { name: 'Log in' }).click();
    await other.getByRole('heading', { name: 'Home' }).waitFor();
    expect(new URL(other.url()).host).toBe(new URL(url).host);
    await other.close();
  });

  it('shows the peering plugin’s replacement for the example plugin’s BGP session view', async () => {
    const page = await login('ops', 'ops-password');
    const session = await t.runtime.prisma.exampleBgpSession.findFirstOrThrow({ where: { name: 'transit-1' } });
    await page.goto(`${url}/#/exampleBgpSessions/${session.id}`);
    await page.getByTestId('peering-session-detail').waitFor();
    expect(await page.getByTestId('peering-session-detail').innerText()).toContain('This view is provided by the peering plugin.');
    await shot(page, '06b-override');
    await page.close();
  });

  it('runs a plugin job from its form and follows it to its result and log', async () => {
    const page = await login('ops', 'ops-password');
    await page.getByRole('link', { name: 'Jobs' }).click();
    const job = page.getByTestId('job-session-report');
    await job.getByLabel('Only disabled sessions').check();
    await job.getByRole('button', { name: 'Run' }).click();
    await page.getByTestId('job-status').getByText('completed').waitFor();
    expect(await page.getByTestId('job-result').innerText()).toContain('{"sessions":1,"devices":1}');
    expect(await page.getByTestId('job-log').innerText()).toContain('web-r000: 1 session(s)');
    await shot(page, '06c-job-result');
    await page.close();
  });

  it('lists installed plugins and shows a plugin’s metadata, settings and registrations', async () => {
    const page = await login('ops', 'ops-password');
    await page.goto(`${url}/#/plugins/installed`);
    await page.getByTestId('installed-plugins').waitFor();
    expect(await page.getByTestId('installed-plugins').innerText()).toContain('fathom-plugin-example');
    await page.getByRole('link', { name: 'Example BGP sessions' }).click();
    await page.getByTestId('plugin-registered').waitFor();
    const registered = await page.getByTestId('plugin-registered').innerText();
    expect(registered).toContain('ExampleBgpSession');
    expect(registered).toContain('Plugins / Example / BGP sessions');
    expect(registered).toContain('Device: BGP');
    // Every extension point the plugin uses, as the server's registry holds it.
    expect(registered).toMatch(/Template filters\s+ip_host/);
    expect(registered).toMatch(/Jobs\s+session-report/);
    expect(registered).toContain('GET /api/plugins/example/');
    expect(await page.getByTestId('plugin-settings').innerText()).toContain('defaultLocalAsn');
    await shot(page, '06-plugin-detail');
    await page.close();
  });

  it('raised no script error in any page of these journeys', () => {
    expect(pageErrors).toEqual([]);
  });

  it('keeps plugin UI code out of the initial bundle and loads it lazily', () => {
    const out = webOutDir(t.config);
    const { initial, lazy } = bundleSizes(out);
    const initialCode = initial.map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    expect(initialCode).not.toContain('example-sessions');
    expect(lazy.some((f) => readFileSync(join(out, f), 'utf8').includes('example-sessions'))).toBe(true);
  });

  it('hides the plugin’s menu item and home panel from a user without permission on its model', async () => {
    const page = await login('limited', 'limited-password');
    await page.getByTestId('panel-inventory').waitFor();
    expect(await page.getByTestId('plugin-panel-example').count()).toBe(0);
    await page.getByRole('button', { name: 'Plugins' }).click();
    expect(await page.getByRole('link', { name: 'BGP sessions' }).count()).toBe(0);
    await shot(page, '07-limited-home');
    await page.close();
  });
});
