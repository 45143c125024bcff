import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import type { GraphQLSchema } from 'graphql';
import { createBuilder } from './builder.ts';
import { addDeviceTypes } from './devices.ts';
import { addInterfaceTypes } from './interfaces.ts';
import { addIpamTypes } from './ipam.ts';
import { addLocationTypes } from './locations.ts';
import { addOrganizationTypes } from './organization.ts';

/** Core model names whose types other subschemas may extend through type merging. */
export const CORE_ENTITY_TYPES = [
  'Status', 'Tag', 'Role', 'LocationType', 'Location', 'Manufacturer', 'DeviceType', 'Platform', 'Device', 'Interface', 'Prefix', 'IPAddress', 'VLAN',
] as const;

/** The core subschema: every core model's type, queries and mutations. */
export function buildCoreSchema(dmmf: PothosPrismaDatamodel, extend?: (builder: ReturnType<typeof createBuilder>) => void): GraphQLSchema {
  const builder = createBuilder({ dmmf });
  addOrganizationTypes(builder);
  addLocationTypes(builder);
  addDeviceTypes(builder);
  addInterfaceTypes(builder);
  addIpamTypes(builder);
  extend?.(builder);
  return builder.toSchema({ sortSchema: true });
}
