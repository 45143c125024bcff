import { describe, expect, it } from 'vitest';
import { browserSuite } from '../e2e/suite.ts';

/** Administration in the browser: users, groups, object permissions and one's own API tokens, under the API's rules. */
describe('administration pages in headless Chromium', () => {
  const s = browserSuite('web-admin', ['fathom-plugin-example']);

  it('gives a group a constrained permission through the constraint editor, which refuses bad JSON and filters the server cannot use', async () => {
    const page = await s.login('ops', 'ops-password');
    await page.getByRole('button', { name: 'Admin' }).click();
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('link', { name: 'Add group' }).click();
    await page.getByLabel('Name *').fill('noc');
    await s.pick(page, 'group-members', 'limi', 'limited');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('notice').getByText('Group noc saved.').waitFor();
    const group = await s.t.prisma.group.findUniqueOrThrow({ where: { name: 'noc' }, include: { users: true } });
    expect(group.users.map((u) => u.username)).toEqual(['limited']);

    await page.goto(`${s.url}/#/admin/permissions/new`);
    await page.getByLabel('Name *').fill('noc-web-devices');
    await page.getByLabel('change').check();
    await page.getByLabel('view').check();
    await page.getByLabel('Content types *').selectOption(['dcim.device']);
    await s.pick(page, 'perm-groups', 'no', 'noc');
    // The editor names the fields a constraint on the chosen content type may use.
    await expect.poll(() => page.getByTestId('constraint-fields').innerText()).toContain('dcim.device: id, name');
    const constraints = page.getByLabel('Constraints');
    await constraints.fill('{"location": ');
    await page.getByText(/^Not JSON/).waitFor();
    expect(await page.getByRole('button', { name: 'Create' }).isDisabled()).toBe(true);
    await constraints.fill('"Web"');
    await page.getByText(/A constraint is a filter object/).waitFor();
    // JSON of the right shape, but no filter a device understands: the server tries it and refuses it.
    await constraints.fill('{"nosuchfield": 1}');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText(/is not a valid filter for Device/).waitFor();
    await s.shot(page, '24-constraint-editor');
    expect(await s.t.prisma.objectPermission.count({ where: { name: 'noc-web-devices' } })).toBe(0);

    await constraints.fill('{"location": {"name": "Web"}}');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('notice').getByText('Permission noc-web-devices saved.').waitFor();
    await page.getByRole('cell', { name: 'noc-web-devices' }).waitFor();
    await s.shot(page, '23-admin-permissions');
    const saved = await s.t.prisma.objectPermission.findUniqueOrThrow({ where: { name: 'noc-web-devices' }, include: { groups: true, contentTypes: true } });
    expect(saved.actions.split(',').sort()).toEqual(['change', 'view']);
    expect(JSON.parse(saved.constraints)).toEqual({ location: { name: 'Web' } });
    expect(saved.groups.map((g) => g.name)).toEqual(['noc']);
    expect(saved.contentTypes.map((c) => `${c.appLabel}.${c.model}`)).toEqual(['dcim.device']);

    // Through the group, `limited` may now change a device at Web: the edit form opens instead of the refusal.
    const viewer = await s.login('limited', 'limited-password');
    await viewer.goto(`${s.url}/#/devices/${s.deviceId}/edit`);
    await viewer.getByRole('heading', { name: 'Edit device' }).waitFor();
    await viewer.locator('form.model-form').waitFor();
    await viewer.close();

    // Editing keeps the values; deleting removes the grant.
    await page.getByRole('link', { name: 'noc-web-devices' }).click();
    await expect.poll(() => page.getByLabel('Constraints').inputValue()).toBe('{"location": {"name": "Web"}}');
    expect(await page.getByLabel('change').isChecked()).toBe(true);
    expect(await page.getByLabel('delete').isChecked()).toBe(false);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('notice').getByText('Permission noc-web-devices deleted.').waitFor();
    expect(await s.t.prisma.objectPermission.count({ where: { name: 'noc-web-devices' } })).toBe(0);
    await page.close();
  });

  it('lets a user administrator manage users but not make or change a superuser', async () => {
    await s.t.user({
      username: 'useradmin',
      password: 'useradmin-password',
      permissions: [{ actions: ['view', 'add', 'change'], contentTypes: ['users.user', 'users.group'] }],
    });
    const page = await s.login('useradmin', 'useradmin-password');
    await page.goto(`${s.url}/#/admin/users/new`);
    await page.getByRole('heading', { name: 'Add user' }).waitFor();
    // The superuser box is only for superusers.
    expect(await page.getByLabel('Superuser').count()).toBe(0);
    await page.getByLabel('Username *').fill('newbie');
    await page.getByLabel('Password *').fill('short');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Passwords need at least 8 characters.').waitFor();
    expect(await s.t.prisma.user.count({ where: { username: 'newbie' } })).toBe(0);
    await page.getByLabel('Password *').fill('newbie-password');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('notice').getByText('User newbie saved.').waitFor();
    const newbie = await s.t.prisma.user.findUniqueOrThrow({ where: { username: 'newbie' } });
    expect(newbie.isSuperuser).toBe(false);

    // A superuser's record is out of reach: the refusal shows on the form and nothing changes.
    const ops = await s.t.prisma.user.findUniqueOrThrow({ where: { username: 'ops' } });
    await page.goto(`${s.url}/#/admin/users/${ops.id}`);
    await page.getByRole('heading', { name: 'Edit user ops' }).waitFor();
    await page.getByLabel('Active').uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Only superusers may change a superuser.').waitFor();
    expect((await s.t.prisma.user.findUniqueOrThrow({ where: { id: ops.id } })).isActive).toBe(true);

    // Permissions are not theirs to see: no menu entry, and the page says so.
    await page.getByRole('button', { name: 'Admin' }).click();
    expect(await page.getByRole('link', { name: 'Object permissions' }).count()).toBe(0);
    await page.goto(`${s.url}/#/admin/permissions/new`);
    await page.getByText('You do not have permission to add object permissions.').waitFor();
    expect(await page.locator('form.model-form').count()).toBe(0);
    await page.close();

    // A viewer has no Admin menu at all.
    const viewer = await s.login('limited', 'limited-password');
    expect(await viewer.getByRole('button', { name: 'Admin' }).count()).toBe(0);
    await viewer.goto(`${s.url}/#/admin/users`);
    await viewer.getByText('You do not have permission to view users.').waitFor();
    await viewer.close();
  });

  it('makes an API token shown once, which then works against the API until it is revoked', async () => {
    const page = await s.login('limited', 'limited-password');
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByLabel('Description').fill('monitoring');
    await page.getByLabel('Write enabled').uncheck();
    await page.getByRole('button', { name: 'Create token' }).click();
    const key = (await page.getByTestId('new-token').locator('code').innerText()).trim();
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    await page.getByRole('cell', { name: 'monitoring' }).waitFor();

    const me = async () => {
      const response = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Token ${key}` }, body: JSON.stringify({ query: '{ me { username writeEnabled } }' }) });
      return (await response.json()) as { data?: { me: { username: string; writeEnabled: boolean } | null }; errors?: unknown[] };
    };
    expect((await me()).data?.me).toEqual({ username: 'limited', writeEnabled: false });

    // Reloading does not show the key again.
    await page.reload();
    await page.getByRole('cell', { name: 'monitoring' }).waitFor();
    expect(await page.getByTestId('new-token').count()).toBe(0);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('row', { name: /monitoring/ }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('row', { name: /monitoring/ }).getByText('Revoked').waitFor();
    expect((await me()).data?.me ?? null).toBeNull();
    await page.close();
  });

  it('shows and edits a webhook without reading its write-only secret back, and keeps the secret when it is left blank', async () => {
    const hook = await s.t.prisma.webhook.create({ data: { name: 'web-hook', payloadUrl: 'https://hooks.example.net/in', secret: 'kept-secret' } });
    const page = await s.login('ops', 'ops-password');
    await page.goto(`${s.url}/#/webhooks/${hook.id}`);
    await page.getByRole('heading', { name: 'web-hook' }).waitFor();
    await expect.poll(() => page.getByTestId('field-payloadUrl').innerText()).toBe('https://hooks.example.net/in');
    expect(await page.getByTestId('field-secret').count()).toBe(0);
    await page.goto(`${s.url}/#/webhooks/${hook.id}/edit`);
    const url = page.getByLabel('URL *');
    await expect.poll(() => url.inputValue()).toBe('https://hooks.example.net/in');
    await url.fill('https://hooks.example.net/other');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('notice').getByText(/Saved Webhook/).waitFor();
    const saved = await s.t.prisma.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect([saved.payloadUrl, saved.secret]).toEqual(['https://hooks.example.net/other', 'kept-secret']);
    await page.close();
  });

  it('has no serious or critical accessibility violations (axe-core) on the administration pages', async () => {
    const ops = await s.t.prisma.user.findUniqueOrThrow({ where: { username: 'limited' } });
    const found = await s.accessibility('ops', 'ops-password', [
      ['/admin/users', 'Users'],
      [`/admin/users/${ops.id}`, 'Edit user limited'],
      ['/admin/groups/new', 'Add group'],
      ['/admin/permissions', 'Object permissions'],
      ['/admin/permissions/new', 'Add object permission'],
      ['/account/tokens', 'API tokens'],
    ]);
    expect(found).toEqual([]);
  });

  it('raised no script error in any page of these journeys', () => {
    expect(s.pageErrors).toEqual([]);
  });
});
