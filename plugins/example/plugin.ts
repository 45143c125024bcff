import { definePlugin } from 'fathom/sdk';
import { localAsnField } from './server/device-asn.ts';
import { addExampleGraphQL } from './server/graphql.ts';

/** The example plugin: shows every capability a plugin has, on a small BGP-session model. */
export default definePlugin({
  name: 'example',
  verboseName: 'Example BGP sessions',
  version: '1.0.0',
  author: 'Fathom developers',
  authorEmail: 'dev@fathom.invalid',
  description: 'Tracks BGP sessions on devices; the reference for plugin authors.',
  baseUrl: 'example',
  minVersion: '0.1.0',
  requiredSettings: ['defaultLocalAsn'],
  defaultSettings: { maxSessionsPerDevice: 64 },
  prismaFragments: [new URL('./prisma/example.prisma', import.meta.url)],
  migrations: new URL('./prisma/migrations/', import.meta.url),
  graphql: addExampleGraphQL,
  navigation: [
    {
      name: 'Plugins',
      weight: 5000,
      groups: [
        {
          name: 'Example',
          items: [
            {
              label: 'BGP sessions',
              link: '/plugins/example/sessions/',
              permissions: ['example.view_examplebgpsession'],
              buttons: [{ title: 'Add', link: '/exampleBgpSessions/new', icon: 'plus', permissions: ['example.add_examplebgpsession'] }],
            },
          ],
        },
      ],
    },
  ],
  detailViews: {
    Device: {
      left: [
        {
          name: 'BGP summary',
          permissions: ['example.view_examplebgpsession'],
          content: async (ctx, device) => {
            const sessions = await ctx.prisma.exampleBgpSession.findMany({ where: { deviceId: device.id }, select: { enabled: true } });
            return {
              kind: 'keyValue',
              pairs: [
                { key: 'BGP sessions', value: String(sessions.length) },
                { key: 'Enabled', value: String(sessions.filter((s) => s.enabled).length) },
              ],
            };
          },
        },
      ],
      right: [{ name: 'Peering policy', content: () => ({ kind: 'markdown', markdown: 'Sessions follow the **peering policy**; see the [runbook](https://example.net/runbook).' }) }],
      fullWidth: [
        {
          name: 'BGP sessions',
          permissions: ['example.view_examplebgpsession'],
          content: async (ctx, device) => {
            const sessions = await ctx.prisma.exampleBgpSession.findMany({ where: { deviceId: device.id }, orderBy: { name: 'asc' } });
            return { kind: 'table', columns: ['Name', 'Remote ASN', 'Remote address', 'Enabled'], rows: sessions.map((s) => [s.name, String(s.remoteAsn), s.remoteAddress, s.enabled ? 'yes' : 'no']) };
          },
        },
      ],
      buttons: [{ title: 'Add BGP session', link: '/exampleBgpSessions/new', icon: 'plus', permissions: ['example.add_examplebgpsession'] }],
      tabs: [
        {
          name: 'bgp',
          label: 'BGP',
          permissions: ['example.view_examplebgpsession'],
          content: (_ctx, device) => ({ kind: 'component', component: 'DeviceSessions', props: { deviceId: device.id } }),
        },
      ],
    },
  },
  banner: async (ctx, page) => {
    if (page.model !== 'Device') return null;
    // On the device list: how many sessions are disabled in all; on a device: on this one.
    if (!page.object) {
      const all = await ctx.prisma.exampleBgpSession.count({ where: { enabled: false } });
      return all > 0 ? { level: 'info', content: { kind: 'text', text: `${all} BGP session(s) are disabled across all devices.` } } : null;
    }
    const count = await ctx.prisma.exampleBgpSession.count({ where: { deviceId: page.object.id, enabled: false } });
    return count > 0 ? { level: 'warning', content: { kind: 'text', text: `${count} BGP session(s) on this device are disabled.` } } : null;
  },
  validators: {
    // A house rule many networks have: device names are DNS-safe, so no whitespace.
    Device: ({ data }) =>
      typeof data['name'] === 'string' && /\s/.test(data['name'])
        ? [{ field: 'name', code: 'EXAMPLE_NAME', message: 'Device names may not contain spaces (rule of the example plugin).' }]
        : [],
  },
  gitDataTypes: [
    {
      slug: 'example-bgp-peers',
      label: 'BGP peers',
      // bgp-peers.json: [{ "device": "<device name>", "name": "...", "remoteAsn": 65001, "remoteAddress": "192.0.2.1" }]
      onSync: async ({ files, prisma, log }) => {
        // `files` reads inside the repository only; a bgp-peers.json that links to /etc/passwd is refused.
        const peers = JSON.parse(await files.read('bgp-peers.json')) as Array<{ device: string; name: string; remoteAsn: number; remoteAddress: string; localAsn?: number }>;
        let written = 0;
        for (const peer of peers) {
          const device = await prisma.device.findFirst({ where: { name: peer.device } });
          if (!device) {
            log.warn(`skipped ${peer.name}: no device named ${peer.device}`);
            continue;
          }
          await prisma.exampleBgpSession.upsert({
            where: { deviceId_name: { deviceId: device.id, name: peer.name } },
            create: { deviceId: device.id, name: peer.name, remoteAsn: peer.remoteAsn, remoteAddress: peer.remoteAddress, localAsn: peer.localAsn ?? 64512, description: 'from Git' },
            update: { remoteAsn: peer.remoteAsn, remoteAddress: peer.remoteAddress },
          });
          written += 1;
        }
        log.info(`${written} session(s) written from bgp-peers.json`);
      },
    },
  ],
  jinjaFilters: {
    // "10.0.0.1/24" → "10.0.0.1": addresses without their mask, for configuration templates.
    ip_host: (value) => String(value ?? '').split('/')[0],
  },
  secretsProviders: [
    {
      slug: 'example-config',
      label: 'Example plugin settings',
      parameters: { key: { label: 'Key', required: true, description: 'A key under pluginsConfig.example.secrets.' } },
      get: ({ parameters, settings }) => {
        const store = (settings['secrets'] ?? {}) as Record<string, string>;
        const value = store[parameters['key'] ?? ''];
        if (value === undefined) throw new Error(`pluginsConfig.example.secrets has no key "${parameters['key']}".`);
        return value;
      },
    },
  ],
  jobs: [
    {
      name: 'session-report',
      label: 'BGP session report',
      description: 'Counts BGP sessions per device, optionally only disabled ones or peers above an ASN.',
      permissions: ['example.view_examplebgpsession'],
      // A "Run BGP session report" button on each device page runs it for that device.
      buttons: ['Device'],
      // Job hooks may start it when devices change: it then reports on the changed device.
      hooks: true,
      input: {
        onlyDisabled: { kind: 'boolean', label: 'Only disabled sessions', default: false },
        minRemoteAsn: { kind: 'int', label: 'Lowest remote ASN', description: 'Leave empty for all.' },
        objectId: { kind: 'string', label: 'Device id', description: 'Only this device’s sessions; leave empty for all.' },
      },
      run: async ({ input, ctx }) => {
        const change = input['change'] as { contentType?: string; objectId?: string } | undefined;
        const deviceId = typeof input['objectId'] === 'string' ? input['objectId'] : change?.contentType === 'dcim.device' ? change.objectId : undefined;
        const sessions = await ctx.prisma.exampleBgpSession.findMany({
          where: {
            ...(input['onlyDisabled'] ? { enabled: false } : {}),
            ...(typeof input['minRemoteAsn'] === 'number' ? { remoteAsn: { gte: input['minRemoteAsn'] } } : {}),
            ...(deviceId ? { deviceId } : {}),
          },
          include: { device: { select: { name: true } } },
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
        });
        const perDevice = new Map<string, number>();
        for (const s of sessions) perDevice.set(s.device.name, (perDevice.get(s.device.name) ?? 0) + 1);
        for (const [device, count] of perDevice) ctx.log.info(`${device}: ${count} session(s)`);
        ctx.log.info(`Done: ${sessions.length} session(s) on ${perDevice.size} device(s), run by ${ctx.user.username}.`);
        return { sessions: sessions.length, devices: perDevice.size };
      },
    },
  ],
  rest: [
    {
      method: 'GET',
      path: 'sessions/',
      permissions: ['example.view_examplebgpsession'],
      handler: async ({ ctx }) => {
        const sessions = await ctx.prisma.exampleBgpSession.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], take: 1000 });
        return Response.json({ count: sessions.length, results: sessions });
      },
    },
    {
      method: 'GET',
      path: 'sessions/:id/',
      permissions: ['example.view_examplebgpsession'],
      handler: async ({ ctx, params }) => {
        const session = await ctx.prisma.exampleBgpSession.findUnique({ where: { id: params['id'] ?? '' } });
        return session ? Response.json(session) : Response.json({ error: 'Not found' }, { status: 404 });
      },
    },
  ],
  middleware: [
    // Tell clients how long Fathom took, in the standard Server-Timing header.
    async (_request, next) => {
      const started = performance.now();
      const response = await next();
      const timing = `fathom;dur=${(performance.now() - started).toFixed(1)}`;
      try {
        // Added in place: a new Response around the old one's body would stream that body through again.
        response.headers.append('server-timing', timing);
        return response;
      } catch {
        // A redirect's headers cannot be changed: answer with a copy that carries the header.
        const headers = new Headers(response.headers);
        headers.append('server-timing', timing);
        return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
      }
    },
  ],
  // A filter and a column on the core device list: devices with (or without) BGP sessions, and how many.
  filterExtensions: {
    Device: {
      exampleHasSessions: {
        type: 'Boolean',
        description: 'Devices with BGP sessions (true) or without (false).',
        where: (value: boolean) => (value ? { exampleBgpSessions: { some: {} } } : { exampleBgpSessions: { none: {} } }),
      },
    },
  },
  tableExtensions: { Device: ['exampleBgpSessionCount'] },
  // A field on the core device form, saved with the device in one transaction.
  formExtensions: { Device: { exampleLocalAsn: localAsnField } },
  pages: [{ path: 'sessions/', title: 'BGP sessions', component: 'SessionList', permissions: ['example.view_examplebgpsession'] }],
  web: new URL('./web/index.ts', import.meta.url),
  homePage: [
    {
      name: 'BGP sessions',
      weight: 500,
      permissions: ['example.view_examplebgpsession'],
      content: async (ctx) => {
        const [total, enabled] = await Promise.all([ctx.prisma.exampleBgpSession.count(), ctx.prisma.exampleBgpSession.count({ where: { enabled: true } })]);
        return {
          kind: 'keyValue',
          pairs: [
            { key: 'Sessions', value: String(total), link: '/plugins/example/sessions/' },
            { key: 'Enabled', value: String(enabled) },
          ],
        };
      },
    },
  ],
  databaseReady: async ({ prisma, log }) => {
    await prisma.tag.upsert({
      where: { name: 'bgp' },
      create: { name: 'bgp', color: '2196f3', description: 'Device speaks BGP (created by the example plugin).' },
      update: {},
    });
    // Populate extensibility features: a custom field on devices, created once and left alone afterwards.
    const device = await prisma.contentType.findUnique({ where: { appLabel_model: { appLabel: 'dcim', model: 'device' } } });
    await prisma.customField.upsert({
      where: { name: 'bgp_router_id' },
      create: {
        name: 'bgp_router_id',
        label: 'BGP router ID',
        type: 'text',
        description: 'The router ID this device announces (created by the example plugin).',
        contentTypes: { connect: device ? [{ id: device.id }] : [] },
      },
      update: {},
    });
    // A relationship between core devices and the plugin's sessions: the device a session peers with.
    await prisma.relationship.upsert({
      where: { key: 'example-remote-device' },
      create: {
        key: 'example-remote-device',
        label: 'Remote device',
        description: 'The device at the far end of a BGP session (created by the example plugin).',
        type: 'one-to-many',
        sourceType: 'dcim.device',
        sourceLabel: 'BGP sessions peering here',
        destinationType: 'example.examplebgpsession',
        destinationLabel: 'Remote device',
      },
      update: {},
    });
    log.info('tag "bgp", custom field "bgp_router_id" and relationship "example-remote-device" are present');
  },
});
