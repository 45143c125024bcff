import { definePlugin } from 'fathom/sdk';
import { addPeeringGraphQL } from './server/graphql.ts';

/** Contacts for BGP sessions. Depends on the example plugin, so it is always loaded after it. */
export default definePlugin({
  name: 'peering',
  verboseName: 'Peering contacts',
  version: '1.0.0',
  author: 'Fathom developers',
  description: 'Who to call about each BGP session.',
  minVersion: '0.1.0',
  dependencies: ['example'],
  prismaFragments: [new URL('./prisma/peering.prisma', import.meta.url)],
  migrations: new URL('./prisma/migrations/', import.meta.url),
  graphql: addPeeringGraphQL,
  // Replaces the example plugin's BGP session detail view with one that shows the contacts too.
  overrideViews: { 'ExampleBgpSession.detail': 'SessionDetail' },
  web: new URL('./web/index.ts', import.meta.url),
});
