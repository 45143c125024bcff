import type { ObjectRef } from '@pothos/core';
import { AUTHENTICATED } from '../auth/field-permissions.ts';
import type { FieldError } from '../errors.ts';
import type { FathomBuilder, FathomTypes } from '../schema/builder.ts';
import { addModelApi } from '../schema/crud.ts';
import { catalogOf } from '../schema/model-catalog.ts';
import { systemOf } from '../system.ts';
import { isSymmetric, relatedLoader, RELATIONSHIP_TYPES, sidesFor, type RelatedObjects } from './associations.ts';

const SIDES = ['', 'source', 'destination'] as const;

/**
 * Relationships: links users define between objects of two content types (core or plugin), one-to-one,
 * one-to-many, many-to-many or symmetric, shown on both ends (`relationships` on each type that takes them) and set
 * through the `relationships` input of either end's create and update. Plugins create them idempotently in their
 * database-ready hook.
 */
export function addRelationshipTypes(builder: FathomBuilder): void {
  addModelApi(builder, {
    model: 'Relationship',
    label: 'Relationship',
    display: 'label',
    type: {},
    fields: {
      key: { kind: 'string', required: true, maxLength: 100, pattern: /^[a-z][a-z0-9_-]*$/, patternMessage: 'Use lowercase letters, digits, dashes and underscores, starting with a letter.', description: 'The name the API and plugins use for it.' },
      label: { kind: 'string', required: true, maxLength: 100 },
      description: { kind: 'string', maxLength: 200 },
      type: { kind: 'string', choices: RELATIONSHIP_TYPES, description: 'one-to-one, one-to-many, many-to-many, or symmetric: both ends of one content type, without direction.' },
      sourceType: { kind: 'string', required: true, maxLength: 100, label: 'Source type', description: 'Content type label, e.g. dcim.device.' },
      sourceLabel: { kind: 'string', maxLength: 100, label: 'Source label', description: 'What source objects call their peers (default: the label).' },
      sourceHidden: { kind: 'boolean', label: 'Hidden on source objects' },
      destinationType: { kind: 'string', required: true, maxLength: 100, label: 'Destination type', description: 'Content type label; the same as the source for a symmetric relationship.' },
      destinationLabel: { kind: 'string', maxLength: 100, label: 'Destination label', description: 'What destination objects call their peers (default: the label).' },
      destinationHidden: { kind: 'boolean', label: 'Hidden on destination objects' },
      requiredOn: { kind: 'string', choices: SIDES, label: 'Required on', description: 'source or destination: every object created on that side needs a peer; empty for neither.' },
    },
    unique: [['key']],
    filters: {
      contentType: { type: '[String!]', description: 'Relationships with either end on these content types.', where: (v: string[]) => ({ OR: [{ sourceType: { in: v } }, { destinationType: { in: v } }] }) },
    },
    search: ['key', 'label', 'description'],
    orderFields: ['key', 'label', 'created', 'lastUpdated'],
    defaultOrder: [{ label: 'asc' }],
    prepare: async (data, ctx, existing) => {
      const errors: FieldError[] = [];
      const models = systemOf(ctx).models;
      const merged = { ...existing, ...data } as Record<string, unknown>;
      for (const field of ['sourceType', 'destinationType'] as const) {
        if (typeof data[field] === 'string' && !models.takes(data[field], 'relationships')) errors.push(models.refusal(field, data[field], 'relationships', 'relationships'));
      }
      const type = String(merged['type'] ?? 'many-to-many');
      if (isSymmetric({ type }) && merged['sourceType'] !== merged['destinationType']) {
        errors.push({ field: 'destinationType', code: 'INVALID', message: 'A symmetric relationship links objects of one content type: the destination type must be the source type.' });
      }
      if (isSymmetric({ type }) && merged['requiredOn']) errors.push({ field: 'requiredOn', code: 'INVALID', message: 'A symmetric relationship has no sides to require.' });
      if (existing && (['type', 'sourceType', 'destinationType'] as const).some((f) => f in data && data[f] !== existing[f])) {
        const linked = await ctx.prisma.relationshipAssociation.count({ where: { relationshipId: String(existing['id']) } });
        if (linked > 0) errors.push({ field: 'type', code: 'INVALID', message: `${linked} object link(s) use this relationship: its kind and content types cannot change while they exist.` });
      }
      return errors;
    },
  });

  builder.queryField('relationshipSides', (t) =>
    t.field({
      type: [relatedObjectsRef(builder)],
      extensions: AUTHENTICATED,
      description: 'The relationships objects of a model stand in, without peers: what its create form offers. Empty for a caller who may neither add nor change its objects.',
      args: { model: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => {
        const entry = systemOf(ctx).models.byModel(args.model);
        if (!entry?.features.has('relationships') || !(ctx.auth.permissions.can(entry.model, 'add') || ctx.auth.permissions.can(entry.model, 'change'))) return [];
        return sidesFor(ctx, entry.contentType);
      },
    }),
  );
}

/**
 * `relationships` on every model of the builder (the core's, or one plugin's) that takes relationships. Each
 * builder gets its own identical copy of the value types; they stitch as one.
 */
export function addRelationshipsToModels(builder: FathomBuilder): void {
  const entries = catalogOf(builder).filter((e) => e.features.includes('relationships'));
  if (entries.length === 0) return;
  const related = relatedObjectsRef(builder);
  for (const entry of entries) {
    builder.prismaObjectField(entry.model as 'Device', 'relationships', (t) =>
      t.field({
        type: [related],
        description: 'The relationships this object stands in, each with the peers the caller may view.',
        select: { id: true } as never,
        args: { key: t.arg.string({ required: false, description: 'Only this relationship.' }) },
        resolve: async (parent, args, ctx) => {
          const contentType = systemOf(ctx).models.byModel(entry.model)?.contentType;
          if (!contentType) return [];
          const all = await relatedLoader(ctx, contentType).load(parent.id);
          return args.key ? all.filter((r) => r.key === args.key) : all;
        },
      }),
    );
  }
}

const refs = new WeakMap<FathomBuilder, ObjectRef<FathomTypes, RelatedObjects>>();

/** The `RelatedObjects` type of a builder, made once. */
function relatedObjectsRef(builder: FathomBuilder): ObjectRef<FathomTypes, RelatedObjects> {
  const made = refs.get(builder);
  if (made) return made;
  const peer = builder.objectRef<RelatedObjects['peers'][number]>('RelatedObject').implement({
    description: 'An object at the other end of a relationship.',
    fields: (t) => ({ id: t.exposeID('id'), display: t.exposeString('display', { description: 'How it is named, after its context where it has one (`nyc1-cr01 › xe-0/1/0`).' }) }),
  });
  const related = builder.objectRef<RelatedObjects>('RelatedObjects');
  related.implement({
    description: 'One relationship as one object sees it, with the peers the caller may view.',
    fields: (t) => ({
      key: t.exposeString('key', { description: 'The relationship’s key.' }),
      label: t.exposeString('label', { description: 'What this side calls its peers.' }),
      type: t.exposeString('type'),
      side: t.exposeString('side', { description: 'source, destination, or peer (symmetric).' }),
      peerContentType: t.exposeString('peerContentType'),
      peerModel: t.exposeString('peerModel', { nullable: true, description: 'The peers’ model, for links to them.' }),
      required: t.exposeBoolean('required', { description: 'Objects on this side must have a peer.' }),
      peers: t.field({ type: [peer], resolve: (r) => r.peers }),
    }),
  });
  refs.set(builder, related);
  return related;
}
