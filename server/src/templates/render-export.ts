import type { RequestContext } from '../context.ts';
import type { FieldRef } from '@pothos/core';
import type { FathomBuilder, FathomTypes } from '../schema/builder.ts';
import { addListFields } from '../schema/list-fields.ts';
import { delegateFor } from '../schema/model-spec.ts';
import { systemOf } from '../system.ts';
import { toTemplateData } from './engine.ts';
import { templateRow } from './template-data.ts';

/** How many objects one export renders at most. */
export const EXPORT_LIMIT = 10_000;
/** The limit as the schema's descriptions print it. Spelled out here rather than through `toLocaleString`, whose first call
 * maps about 5 MB of Node's locale data into every server at start. */
const EXPORT_LIMIT_TEXT = String(EXPORT_LIMIT).replace(/\B(?=(\d{3})+$)/g, ',');

export interface RenderedExport {
  output: string | null;
  error: string | null;
  mimeType: string;
  count: number;
}

type Where = Record<string, unknown>;

/**
 * Render the export template `name` over the objects of `model` that match `where` (every object the caller may
 * view when it is empty), in `orderBy` order, at most EXPORT_LIMIT of them. Null when the caller sees no template
 * of that name. Reads go through the caller's narrowed client and select only what GraphQL exposes of the model.
 */
export async function renderExport(ctx: RequestContext, model: string, name: string, where: Where = {}, orderBy: ReadonlyArray<Record<string, 'asc' | 'desc'>> = [{ id: 'asc' }]): Promise<RenderedExport | null> {
  ctx.auth.permissions.require('ExportTemplate', 'view');
  const template = await ctx.prisma.exportTemplate.findUnique({ where: { name } });
  if (!template) return null;
  const system = systemOf(ctx);
  const contentType = system.models.byModel(model)?.contentType ?? ctx.auth.permissions.contentTypeOf(model);
  if (template.contentType !== contentType) {
    return { output: null, error: `The template "${name}" renders ${template.contentType}, not ${contentType ?? model}.`, mimeType: template.mimeType, count: 0 };
  }
  const select = system.exportSelect(model);
  if (!select) return { output: null, error: `Unknown content type "${template.contentType}".`, mimeType: template.mimeType, count: 0 };
  const rows = await delegateFor(ctx, model).findMany({ select, where, orderBy: [...orderBy], take: EXPORT_LIMIT });
  const queryset = rows.map((row) => toTemplateData(templateRow(row)));
  const result = await system.templates.render(template.template, { queryset });
  return 'output' in result
    ? { output: result.output, error: null, mimeType: template.mimeType, count: queryset.length }
    : { output: null, error: result.error, mimeType: template.mimeType, count: queryset.length };
}

const renderedRefs = new WeakMap<FathomBuilder, ReturnType<typeof defineRenderedExport>>();

/** The GraphQL type of a rendered export, once per builder; builders that serve one define it alike, and composition merges them. */
export function renderedExportRef(builder: FathomBuilder) {
  let ref = renderedRefs.get(builder);
  if (!ref) renderedRefs.set(builder, (ref = defineRenderedExport(builder)));
  return ref;
}

function defineRenderedExport(builder: FathomBuilder) {
  return builder.objectRef<RenderedExport>('RenderedExport').implement({
    fields: (t) => ({
      output: t.exposeString('output', { nullable: true }),
      error: t.exposeString('error', { nullable: true }),
      mimeType: t.exposeString('mimeType'),
      count: t.exposeInt('count', { description: 'Objects rendered.' }),
    }),
  });
}

/** `exportTemplate(name)` on every list of models that take export templates: the list as filtered and ordered, rendered. */
export function addExportToLists(builder: FathomBuilder): void {
  addListFields(builder, (t, list): Record<string, FieldRef<FathomTypes, unknown>> => {
    if (!list.features.includes('exportTemplates')) return {};
    return {
      exportTemplate: t.field({
        type: renderedExportRef(builder),
        nullable: true,
        description: `Render the export template \`name\` over every object of this list as filtered and ordered (not only this page), up to ${EXPORT_LIMIT_TEXT}. Null when no such template is visible.`,
        args: { name: t.arg.string({ required: true }) },
        resolve: async (connection, { name }, ctx) => {
          const { where, orderBy } = await list.query(ctx, connection.args);
          return renderExport(ctx, list.model, name, where, orderBy);
        },
      }),
    };
  });
}
