import { AUTHENTICATED } from '../auth/field-permissions.ts';
import type { FathomBuilder } from '../schema/builder.ts';
import { addModelApi } from '../schema/crud.ts';
import { insensitiveContains, type ModelApiDeclaration } from '../schema/model-spec.ts';

const color = { kind: 'string', maxLength: 6, pattern: /^[0-9a-f]{6}$/i, patternMessage: 'Enter a six-digit hex colour such as 9e9e9e.' } as const;

/** A model that is a name, a colour and a description, ordered by name. */
function label(model: 'Tag' | 'Role'): Omit<ModelApiDeclaration, 'filters'> {
  return {
    model,
    type: {},
    fields: { name: { kind: 'string', required: true, maxLength: 100 }, color, description: { kind: 'string', maxLength: 200 } },
    unique: [['name']],
    search: ['name', 'description'],
    orderFields: ['name', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
  };
}

/** Statuses, tags, roles and content types: the shared vocabulary the other models point at. */
export function addOrganizationTypes(builder: FathomBuilder): void {
  builder.prismaObject('ContentType', {
    fields: (t) => ({
      id: t.exposeID('id'),
      appLabel: t.exposeString('appLabel'),
      model: t.exposeString('model'),
      label: t.string({ select: { appLabel: true, model: true }, resolve: (ct) => `${ct.appLabel}.${ct.model}` }),
    }),
  });
  builder.queryFields((t) => ({
    contentTypes: t.prismaField({
      type: ['ContentType'],
      extensions: AUTHENTICATED,
      resolve: (query, _root, _args, ctx) => ctx.prisma.contentType.findMany({ ...query, orderBy: [{ appLabel: 'asc' }, { model: 'asc' }] }),
    }),
  }));

  addModelApi(builder, {
    model: 'Status',
    singular: 'status',
    plural: 'statuses',
    labelPlural: 'Statuses',
    delegate: (ctx) => ctx.prisma.status,
    type: { relations: { contentTypes: {} } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      color,
      description: { kind: 'string', maxLength: 200 },
      contentTypes: { kind: 'contentTypes', description: 'The content types this status applies to, e.g. dcim.device.' },
    },
    unique: [['name']],
    filters: {
      name: { type: '[String!]', where: (v: string[]) => ({ name: { in: v } }) },
      contentType: {
        type: 'String',
        description: 'Statuses that apply to this content type, e.g. dcim.device.',
        where: (v: string) => {
          const [appLabel, model] = v.split('.');
          return { contentTypes: { some: { appLabel, model } } };
        },
      },
    },
    search: ['name', 'description'],
    orderFields: ['name', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
  });

  // Tags and roles are labels with a colour; they differ in how their `name` filter matches.
  addModelApi(builder, { ...label('Tag'), filters: { name: { type: '[String!]', where: (v: string[]) => ({ name: { in: v } }) } } });
  addModelApi(builder, {
    ...label('Role'),
    filters: { name: { type: '[String!]', where: (v: string[], ctx) => ({ OR: v.map((n) => ({ name: insensitiveContains(ctx, n) })) }) } },
  });
}
