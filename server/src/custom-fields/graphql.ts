import { AUTHENTICATED } from '../auth/field-permissions.ts';
import type { FathomBuilder } from '../schema/builder.ts';
import { addModelApi } from '../schema/crud.ts';
import { systemOf } from '../system.ts';

interface FieldDefinition {
  name: string;
  label: string;
  type: string;
  required: boolean;
  description: string;
  choices: string[];
}

export const CUSTOM_FIELD_TYPES = ['text', 'integer', 'boolean', 'select', 'url'] as const;

/** Custom fields: extra attributes for chosen content types, defined by users or by plugins' database-ready hooks. */
export function addCustomFieldTypes(builder: FathomBuilder): void {
  addModelApi(builder, {
    model: 'CustomField',
    label: 'Custom field',
    type: { relations: { contentTypes: {} } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 50, pattern: /^[a-z][a-z0-9_]*$/, patternMessage: 'Use lowercase letters, digits and underscores, starting with a letter.' },
      label: { kind: 'string', maxLength: 100 },
      type: { kind: 'string', choices: CUSTOM_FIELD_TYPES },
      required: { kind: 'boolean' },
      description: { kind: 'string', maxLength: 200 },
      choices: { kind: 'string', description: 'Comma-separated, for the select type.' },
      contentTypes: { kind: 'contentTypes', description: 'Content types that get this field, e.g. dcim.device.' },
    },
    unique: [['name']],
    search: ['name', 'label', 'description'],
    orderFields: ['name', 'created', 'lastUpdated'],
    defaultOrder: [{ name: 'asc' }],
    prepare: (data, _ctx, existing) => {
      const type = String(data['type'] ?? existing?.['type'] ?? 'text');
      const choices = String(data['choices'] ?? existing?.['choices'] ?? '');
      return type === 'select' && choices.trim() === '' ? [{ field: 'choices', code: 'REQUIRED', message: 'A select field needs choices.' }] : [];
    },
  });

  const definition = builder.objectRef<FieldDefinition>('CustomFieldDefinition').implement({
    description: 'A custom field as a form shows it.',
    fields: (t) => ({
      name: t.exposeString('name'),
      label: t.exposeString('label', { description: 'The label, or the name when it has none.' }),
      type: t.exposeString('type', { description: 'text, integer, boolean, select or url' }),
      required: t.exposeBoolean('required'),
      description: t.exposeString('description'),
      choices: t.exposeStringList('choices', { description: 'For the select type.' }),
    }),
  });
  builder.queryField('customFieldDefinitions', (t) =>
    t.field({
      type: [definition],
      extensions: AUTHENTICATED,
      description: 'The custom fields objects of a model carry, as its forms and detail view show them; empty for a caller who may not view its objects.',
      args: { model: t.arg.string({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const entry = systemOf(ctx).models.byModel(args.model);
        if (!entry?.features.has('customFields') || !ctx.auth.permissions.can(entry.model, 'view')) return [];
        const rows = await systemOf(ctx).definitions.customFields(entry.contentType);
        return rows
          .map((f) => ({ name: f.name, label: f.label || f.name, type: f.type, required: f.required, description: f.description, choices: f.choices.split(',').map((c) => c.trim()).filter(Boolean) }))
          .sort((a, b) => a.label.localeCompare(b.label));
      },
    }),
  );
}
