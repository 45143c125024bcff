import { addModelApi, type FieldError, type PluginBuilder, type PluginGraphQLApi } from 'fathom/sdk';

function isIpAddress(text: string): boolean {
  const v4 = /^(\d{1,3}\.){3}\d{1,3}$/.test(text) && text.split('.').every((o) => Number(o) <= 255);
  const v6 = /^[0-9a-f:]+$/i.test(text) && text.includes(':');
  return v4 || v6;
}

export function addExampleGraphQL(builder: PluginBuilder, api: PluginGraphQLApi): void {
  const defaultLocalAsn = Number(api.settings['defaultLocalAsn']);
  const maxSessions = Number(api.settings['maxSessionsPerDevice']);

  // Fields merged onto the core Device type; the core is not touched.
  api.extendType('Device', (t) => ({
    exampleBgpSessions: t.relation('exampleBgpSessions', { query: { orderBy: [{ name: 'asc' }, { id: 'asc' }] } }),
    exampleBgpSessionCount: t.relationCount('exampleBgpSessions'),
  }));

  addModelApi(builder, {
    model: 'ExampleBgpSession',
    searchable: true,
    label: 'BGP session',
    // Every shared feature: tags (the `tags` relation), custom fields (the `customFieldData` column), relationships,
    // computed fields, custom links, export templates, webhooks, the change log and the change feed.
    features: ['tags', 'customFields', 'relationships', 'computedFields', 'customLinks', 'exportTemplates', 'webhooks', 'changeLog', 'changeFeed'],
    // The GraphQL type comes from the Prisma model: its columns, and the relation named here.
    type: { relations: { device: {} } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      localAsn: { kind: 'int', min: 1, max: 2147483647, description: `Defaults to the plugin setting defaultLocalAsn (${defaultLocalAsn}).` },
      remoteAsn: { kind: 'int', required: true, min: 1, max: 2147483647 },
      remoteAddress: { kind: 'string', required: true },
      enabled: { kind: 'boolean' },
      description: { kind: 'string', maxLength: 200 },
      device: { kind: 'ref', model: 'Device', column: 'deviceId', required: true },
    },
    unique: [['deviceId', 'name']],
    filters: {
      device: { type: '[String!]', description: 'Device ids or names.', where: (v: string[]) => ({ device: { OR: [{ id: { in: v } }, { name: { in: v } }] } }) },
      remoteAsn: { type: 'Int', where: (v: number) => ({ remoteAsn: v }) },
      enabled: { type: 'Boolean', where: (v: boolean) => ({ enabled: v }) },
    },
    search: ['name', 'remoteAddress', 'description', 'device.name'],
    context: 'device',
    orderFields: ['name', 'remoteAsn', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
    prepare: async (data, ctx, existing) => {
      const errors: FieldError[] = [];
      if (typeof data['remoteAddress'] === 'string' && !isIpAddress(data['remoteAddress'])) {
        errors.push({ field: 'remoteAddress', code: 'INVALID', message: 'Enter an IPv4 or IPv6 address without mask.' });
      }
      if (!existing && data['localAsn'] === undefined) data['localAsn'] = defaultLocalAsn;
      if (!existing && typeof data['deviceId'] === 'string') {
        const count = await ctx.prisma.exampleBgpSession.count({ where: { deviceId: data['deviceId'] } });
        if (count >= maxSessions) {
          errors.push({ field: 'deviceId', code: 'LIMIT', message: `This device already has ${count} sessions (maxSessionsPerDevice is ${maxSessions}).` });
        }
      }
      return errors;
    },
  });
}
