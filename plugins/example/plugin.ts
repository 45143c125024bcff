import { definePlugin } from 'fathom/sdk';
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
              buttons: [{ title: 'Add', link: '/plugins/example/sessions/add/', icon: 'plus', permissions: ['example.add_examplebgpsession'] }],
            },
          ],
        },
      ],
    },
  ],
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
    log.info('tag "bgp" is present');
  },
});
