import type { FathomBuilder } from './builder.ts';
import { datamodelOf } from './builder.ts';
import type { TypeSpec } from './model-spec.ts';
import { markingPlainRelations, readable } from './readable.ts';

interface DatamodelField {
  name: string;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  relationFromFields?: readonly string[] | undefined;
}

/** Columns never shown as they are: custom field values surface through `customFields`. */
const SPECIAL = new Set(['customFieldData']);

type Exposer = {
  exposeID(name: string, options: object): unknown;
  exposeString(name: string, options: object): unknown;
  exposeInt(name: string, options: object): unknown;
  exposeFloat(name: string, options: object): unknown;
  exposeBoolean(name: string, options: object): unknown;
  expose(name: string, options: object): unknown;
  relation(name: string, options?: object): unknown;
  relatedConnection(name: string, options: object): unknown;
  relationCount(name: string): unknown;
};

/** The GraphQL type of a Prisma model, from its columns and the relations the spec names. */
export function addModelType(builder: FathomBuilder, model: string, spec: TypeSpec): void {
  const found = (datamodelOf(builder).datamodel.models as Record<string, { fields: readonly DatamodelField[] } | undefined>)[model];
  if (!found) throw new Error(`No Prisma model named ${model}.`);
  const foreignKeys = new Set(found.fields.flatMap((f) => f.relationFromFields ?? []));
  const hidden = new Set(spec.hide ?? []);
  const relations = spec.relations ?? {};
  const connections = spec.connections ?? {};
  for (const name of [...Object.keys(relations), ...Object.keys(connections), ...Object.values(spec.counts ?? {})]) {
    if (!found.fields.some((f) => f.name === name && f.kind === 'object')) throw new Error(`${model}.${name} is not a relation of the Prisma model.`);
  }
  builder.prismaObject(model as 'Tag', {
    // Select mode: a query reads the columns its fields ask for (each exposed column, and what a feature's field
    // declares with `select`), not every column of every row.
    select: { id: true },
    fields: (raw) => {
      // Plain relations and counts are marked for the one-statement read path as a plugin's are (readable.ts).
      const t = markingPlainRelations(raw) as unknown as Exposer;
      const fields: Record<string, unknown> = {};
      for (const f of found.fields) {
        if (hidden.has(f.name) || SPECIAL.has(f.name)) continue;
        // Each column is marked for the one-statement read path too.
        const column = { extensions: readable({ column: f.name }) };
        const nullable = { nullable: !f.isRequired, ...(spec.descriptions?.[f.name] ? { description: spec.descriptions[f.name] } : {}) };
        const nullableColumn = { ...nullable, ...column };
        if (f.kind === 'object') {
          const relation = relations[f.name];
          const connection = connections[f.name];
          if (relation) fields[f.name] = t.relation(f.name, { ...(relation.orderBy ? { query: { orderBy: relation.orderBy } } : {}), ...(f.isList ? {} : nullable) });
          else if (connection) fields[f.name] = t.relatedConnection(f.name, { cursor: 'id', totalCount: true, ...(connection.orderBy ? { query: { orderBy: connection.orderBy } } : {}) });
        } else if (f.isId) fields[f.name] = t.exposeID(f.name, { ...column, ...(spec.descriptions?.[f.name] ? { description: spec.descriptions[f.name] } : {}) });
        else if (f.kind !== 'scalar' || f.isList || foreignKeys.has(f.name)) continue;
        else if (f.type === 'String') fields[f.name] = t.exposeString(f.name, nullableColumn);
        else if (f.type === 'Int') fields[f.name] = t.exposeInt(f.name, nullableColumn);
        else if (f.type === 'Float') fields[f.name] = t.exposeFloat(f.name, nullableColumn);
        else if (f.type === 'Boolean') fields[f.name] = t.exposeBoolean(f.name, nullableColumn);
        else if (f.type === 'DateTime') fields[f.name] = t.expose(f.name, { type: 'DateTime', ...nullableColumn });
      }
      for (const [field, relation] of Object.entries(spec.counts ?? {})) fields[field] = t.relationCount(relation);
      return fields as never;
    },
  });
}
