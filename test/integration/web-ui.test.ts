import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDevices } from '../fixtures/network.ts';
import { browserSuite } from '../e2e/suite.ts';

/** The core's generic views in headless Chromium: forms, pickers, lists that keep their state, search, access. */
describe('the web UI in headless Chromium', () => {
  const s = browserSuite('web', ['fathom-plugin-example', 'fathom-plugin-peering']);

  it('shows a field error next to the field when creating an object with an invalid value, then creates it once fixed', async () => {
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/vlans/new`);
    await page.getByLabel('VID *').fill('5000');
    await page.getByLabel('Name *').fill('web-vlan');
    await s.pick(page, 'field-statusId', 'Act', 'Active');
    await page.getByRole('button', { name: 'Create' }).click();
    const error = page.locator('#field-vid-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('at most 4094');
    await s.shot(page, '05-form-error');
    await page.getByLabel('VID *').fill('42');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'web-vlan' }).waitFor();
    expect(await page.getByTestId('notice').innerText()).toBe('Created VLAN “web-vlan”.');
    expect(await s.t.runtime.prisma.vLAN.count({ where: { name: 'web-vlan', vid: 42 } })).toBe(1);
    await page.getByRole('link', { name: 'Changes' }).click();
    await page.getByTestId('object-changes').getByText('create').waitFor();
    expect(await page.getByTestId('object-changes').innerText()).toContain('ops');
    await page.goto(`${s.url}/#/`);
    await page.getByTestId('panel-changes').getByText('web-vlan').waitFor();

    // The list view finds it by quick search, and bulk delete removes it.
    await page.goto(`${s.url}/#/vlans`);
    await page.getByLabel('Quick search').fill('web-vlan');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('link', { name: 'web-vlan' }).waitFor();
    await s.shot(page, '05b-list');
    await page.getByLabel('Select', { exact: true }).first().check();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete selected' }).click();
    await page.getByText('No vlans match.').waitFor();
    expect(await page.getByTestId('notice').innerText()).toBe('Deleted 1 VLAN.');
    expect(await s.t.runtime.prisma.vLAN.count({ where: { name: 'web-vlan' } })).toBe(0);
    // The notice is for that page only.
    await page.goto(`${s.url}/#/devices`);
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    expect(await page.getByTestId('notice').count()).toBe(0);
    await page.close();
  });

  it('assigns an address to an interface found by typing its device and name, and shows it with its device when editing', async () => {
    // More interfaces than a plain list of options would ever show: the one wanted is found by search.
    const far = await buildDevices(s.t.runtime.prisma, 1, 40, 'Far Away');
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/ipAddresses/new`);
    await page.getByLabel('Address *').fill('198.51.100.7/24');
    await s.pick(page, 'field-statusId', 'Act', 'Active');
    await s.pick(page, 'field-interfaceId', 'far-away-r000 eth37', 'far-away-r000 › eth37');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: '198.51.100.7/24' }).waitFor();
    const address = await s.t.runtime.prisma.iPAddress.findFirstOrThrow({ where: { address: '198.51.100.7/24' }, include: { interface: true } });
    expect(address.interface).toMatchObject({ name: 'eth37', deviceId: far.deviceIds[0] });
    await page.goto(`${s.url}/#/ipAddresses/${address.id}/edit`);
    await expect.poll(() => page.locator('#field-interfaceId').inputValue()).toBe('far-away-r000 › eth37');
    await s.shot(page, '09-picker-edit');
  });

  it('keeps a list’s search and sort in the URL (with its page size and page): reload, Back and a shared link restore them', async () => {
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/devices`);
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
    const shared = await s.browser.newPage();
    await shared.context().addCookies(await page.context().cookies());
    await shared.goto(page.url());
    await expect.poll(() => shared.locator('table.list tbody tr td:nth-child(2)').allInnerTexts()).toEqual(['web-r000', 'web-r001', 'web-r002']);
    await shared.close();
    await s.shot(page, '10-list-state');
  });

  it('filters devices by two locations and a role with pickers, and keeps the filter through reload, Back and a shared link', async () => {
    const north = await buildDevices(s.t.runtime.prisma, 1, 0, 'North');
    await buildDevices(s.t.runtime.prisma, 1, 0, 'South');
    await buildDevices(s.t.runtime.prisma, 1, 0, 'East');
    const switchRole = await s.t.runtime.prisma.role.create({ data: { name: 'Switch' } });
    await s.t.runtime.prisma.device.create({ data: { name: 'north-sw', locationId: north.siteId, deviceTypeId: north.deviceTypeId, roleId: switchRole.id, statusId: north.statusId } });
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/devices`);
    await s.pick(page, 'filter-location', 'North', 'North');
    await s.pick(page, 'filter-location', 'South', 'South');
    await s.pick(page, 'filter-role', 'Rout', 'Router');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/f\.location=/);
    const names = async (p = page) => (await p.locator('table.list tbody tr td:nth-child(2)').allInnerTexts()).sort();
    await expect.poll(() => names()).toEqual(['north-r000', 'south-r000']);
    await page.reload();
    await expect.poll(() => names()).toEqual(['north-r000', 'south-r000']);
    // The chips name what the URL filters by.
    await expect.poll(() => page.getByRole('group', { name: 'Filter by location' }).innerText()).toMatch(/North[\s\S]*South/);
    const shared = await s.browser.newPage();
    await shared.context().addCookies(await page.context().cookies());
    await shared.goto(page.url());
    await expect.poll(() => names(shared)).toEqual(['north-r000', 'south-r000']);
    await shared.close();
    await page.goBack();
    await expect.poll(() => names()).toContain('north-sw');
    await s.shot(page, '11-list-filters');
  });

  it('searches every searchable model, a plugin’s among them, from the top bar', async () => {
    const page = await s.login('ops', 'ops-password');
    await page.getByLabel('Search everything').fill('transit');
    await page.getByLabel('Search everything').press('Enter');
    await page.waitForURL(/#\/search\?q=transit/);
    const results = page.getByTestId('search-results');
    await expect.poll(() => results.innerText()).toContain('BGP sessions (1)');
    expect(await results.innerText()).toContain('web-r000 › transit-1');
    await page.getByLabel('Search everything').fill('web-r00');
    await page.getByLabel('Search everything').press('Enter');
    await expect.poll(() => results.innerText()).toContain('Devices (3)');
    await s.shot(page, '13-global-search');
    await page.getByRole('link', { name: 'Web › web-r001', exact: true }).click();
    await page.getByRole('heading', { name: 'web-r001' }).waitFor();
    await page.close();
  });

  it('keeps a viewer out of create forms, titles pages, and links a location’s devices to the filtered list', async () => {
    const page = await s.login('limited', 'limited-password');
    await page.goto(`${s.url}/#/devices/new`);
    await page.getByText('You do not have permission to add devices.').waitFor();
    expect(await page.locator('form.model-form').count()).toBe(0);
    expect(await page.title()).toBe('Add device · Fathom');

    const web = await s.t.runtime.prisma.location.findFirstOrThrow({ where: { name: 'Web' } });
    await page.goto(`${s.url}/#/locations/${web.id}`);
    await page.getByRole('heading', { name: 'Web', exact: true }).waitFor();
    expect(await page.title()).toBe('Web · Location · Fathom');
    // A location with more devices than its panel lists links to the device list filtered to it.
    const crowded = await buildDevices(s.t.runtime.prisma, 21, 0, 'Crowded');
    await page.goto(`${s.url}/#/locations/${crowded.siteId}`);
    await page.getByRole('link', { name: 'All 21 devices' }).click();
    await page.waitForURL(new RegExp(`f\\.location=${crowded.siteId}`));
    await page.getByText('21 devices').waitFor();
    await expect.poll(async () => (await page.locator('table.list tbody tr td:nth-child(1)').allInnerTexts()).every((n) => n.startsWith('crowded-'))).toBe(true);
    expect(await page.title()).toBe('Devices · Fathom');
  });

  it('returns to the page asked for after logging in, and only to a page of the app', async () => {
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${s.url}/#/devices?q=web-r001`);
    await page.waitForURL(/#\/login\?next=/);
    await page.getByLabel('Username').fill('ops');
    await page.getByLabel('Password').fill('ops-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/#\/devices\?q=web-r001$/);
    await page.getByRole('link', { name: 'web-r001' }).waitFor();
    await page.close();

    const other = await s.browser.newPage();
    await other.goto(`${s.url}/#/login?next=${encodeURIComponent('//evil.example/steal')}`);
    await other.getByLabel('Username').fill('ops');
    await other.getByLabel('Password').fill('ops-password');
    await other.getByRole('button', { name: 'Log in' }).click();
    await other.getByRole('heading', { name: 'Home' }).waitFor();
    expect(new URL(other.url()).host).toBe(new URL(s.url).host);
    await other.close();
  });

  it('shows a device’s computed fields and custom links on its page, a failing field as its fallback', async () => {
    await s.t.runtime.prisma.computedField.createMany({
      data: [
        { name: 'fqdn', label: 'FQDN', contentType: 'dcim.device', template: '{{ obj.name }}.net.example', weight: 1 },
        { name: 'broken', label: 'Broken', contentType: 'dcim.device', template: '{{ obj.name + 1 }}', fallbackValue: 'n/a', weight: 2 },
      ],
    });
    // Written past the API, so the cached definitions are told (the API does this on every write of a definition).
    await s.t.runtime.definitionsEpoch?.bump();
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/devices/${s.deviceId}`);
    await expect.poll(() => page.getByTestId('computed-fqdn').innerText()).toBe('web-r000.net.example');
    expect(await page.getByTestId('computed-broken').innerText()).toBe('n/a');
    expect(await page.getByTestId('computed-broken').getAttribute('title')).toBeTruthy();
    // A custom link, rendered for this device, in its group's menu.
    await s.t.runtime.prisma.customLink.create({ data: { name: 'NMS', contentType: 'dcim.device', text: 'Graphs of {{ obj.name }}', targetUrl: 'https://nms.example.net/{{ obj.name }}', groupName: 'Tools', newWindow: true } });
    await page.reload();
    await page.getByTestId('custom-links').getByText('Tools').click();
    const link = page.getByRole('link', { name: 'Graphs of web-r000' });
    expect(await link.getAttribute('href')).toBe('https://nms.example.net/web-r000');
    expect(await link.getAttribute('target')).toBe('_blank');
    await s.shot(page, '15-computed-fields-and-links');
    await page.close();
  });

  it('links a device to another through a relationship on its form, and shows the link on both devices', async () => {
    await s.t.runtime.prisma.relationship.create({ data: { key: 'redundancy', label: 'Redundancy peers', type: 'symmetric-many-to-many', sourceType: 'dcim.device', destinationType: 'dcim.device' } });
    await s.t.runtime.definitionsEpoch?.bump();
    const other = await s.t.runtime.prisma.device.findFirstOrThrow({ where: { name: 'web-r001' } });
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/devices/${s.deviceId}/edit`);
    await s.pick(page, 'relationship-redundancy-peer', 'web-r001', 'Web › web-r001');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('notice').waitFor();
    await expect.poll(() => page.getByTestId('relationship-redundancy').innerText()).toBe('Web › web-r001');
    await s.shot(page, '16-relationship-on-device');
    // The peer shows the link too, and leads back.
    await page.getByTestId('relationship-redundancy').getByRole('link', { name: 'Web › web-r001' }).click();
    await page.waitForURL(new RegExp(`#/devices/${other.id}$`));
    await expect.poll(() => page.getByTestId('relationship-redundancy').innerText()).toBe('Web › web-r000');
    await page.close();
  });

  it('sets the content types of a custom field from a list of them, and offers them for a computed field', async () => {
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/customFields/new`);
    await page.getByLabel('Name *').fill('rack_unit');
    await page.locator('#field-type').selectOption('integer');
    await expect.poll(async () => page.locator('#field-contentTypes option').count()).toBeGreaterThan(5);
    await page.locator('#field-contentTypes').selectOption(['dcim.device', 'dcim.interface']);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'rack_unit' }).waitFor();
    const stored = await s.t.runtime.prisma.customField.findUniqueOrThrow({ where: { name: 'rack_unit' }, include: { contentTypes: true } });
    expect(stored.contentTypes.map((c) => `${c.appLabel}.${c.model}`).sort()).toEqual(['dcim.device', 'dcim.interface']);
    // Editing shows the ones chosen.
    await page.goto(`${s.url}/#/customFields/${stored.id}/edit`);
    await expect.poll(async () => page.locator('#field-contentTypes').evaluate((el) => [...(el as HTMLSelectElement).selectedOptions].map((o) => o.value))).toEqual(['dcim.device', 'dcim.interface']);
    // A field that names one content type suggests them.
    await page.goto(`${s.url}/#/computedFields/new`);
    await expect.poll(async () => page.locator('#content-type-labels option').count()).toBeGreaterThan(5);
    expect(await page.locator('#field-contentType').getAttribute('list')).toBe('content-type-labels');
    await page.close();
  });

  it('edits a custom field of type select with its choices, and shows it by its label', async () => {
    const device = await s.t.runtime.prisma.contentType.findUniqueOrThrow({ where: { appLabel_model: { appLabel: 'dcim', model: 'device' } } });
    await s.t.runtime.prisma.customField.create({ data: { name: 'site_tier', label: 'Site tier', type: 'select', choices: 'gold,silver,bronze', contentTypes: { connect: [{ id: device.id }] } } });
    await s.t.runtime.prisma.customField.create({ data: { name: 'rack_position', label: 'Rack position', type: 'integer', contentTypes: { connect: [{ id: device.id }] } } });
    await s.t.runtime.definitionsEpoch?.bump();
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/devices/${s.deviceId}/edit`);
    await expect.poll(async () => page.locator('#custom-site_tier option').allInnerTexts()).toEqual(['—', 'gold', 'silver', 'bronze']);
    await page.locator('#custom-site_tier').selectOption('silver');
    await page.getByLabel('Rack position').fill('12');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('notice').waitFor();
    await expect.poll(() => page.getByTestId('custom-site_tier').innerText()).toBe('silver');
    await expect.poll(() => page.getByTestId('custom-rack_position').innerText()).toBe('12');
    expect(await page.locator('dt', { hasText: 'Site tier' }).count()).toBe(1);
    const stored = await s.t.runtime.prisma.device.findUniqueOrThrow({ where: { id: s.deviceId } });
    expect(JSON.parse(stored.customFieldData)).toMatchObject({ site_tier: 'silver', rack_position: 12 });
    await s.shot(page, '17-custom-fields-typed');
    await page.close();
  });

  it('lists changes filtered by content type and action, kept in the URL, and shows one change as before and after', async () => {
    const other = await s.t.runtime.prisma.device.findFirstOrThrow({ where: { name: 'web-r002' } });
    const update = (serial: string) => s.t.gql('mutation($id: ID!, $serial: String) { updateDevice(id: $id, input: { serial: $serial }) { errors { field } } }', { id: other.id, serial });
    await update('SER-1');
    await update('SER-2');
    const page = await s.login('ops', 'ops-password');
    await page.getByRole('link', { name: 'Change log' }).click();
    await page.getByLabel('Content type').selectOption('dcim.device');
    await page.getByLabel('Action').selectOption('update');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/#\/changes\?type=dcim\.device&action=update$/);
    const rows = page.getByTestId('changes').locator('tbody tr');
    await expect.poll(async () => (await rows.first().innerText()).includes('web-r002')).toBe(true);
    expect((await rows.allInnerTexts()).every((r) => r.includes('update'))).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByLabel('Action').inputValue()).toBe('update');
    // The newest change: serial SER-1 → SER-2, and only that field marked as changed.
    await rows.first().getByRole('link').first().click();
    await page.waitForURL(/#\/changes\/[0-9a-f-]+$/);
    const changed = page.getByTestId('change-diff').locator('tr[data-changed="yes"]');
    await expect.poll(async () => (await changed.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toContainEqual('serial SER-1 SER-2');
    expect((await changed.allInnerTexts()).some((t) => t.startsWith('name'))).toBe(false);
    await s.shot(page, '18-change-diff');
    await page.close();
  });

  it('imports a CSV: a bad row refuses the whole file and writes nothing, the fixed file imports; the list exports as CSV', async () => {
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/vlans`);
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import VLANs' }).waitFor();
    const file = (middle: string) => `vid,name,status,location\n301,csv-vlan-a,Active,Web\n${middle},csv-vlan-b,Active,Web\n302,csv-vlan-c,Active,\n`;
    await page.getByLabel('CSV text').fill(file('5000'));
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('import-refused').waitFor();
    expect(await page.getByTestId('import-refused').innerText()).toBe('1 of 3 row(s) have problems; nothing was written.');
    expect(await page.getByTestId('import-errors').innerText()).toMatch(/3\s+vid: .*4094/);
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    expect(await s.t.runtime.prisma.vLAN.count({ where: { name: { startsWith: 'csv-vlan' } } })).toBe(0);
    await s.shot(page, '19-import-refused');

    // A name that resolves to nothing is named before anything is sent.
    await page.getByLabel('CSV text').fill(file('303').replace('Active,Web\n302', 'Active,Nowhere\n302'));
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('import-errors').getByText('no location is called “Nowhere”').waitFor();

    await page.getByLabel('CSV text').fill(file('303'));
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('import-ready').waitFor();
    expect(await s.t.runtime.prisma.vLAN.count({ where: { name: { startsWith: 'csv-vlan' } } })).toBe(0); // the check wrote nothing
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'VLANs', exact: true }).waitFor();
    expect(await page.getByTestId('notice').innerText()).toBe('Imported 3 VLANs.');
    const made = await s.t.runtime.prisma.vLAN.findMany({ where: { name: { startsWith: 'csv-vlan' } }, include: { location: true }, orderBy: { vid: 'asc' } });
    expect(made.map((v) => [v.vid, v.name, v.location?.name ?? null])).toEqual([[301, 'csv-vlan-a', 'Web'], [302, 'csv-vlan-c', null], [303, 'csv-vlan-b', 'Web']]);

    await page.goto(`${s.url}/#/vlans?q=csv-vlan`);
    await page.getByRole('link', { name: 'csv-vlan-a' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const exported = readFileSync((await download.path()) ?? '', 'utf8').split(/\r?\n/);
    expect(exported[0]).toBe('name,vid,description,status,location,role,tags');
    expect(exported.slice(1).sort()).toEqual(['csv-vlan-a,301,,Active,Web,,', 'csv-vlan-b,303,,Active,Web,,', 'csv-vlan-c,302,,Active,,,']);
    await page.close();
  });

  it('edits selected devices together: one value for all, all or none when one is refused', async () => {
    const made = await buildDevices(s.t.runtime.prisma, 3, 0, 'Bulk Web');
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/devices?q=bulk-web-r`);
    await page.getByRole('link', { name: 'bulk-web-r002' }).waitFor();
    const boxes = page.getByLabel('Select', { exact: true });
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: 'Edit selected' }).click();
    await page.getByRole('heading', { name: 'Edit 2 Devices' }).waitFor();
    // The same asset tag for two devices: the second is refused, so neither changes.
    await page.getByLabel('Change Asset tag').check();
    await page.getByLabel('Asset tag', { exact: true }).fill('BULK-TAG');
    await page.getByRole('button', { name: 'Save' }).click();
    const refused = page.getByRole('alert');
    await refused.first().waitFor();
    expect(await refused.allInnerTexts()).toEqual(['bulk-web-r001: assetTag: Object 1 of this list has the same assetTag.']);
    expect(await s.t.runtime.prisma.device.count({ where: { assetTag: 'BULK-TAG' } })).toBe(0);
    await page.getByLabel('Change Asset tag').uncheck();
    await page.getByLabel('Change Serial').check();
    await page.getByLabel('Serial', { exact: true }).fill('SN-WEB-BULK');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Devices', exact: true }).waitFor();
    expect(await page.getByTestId('notice').innerText()).toBe('Updated 2 Devices.');
    const serials = await s.t.runtime.prisma.device.findMany({ where: { id: { in: made.deviceIds } }, orderBy: { name: 'asc' }, select: { serial: true } });
    expect(serials.map((d) => d.serial)).toEqual(['SN-WEB-BULK', 'SN-WEB-BULK', '']);
    await page.close();
  });

  it('shows a prefix’s utilization, next free addresses and prefixes, child prefixes and addresses on its page', async () => {
    const statusId = (await s.t.runtime.prisma.status.findFirstOrThrow({ where: { name: 'Active' } })).id;
    const ids: string[] = [];
    for (const prefix of ['10.77.0.0/24', '10.77.0.0/25']) {
      const res = await s.t.gql<{ createPrefix: { prefix: { id: string } } }>('mutation($input: CreatePrefixInput!) { createPrefix(input: $input) { prefix { id } } }', { input: { prefix, statusId } });
      ids.push(res.data?.createPrefix.prefix.id ?? '');
    }
    await s.t.gql('mutation($input: CreateIPAddressInput!) { createIPAddress(input: $input) { errors { message } } }', { input: { address: '10.77.0.1/24', statusId } });
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/prefixes/${ids[0]}`);
    await page.getByTestId('prefix-utilization').waitFor();
    await expect.poll(() => page.getByTestId('prefix-utilization').innerText()).toContain('0.39% — 1 of 254 addresses, 1 child prefix');
    await expect.poll(() => page.getByTestId('prefix-free').innerText()).toBe('10.77.0.2/24, 10.77.0.3/24, 10.77.0.4/24, 10.77.0.5/24, 10.77.0.6/24');
    await page.getByTestId('prefix-prefixes').getByRole('link', { name: '10.77.0.0/25' }).waitFor();
    await page.getByTestId('prefix-ipAddresses').getByRole('link', { name: '10.77.0.1/24' }).waitFor();
    // Free prefixes: a /24 holding a /25 offers /25s and, at another length, the /26s of the free half.
    await expect.poll(() => page.getByLabel('Prefix length').inputValue()).toBe('25');
    await expect.poll(() => page.getByTestId('prefix-free-prefixes').innerText()).toBe('10.77.0.128/25');
    await page.getByLabel('Prefix length').fill('26');
    await expect.poll(() => page.getByTestId('prefix-free-prefixes').innerText()).toBe('10.77.0.128/26, 10.77.0.192/26');
    await s.shot(page, '20-prefix');
    await page.close();
  });

  it('has no serious or critical accessibility violations (axe-core) on the main pages', async () => {
    const prefix = await s.t.runtime.prisma.prefix.findFirstOrThrow();
    const found = await s.accessibility('ops', 'ops-password', [
      ['/', 'Home'],
      ['/devices', 'Devices'],
      [`/devices/${s.deviceId}`, 'web-r000'],
      ['/devices/new', 'Add device'],
      [`/prefixes/${prefix.id}`, prefix.prefix],
      ['/vlans/import', 'Import VLANs'],
      ['/changes', 'Change log'],
      ['/search?q=web', 'Search: web'],
    ]);
    expect(found).toEqual([]);
  });

  it('shows a device’s interfaces as a table that pages, with type, state, MTU, VLAN and addresses', async () => {
    const made = await buildDevices(s.t.runtime.prisma, 1, 30, 'Ports');
    const statusId = (await s.t.runtime.prisma.status.findFirstOrThrow({ where: { name: 'Active' } })).id;
    const vlan = await s.t.runtime.prisma.vLAN.create({ data: { vid: 42, name: 'ports-users', statusId } });
    await s.t.runtime.prisma.interface.updateMany({ where: { deviceId: made.deviceIds[0], name: 'eth0' }, data: { mtu: 9000, enabled: false, type: '10gbase-x-sfpp', mode: 'access', untaggedVlanId: vlan.id } });
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/devices/${made.deviceIds[0]}`);
    const table = page.getByTestId('device-interfaces');
    await table.waitFor();
    await expect.poll(() => table.getByRole('heading').innerText()).toBe('Interfaces (30)');
    expect(await table.locator('tbody tr').count()).toBe(25);
    const first = (await table.locator('tbody tr').first().innerText()).split('\t').map((c) => c.trim());
    expect(first).toEqual(['eth0', '10gbase-x-sfpp', 'No', '9000', '—', 'access', '42 (ports-users)', '10.0.0.1/24']);
    await table.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(5);
    expect(await table.getByText('Page 2 of 2').count()).toBe(1);
    await table.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(25);
    await s.shot(page, '22-device-interfaces');
    await page.close();
  });

  it('fits a 390 px wide phone screen: no page scrolls sideways, wide tables scroll in their own box', async () => {
    const context = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => s.pageErrors.push(error.message));
    await page.goto(`${s.url}/#/login`);
    await page.getByLabel('Username').fill('ops');
    await page.getByLabel('Password').fill('ops-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    const wide: string[] = [];
    for (const [path, ready] of [
      ['/', 'Home'],
      ['/devices', 'Devices'],
      [`/devices/${s.deviceId}`, 'web-r000'],
      ['/devices/new', 'Add device'],
      ['/changes', 'Change log'],
    ] as const) {
      await page.goto(`${s.url}/#${path}`);
      await page.getByRole('heading', { name: ready, exact: true }).first().waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`${path}: ${width}px`);
    }
    await page.goto(`${s.url}/#/devices`);
    await page.getByRole('heading', { name: 'Devices', exact: true }).waitFor();
    await s.shot(page, '21-phone-list');
    expect(wide).toEqual([]);
    await context.close();
  });

  it('keeps the columns a user chooses for a list across sessions, and exports the filtered list with an export template', async () => {
    await s.t.prisma.exportTemplate.create({ data: { name: 'names', contentType: 'dcim.device', template: '{% for d in queryset %}{{ d.name }}\n{% endfor %}', mimeType: 'text/plain' } });
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/devices`);
    const headers = () => page.locator('table.list thead th').allInnerTexts();
    await expect.poll(headers).toContain('Status');
    expect(await headers()).not.toContain('Comments');
    await page.getByText('Columns', { exact: true }).click();
    await page.getByRole('checkbox', { name: 'Comments' }).check();
    await page.getByRole('checkbox', { name: 'Role' }).uncheck();
    await expect.poll(headers).toContain('Comments');
    expect(await headers()).not.toContain('Role');
    await s.shot(page, '25-column-chooser');
    const ops = await s.t.prisma.user.findUniqueOrThrow({ where: { username: 'ops' } });
    await expect.poll(async () => (await s.t.prisma.userPreference.findUnique({ where: { userId_key: { userId: ops.id, key: 'columns.Device' } } }))?.value ?? '').toContain('comments');
    await page.close();

    // A new session, in a new page, shows the same columns: the choice is the user's, kept on the server.
    const again = await s.login('ops', 'ops-password');
    await again.goto(`${s.url}/#/devices`);
    const againHeaders = () => again.locator('table.list thead th').allInnerTexts();
    await expect.poll(againHeaders).toContain('Comments');
    expect(await againHeaders()).not.toContain('Role');
    await again.getByText('Columns', { exact: true }).click();
    await again.getByRole('button', { name: 'Default columns' }).click();
    await expect.poll(againHeaders).toContain('Role');
    expect(await againHeaders()).not.toContain('Comments');

    // The export template renders every device the filter finds, in the list's order, not only the page shown.
    const site = await buildDevices(s.t.runtime.prisma, 12, 0, 'Exported');
    await again.goto(`${s.url}/#/devices?f.location=${site.siteId}&order=-NAME&size=10`);
    await again.getByText('12 devices').waitFor();
    const [download] = await Promise.all([again.waitForEvent('download'), again.getByLabel('Export with a template').selectOption('names')]);
    const names = readFileSync((await download.path()) ?? '', 'utf8').trim().split('\n');
    expect(names).toHaveLength(12);
    expect(names[0]).toBe('exported-r011');
    expect(names.every((n) => n.startsWith('exported-'))).toBe(true);
    expect(download.suggestedFilename()).toBe('devices-names.txt');
    await again.getByTestId('notice').getByText('Exported 12 devices with names.').waitFor();
    await again.close();
  });

  it('raised no script error in any page of these journeys', () => {
    expect(s.pageErrors).toEqual([]);
  });

});
