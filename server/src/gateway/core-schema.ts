import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import type { GraphQLSchema } from 'graphql';
import { createBuilder } from '../schema/builder.ts';
import type { ModelExtensions } from '../schema/model-spec.ts';
import { addDeviceTypes } from '../dcim/devices.ts';
import { addInterfaceTypes } from '../dcim/interfaces.ts';
import { addIpamTypes } from '../ipam/graphql.ts';
import { addLocationTypes } from '../dcim/locations.ts';
import { addOrganizationTypes } from '../extras/graphql.ts';

/** Core model names whose types other subschemas may extend through type merging. */
export const CORE_ENTITY_TYPES = [
  'Status', 'Tag', 'Role', 'LocationType', 'Location', 'Manufacturer', 'DeviceType', 'Platform', 'Device', 'Interface', 'Prefix', 'IPAddress', 'VLAN',
] as const;

/** The core subschema: every core model's type, queries and mutations. */
export function buildCoreSchema(dmmf: PothosPrismaDatamodel, extensions?: ModelExtensions, extend?: (builder: ReturnType<typeof createBuilder>) => void): GraphQLSchema {
  const builder = createBuilder({ dmmf, ...(extensions ? { extensions } : {}) });
  addOrganizationTypes(builder);
  addLocationTypes(builder);
  addDeviceTypes(builder);
  addInterfaceTypes(builder);
  addIpamTypes(builder);
  extend?.(builder);
  return builder.toSchema({ sortSchema: true });
}
