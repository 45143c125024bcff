import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import { getNamedType, isLeafType, isObjectType, type GraphQLSchema } from 'graphql';

/** A Prisma `select` tree. */
export type Select = { [field: string]: true | { select: Select } };

/**
 * What a template may read of one model: the columns its GraphQL type exposes, and each single related object
 * the type exposes with that object's exposed columns (one level: `device.location.name`). Columns GraphQL does
 * not serve — password and token hashes, raw custom field storage, internal bookkeeping — never reach a
 * template. Null when the model has no GraphQL type, which makes it unavailable to templates.
 */
export function templateSelect(schema: GraphQLSchema, dmmf: PothosPrismaDatamodel, model: string, depth = 1): Select | null {
  const type = schema.getType(model);
  const prismaModel = dmmf.datamodel.models[model];
  if (!type || !isObjectType(type) || !prismaModel) return null;
  const exposed = type.getFields();
  const select: Select = {};
  for (const field of prismaModel.fields) {
    const graphqlField = exposed[field.name];
    if (field.kind === 'scalar' || field.kind === 'enum') {
      if (graphqlField && isLeafType(getNamedType(graphqlField.type))) select[field.name] = true;
      if (field.name === 'customFieldData' && exposed['customFields']) select[field.name] = true;
      continue;
    }
    if (field.kind !== 'object' || field.isList || depth === 0 || !graphqlField) continue;
    if (!isObjectType(getNamedType(graphqlField.type))) continue;
    const nested = templateSelect(schema, dmmf, field.type, depth - 1);
    if (nested && Object.keys(nested).length > 0) select[field.name] = { select: nested };
  }
  return select;
}

/** A row as a template sees it: stored custom field JSON becomes the `customFields` object. */
export function templateRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'customFieldData') {
      try {
        out['customFields'] = JSON.parse(String(value ?? '{}'));
      } catch {
        out['customFields'] = {};
      }
    } else if (value && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)) {
      out[key] = templateRow(value as Record<string, unknown>);
    } else out[key] = value;
  }
  return out;
}
