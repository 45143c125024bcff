import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webOutDir } from '../../server/src/web/build.ts';
import { bundleSizes } from '../e2e/bundle.ts';
import { browserSuite } from '../e2e/suite.ts';

/** What plugins add to the web UI, in headless Chromium: slots, pages, jobs, views, extension points, Installed Plugins. */
describe('plugins in the web UI in headless Chromium', () => {
  const s = browserSuite('web-plugins', ['fathom-plugin-example', 'fathom-plugin-peering', './test/fixtures/plugins/panel-throws/plugin.ts', './test/fixtures/plugins/panel-hangs/plugin.ts']);

  it('logs in, shows the plugin home panel, and names the plugins whose panels failed while keeping the page', async () => {
    const page = await s.login('ops', 'ops-password');
    await page.getByTestId('plugin-panel-example').waitFor();
    await expect.poll(() => page.getByTestId('plugin-panel-example').innerText()).toContain('Sessions');
    await expect.poll(() => page.getByTestId('panel-inventory').innerText()).toContain('Devices');
    const errors = await page.getByTestId('slot-errors').innerText();
    expect(errors).toContain('panel-throws');
    expect(errors).toContain('panel-hangs');
    await s.shot(page, '01-home');
    await page.close();
  });

  it('navigates to the plugin’s menu item and its page', async () => {
    const page = await s.login('ops', 'ops-password');
    await page.getByRole('button', { name: 'Plugins' }).click();
    await page.getByRole('link', { name: 'BGP sessions' }).click();
    await page.getByRole('heading', { name: 'BGP sessions' }).waitFor();
    await expect.poll(() => page.locator('.example-sessions table').innerText()).toContain('transit-1');
    await s.shot(page, '02-plugin-page');
    // The page's own address, /plugins/<baseUrl>/…, leads to the same page.
    await page.goto(`${s.url}/`);
    await page.goto(`${s.url}/plugins/example/sessions/`);
    await page.locator('.example-sessions table').waitFor();
    await page.close();
  });

  it('opens a device and shows the example plugin’s left, right, full-width, button, tab and banner contributions', async () => {
    await s.t.runtime.prisma.device.update({ where: { id: s.deviceId }, data: { customFieldData: JSON.stringify({ bgp_router_id: '192.0.2.77' }) } });
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/devices/${s.deviceId}`);
    await page.getByTestId('slot-left-example').waitFor();
    await expect.poll(() => page.getByTestId('slot-left-example').innerText()).toContain('BGP sessions');
    expect(await page.getByTestId('slot-right-example').innerHTML()).toContain('<strong>peering policy</strong>');
    expect(await page.getByTestId('slot-full-example').innerText()).toContain('transit-1');
    expect(await page.getByTestId('detail-buttons').innerText()).toContain('Add BGP session');
    expect(await page.getByTestId('banner').innerText()).toContain('1 BGP session(s) on this device are disabled.');
    expect(await page.getByTestId('custom-bgp_router_id').innerText()).toBe('192.0.2.77');
    await page.getByTestId('device-interfaces').waitFor();
    await expect.poll(() => page.getByTestId('device-interfaces').innerText()).toContain('eth0');
    await s.shot(page, '03-device-detail');
    await page.getByRole('link', { name: 'BGP', exact: true }).click();
    // The plugin's component says "Loading…" until its own query answers.
    await expect.poll(() => page.getByTestId('example-device-sessions').innerText()).toContain('transit-1');
    await s.shot(page, '04-plugin-tab');
    await page.close();
  });

  it('edits the example plugin’s field on the core device form: the plugin’s errors show by the field, a good value is saved with the device', async () => {
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/devices/${s.deviceId}/edit`);
    const asn = page.getByLabel('Local ASN');
    await asn.waitFor();
    const error = page.locator('#field-exampleLocalAsn-error');
    await asn.fill('23456');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => error.innerText()).toContain('reserved');
    // Refused inside the device's transaction: the device's BGP session speaks from AS 64512.
    await asn.fill('65000');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => error.innerText()).toContain('use another local ASN');
    await s.shot(page, '14-plugin-form-field');
    await asn.fill('64512');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('notice').waitFor();
    await expect.poll(() => page.getByTestId('field-exampleLocalAsn').innerText()).toBe('64512');
    expect((await s.t.runtime.prisma.exampleDeviceBgp.findUnique({ where: { deviceId: s.deviceId } }))?.localAsn).toBe(64512);
    await page.close();
  });

  it('shows the example plugin’s column on the core device list and filters by its filter, kept in the URL', async () => {
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/devices?q=web-r`);
    const table = page.locator('table.list');
    await expect.poll(() => table.locator('thead').innerText()).toContain('Example Bgp Session Count');
    // The plugin's banner for the device list (its disabled sessions across all devices).
    await expect.poll(() => page.getByTestId('banner').innerText()).toContain('1 BGP session(s) are disabled across all devices.');
    await page.getByLabel('Filter by exampleHasSessions').selectOption('true');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/f\.exampleHasSessions=true/);
    const rows = async () => (await table.locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    await expect.poll(async () => (await rows()).length).toBe(1);
    expect((await rows())[0]).toMatch(/^web-r000 .* 1$/);
    await page.reload();
    await expect.poll(async () => (await rows()).length).toBe(1);
    await s.shot(page, '12-plugin-column-and-filter');
    await page.close();
  });

  it('shows the peering plugin’s replacement for the example plugin’s BGP session view', async () => {
    const page = await s.login('ops', 'ops-password');
    const session = await s.t.runtime.prisma.exampleBgpSession.findFirstOrThrow({ where: { name: 'transit-1' } });
    await page.goto(`${s.url}/#/exampleBgpSessions/${session.id}`);
    // The view shows "Loading…" until its query answers; wait for the answer, not for the frame.
    await expect.poll(() => page.getByTestId('peering-session-detail').innerText()).toContain('This view is provided by the peering plugin.');
    await s.shot(page, '06b-override');
    await page.close();
  });

  it('runs a plugin job from its form and follows it to its result and log', async () => {
    const page = await s.login('ops', 'ops-password');
    await page.getByRole('link', { name: 'Jobs' }).click();
    const job = page.getByTestId('job-session-report');
    await job.getByLabel('Only disabled sessions').check();
    await job.getByRole('button', { name: 'Run' }).click();
    await page.getByTestId('job-status').getByText('completed').waitFor();
    await expect.poll(() => page.getByTestId('job-result').innerText()).toContain('{"sessions":1,"devices":1}');
    await expect.poll(() => page.getByTestId('job-log').innerText()).toContain('web-r000: 1 session(s)');
    await s.shot(page, '06c-job-result');
    await page.close();
  });

  it('runs a job on a device from the button on its page, for that device alone', async () => {
    const prisma = s.t.runtime.prisma;
    const other = await prisma.device.findFirstOrThrow({ where: { name: 'web-r001' } });
    await prisma.exampleBgpSession.create({ data: { name: 'elsewhere', localAsn: 64512, remoteAsn: 65002, remoteAddress: '192.0.2.2', deviceId: other.id } });
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/devices/${s.deviceId}`);
    await page.getByRole('button', { name: 'Run bgp session report' }).click();
    await page.getByTestId('job-status').getByText('completed').waitFor();
    await expect.poll(() => page.getByTestId('job-result').innerText()).toContain('{"sessions":1,"devices":1}');
    await expect.poll(() => page.getByTestId('job-log').innerText()).toContain('web-r000: 1 session(s)');
    await page.close();
  });

  it('lists installed plugins and shows a plugin’s metadata, settings and registrations', async () => {
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/plugins/installed`);
    await page.getByTestId('installed-plugins').waitFor();
    await expect.poll(() => page.getByTestId('installed-plugins').innerText()).toContain('fathom-plugin-example');
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
    expect(registered).toMatch(/Fields on other forms\s+Device.exampleLocalAsn/);
    expect(registered).toMatch(/Models in global search\s+ExampleBgpSession/);
    expect(registered).toMatch(/Job buttons\s+Device: BGP session report/);
    expect(await page.getByTestId('plugin-settings').innerText()).toContain('defaultLocalAsn');
    await s.shot(page, '06-plugin-detail');
    await page.close();
  });

  it('has no serious or critical accessibility violations (axe-core) on plugin pages, jobs and the plugin list', async () => {
    const found = await s.accessibility('ops', 'ops-password', [
      ['/plugins/example/sessions/', 'BGP sessions'],
      ['/plugins/installed', 'Installed plugins'],
      ['/plugins/installed/example', 'Example BGP sessions'],
      ['/jobs', 'Jobs'],
      ['/', 'Home'],
    ]);
    expect(found).toEqual([]);
  });

  it('keeps plugin UI code out of the initial bundle and loads it lazily', () => {
    const out = webOutDir(s.t.config);
    const { initial, lazy } = bundleSizes(out);
    const initialCode = initial.map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    expect(initialCode).not.toContain('example-sessions');
    expect(lazy.some((f) => readFileSync(join(out, f), 'utf8').includes('example-sessions'))).toBe(true);
  });

  it('hides the plugin’s menu item and home panel from a user without permission on its model', async () => {
    const page = await s.login('limited', 'limited-password');
    await page.getByTestId('panel-inventory').waitFor();
    expect(await page.getByTestId('plugin-panel-example').count()).toBe(0);
    await page.getByRole('button', { name: 'Plugins' }).click();
    expect(await page.getByRole('link', { name: 'BGP sessions' }).count()).toBe(0);
    await s.shot(page, '07-limited-home');
    await page.close();
  });
  it('raised no script error in any page of these journeys', () => {
    expect(s.pageErrors).toEqual([]);
  });

});
