import type { FathomBuilder } from '../schema/builder.ts';
import { addModelApi } from '../schema/crud.ts';

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
}
