import DataLoader from 'dataloader';
import type { RequestContext } from '../context.ts';
import type { FieldError } from '../errors.ts';
import { datamodelOf, type FathomBuilder } from '../schema/builder.ts';
import { addModelApi } from '../schema/crud.ts';
import { catalogOf } from '../schema/model-catalog.ts';
import { systemOf } from '../system.ts';
import { toTemplateData } from '../templates/engine.ts';

interface ComputedValue {
  name: string;
  label: string;
  value: string;
  error: string | null;
}

type Row = Record<string, unknown> & { id: string };

/** One loader per request and content type: a list of objects reads its definitions once and renders each. */
const loaders = new WeakMap<RequestContext, Map<string, DataLoader<Row, ComputedValue[]>>>();

function loaderFor(ctx: RequestContext, contentType: string): DataLoader<Row, ComputedValue[]> {
  let perRequest = loaders.get(ctx);
  if (!perRequest) loaders.set(ctx, (perRequest = new Map()));
  let loader = perRequest.get(contentType);
  if (!loader) {
    loader = new DataLoader<Row, ComputedValue[]>(
      async (rows) => {
        // Whoever may view an object sees its computed values; the definitions themselves stay behind the API's
        // permissions. They are cached like custom field definitions.
        const definitions = await systemOf(ctx).definitions.computedFields(contentType);
        if (definitions.length === 0) return rows.map(() => []);
        const templates = systemOf(ctx).templates;
        const contexts = rows.map((row) => ({ obj: toTemplateData(row) as Record<string, unknown> }));
        // One trip to the sandbox per computed field for the whole page, not one per object.
        const rendered = await Promise.all(definitions.map((d) => templates.renderMany(d.template, contexts)));
        return rows.map((_row, i) =>
          definitions.map((d, j): ComputedValue => {
            const r = rendered[j]?.[i] ?? { error: 'not rendered', code: 'RENDER' as const };
            return 'output' in r ? { name: d.name, label: d.label || d.name, value: r.output, error: null } : { name: d.name, label: d.label || d.name, value: d.fallbackValue, error: r.error };
          }),
        );
      },
      { cache: false },
    );
    perRequest.set(contentType, loader);
  }
  return loader;
}

/**
 * Computed fields: a template per content type, rendered for each object over its columns (`obj`), in the sandboxed
 * engine with the plugins' filters. Every model that takes the `computedFields` feature gets `computedFields` on its
 * type; a template that fails yields its fallback value and an error for that field only.
 */
export function addComputedFieldTypes(builder: FathomBuilder): void {
  addModelApi(builder, {
    model: 'ComputedField',
    label: 'Computed field',
    type: {},
    fields: {
      name: { kind: 'string', required: true, maxLength: 50, pattern: /^[a-z][a-z0-9_]*$/, patternMessage: 'Use lowercase letters, digits and underscores, starting with a letter.' },
      label: { kind: 'string', maxLength: 100 },
      contentType: { kind: 'string', required: true, maxLength: 100, label: 'Content type', description: 'Content type label, e.g. dcim.device.' },
      template: { kind: 'string', required: true, maxLength: 65_536, description: 'Jinja2 over the object, as `obj`.' },
      fallbackValue: { kind: 'string', maxLength: 500, description: 'Shown when the template fails.' },
      weight: { kind: 'int', min: 0, max: 32_767 },
      description: { kind: 'string', maxLength: 200 },
    },
    unique: [['name']],
    filters: { contentType: { type: '[String!]', where: (v: string[]) => ({ contentType: { in: v } }) } },
    search: ['name', 'label', 'description'],
    orderFields: ['name', 'contentType', 'weight', 'created', 'lastUpdated'],
    defaultOrder: [{ contentType: 'asc' }, { weight: 'asc' }, { name: 'asc' }],
    prepare: async (data, ctx) => {
      const errors: FieldError[] = [];
      const models = systemOf(ctx).models;
      if (typeof data['contentType'] === 'string' && !models.takes(data['contentType'], 'computedFields')) {
        errors.push(models.refusal('contentType', data['contentType'], 'computedFields', 'computed fields'));
      }
      if (typeof data['template'] === 'string') {
        const problem = await systemOf(ctx).templates.check(data['template']);
        if (problem) errors.push({ field: 'template', code: 'INVALID', message: problem });
      }
      return errors;
    },
  });

}

/**
 * `computedFields` on every model of the builder (the core's, or one plugin's) that takes computed fields. Each
 * builder gets its own copy of the `ComputedFieldValue` type; the copies are identical and stitch as one.
 */
export function addComputedFieldsToModels(builder: FathomBuilder): void {
  const entries = catalogOf(builder).filter((e) => e.features.includes('computedFields'));
  if (entries.length === 0) return;
  const value = builder.objectRef<ComputedValue>('ComputedFieldValue').implement({
    description: 'The value of one computed field for one object.',
    fields: (t) => ({
      name: t.exposeString('name'),
      label: t.exposeString('label'),
      value: t.exposeString('value', { description: 'The rendered template, or the fallback value when it failed.' }),
      error: t.exposeString('error', { nullable: true, description: 'Why the template failed, or null.' }),
    }),
  });
  const models = datamodelOf(builder).datamodel.models as Record<string, { fields: ReadonlyArray<{ name: string; kind: string; isList: boolean }> }>;
  for (const entry of entries) {
    const scalars = Object.fromEntries((models[entry.model]?.fields ?? []).filter((f) => f.kind === 'scalar' && !f.isList && f.name !== 'customFieldData').map((f) => [f.name, true]));
    builder.prismaObjectField(entry.model as 'Device', 'computedFields', (t) =>
      t.field({
        type: [value],
        description: 'Computed fields of this object, by weight.',
        select: scalars as never,
        resolve: (parent, _args, ctx) => {
          const contentType = systemOf(ctx).models.byModel(entry.model)?.contentType;
          return contentType ? loaderFor(ctx, contentType).load(parent as unknown as Row) : [];
        },
      }),
    );
  }
}
