import { requires } from '../auth/field-permissions.ts';
import { renderedExportRef, renderExport } from './render-export.ts';
import type { Select } from './template-data.ts';
import type { FathomBuilder } from '../schema/builder.ts';
import { addModelApi } from '../schema/crud.ts';
import { systemOf } from '../system.ts';
import type { RequestContext } from '../context.ts';

/**
 * Export templates: Jinja2 templates over a content type's objects, rendered in the sandboxed engine. Rendering
 * reads through the caller's narrowed client, so an export never contains objects the caller may not view, and
 * only the columns GraphQL exposes for the model (`selectFor`), so it never contains what GraphQL hides.
 */
export function addExportTemplateTypes(builder: FathomBuilder, selectFor: (model: string) => Select | null): void {
  addModelApi(builder, {
    model: 'ExportTemplate',
    type: {},
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      description: { kind: 'string', maxLength: 200 },
      contentType: { kind: 'string', required: true, description: 'Content type label, e.g. dcim.device.' },
      template: { kind: 'string', required: true, description: 'Jinja2; the objects are in `queryset`.' },
      mimeType: { kind: 'string', maxLength: 100 },
    },
    unique: [['name']],
    filters: { contentType: { type: '[String!]', where: (v: string[]) => ({ contentType: { in: v } }) } },
    search: ['name', 'description'],
    orderFields: ['name', 'contentType', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
    prepare: async (data, ctx) => {
      const errors = [];
      if (typeof data['contentType'] === 'string') {
        const model = exportable(ctx, data['contentType']);
        if (!model || !selectFor(model)) errors.push({ field: 'contentType', code: 'NOT_FOUND', message: `Unknown content type "${data['contentType']}", or one that cannot be exported.` });
      }
      if (typeof data['template'] === 'string') {
        // Parsed, never rendered: saving a template runs none of it.
        const problem = await systemOf(ctx).templates.check(data['template']);
        if (problem) errors.push({ field: 'template', code: 'INVALID', message: problem });
      }
      return errors;
    },
  });

  const rendered = renderedExportRef(builder);
  builder.queryField('renderExportTemplate', (t) =>
    t.field({
      type: rendered,
      nullable: true,
      extensions: requires('ExportTemplate', 'view'),
      description: 'Render an export template over every object of its content type that the caller may view.',
      args: { name: t.arg.string({ required: true }) },
      resolve: async (_r, { name }, ctx) => {
        const template = await ctx.prisma.exportTemplate.findUnique({ where: { name }, select: { contentType: true, mimeType: true } });
        if (!template) return null;
        const model = exportable(ctx, template.contentType);
        if (!model) return { output: null, error: `Unknown content type "${template.contentType}".`, mimeType: template.mimeType, count: 0 };
        return renderExport(ctx, model, name);
      },
    }),
  );
}

/**
 * The model an export template of the content type renders: a model with the standard API that takes export
 * templates, or one of the models without it (users, groups) whose GraphQL type says what may be read.
 */
function exportable(ctx: RequestContext, contentType: string): string | undefined {
  const { models, modelNames } = systemOf(ctx);
  const entry = models.byContentType(contentType);
  if (entry) return entry.features.has('exportTemplates') ? entry.model : undefined;
  return modelNames.find((m) => ctx.auth.permissions.contentTypeOf(m) === contentType);
}
