import SchemaBuilder from '@pothos/core';
import PrismaPlugin, { type PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { createYoga } from 'graphql-yoga';
import type { PrismaClient } from '../../server/src/db/client.ts';
import type PrismaTypes from '../../generated/pothos-types.ts';

/**
 * The reference point the review asked for: the same stack without Fathom's layers — one yoga server, one Pothos
 * schema over the same Prisma client and tables, no authentication, no permission narrowing, no stitching, no
 * catalog, no limits. What Fathom costs beyond it is what its features cost.
 */
export function plainStack(prisma: PrismaClient, dmmf: PothosPrismaDatamodel): (request: Request) => Promise<Response> {
  const builder = new SchemaBuilder<{ PrismaTypes: PrismaTypes; Context: object; DefaultFieldNullability: false }>({
    plugins: [PrismaPlugin, RelayPlugin],
    defaultFieldNullability: false,
    prisma: { client: prisma, dmmf, filterConnectionTotalCount: true, maxConnectionSize: 1000, defaultConnectionSize: 50, onUnusedQuery: null },
    relay: { clientMutationId: 'omit', cursorType: 'String', nodeQueryOptions: false, nodesQueryOptions: false },
  });
  builder.prismaObject('IPAddress', { fields: (t) => ({ address: t.exposeString('address') }) });
  builder.prismaObject('Interface', {
    fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name'), ipAddresses: t.relation('ipAddresses', { query: { orderBy: [{ ipVersion: 'asc' }, { host: 'asc' }, { id: 'asc' }] } }) }),
  });
  builder.prismaObject('Device', {
    fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name'), interfaces: t.relation('interfaces', { query: { orderBy: [{ name: 'asc' }, { id: 'asc' }] } }) }),
  });
  const field = builder.enumType('DeviceOrderField', { values: ['NAME'] as const });
  const order = builder.inputType('DeviceOrder', { fields: (t) => ({ field: t.field({ type: field, required: true }) }) });
  builder.queryType({
    fields: (t) => ({
      devices: t.prismaConnection({
        type: 'Device',
        cursor: 'id',
        args: { orderBy: t.arg({ type: [order], required: false }) },
        resolve: (query) => prisma.device.findMany({ ...query, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
      }),
    }),
  });
  const yoga = createYoga({ schema: builder.toSchema(), graphiql: false, landingPage: false, logging: false });
  return (request) => Promise.resolve(yoga.fetch(request));
}
