import { addModelApi, type PluginBuilder, type PluginGraphQLApi } from 'fathom/sdk';

export function addPeeringGraphQL(builder: PluginBuilder, api: PluginGraphQLApi): void {
  // Merged onto the example plugin's type, which this plugin depends on.
  api.extendType('ExampleBgpSession', (t) => ({
    peeringContacts: t.relation('peeringContacts', { query: { orderBy: [{ name: 'asc' }, { id: 'asc' }] } }),
  }));

  addModelApi(builder, {
    model: 'PeeringContact',
    label: 'Peering contact',
    type: { relations: { session: {} } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      email: { kind: 'string', maxLength: 254, pattern: /^[^@\s]+@[^@\s]+$/, patternMessage: 'Enter a valid email address.' },
      phone: { kind: 'string', maxLength: 50 },
      session: { kind: 'ref', model: 'ExampleBgpSession', column: 'sessionId', required: true },
    },
    filters: {
      session: { type: '[ID!]', where: (v: string[]) => ({ sessionId: { in: v } }) },
    },
    search: ['name', 'email', 'phone'],
    orderFields: ['name', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
  });
}
