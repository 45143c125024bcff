import type { RequestContext } from '../context.ts';
import type { FieldError } from '../errors.ts';
import { systemOf } from '../system.ts';

/**
 * Check custom field values (a JSON object in `customFields`) against the custom fields defined for the model's
 * content type, merge them over the stored ones, and require the required ones. Sets `data.customFieldData`.
 */
export async function readCustomFields(ctx: RequestContext, model: string, raw: unknown, data: Record<string, unknown>, existing: Record<string, unknown> | null): Promise<FieldError[]> {
  const ct = ctx.auth.permissions.contentTypeOf(model) ?? '';
  const defined = await systemOf(ctx).definitions.customFields(ct);
  const stored = JSON.parse(String(existing?.['customFieldData'] ?? '{}')) as Record<string, unknown>;
  let given: Record<string, unknown> = {};
  if (raw !== undefined && raw !== null) {
    try {
      given = JSON.parse(String(raw)) as Record<string, unknown>;
    } catch {
      return [{ field: 'customFields', code: 'INVALID', message: 'Custom fields must be a JSON object.' }];
    }
    if (!given || typeof given !== 'object' || Array.isArray(given)) return [{ field: 'customFields', code: 'INVALID', message: 'Custom fields must be a JSON object.' }];
  }
  const errors: FieldError[] = [];
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(given)) {
    const field = defined.find((f) => f.name === key);
    const at = `customFields.${key}`;
    if (!field) errors.push({ field: at, code: 'UNKNOWN', message: `There is no custom field "${key}" for ${ct}.` });
    else if (value === null || value === '') delete merged[key];
    else if (field.type === 'integer' && !Number.isInteger(value)) errors.push({ field: at, code: 'INVALID', message: 'Enter a whole number.' });
    else if (field.type === 'boolean' && typeof value !== 'boolean') errors.push({ field: at, code: 'INVALID', message: 'Enter true or false.' });
    else if (field.type === 'select' && !field.choices.split(',').map((c) => c.trim()).includes(String(value))) errors.push({ field: at, code: 'INVALID_CHOICE', message: `Choose one of ${field.choices}.` });
    else if (field.type === 'url' && !/^https?:\/\/\S+$/.test(String(value))) errors.push({ field: at, code: 'INVALID', message: 'Enter an http(s) URL.' });
    else if ((field.type === 'text' || field.type === 'url' || field.type === 'select') && typeof value !== 'string') errors.push({ field: at, code: 'INVALID', message: 'Enter text.' });
    else merged[key] = value;
  }
  for (const field of defined) {
    if (field.required && (merged[field.name] === undefined || merged[field.name] === '')) errors.push({ field: `customFields.${field.name}`, code: 'REQUIRED', message: `${field.label || field.name} is required.` });
  }
  if (errors.length === 0 && (raw !== undefined || !existing)) data['customFieldData'] = JSON.stringify(merged);
  return errors;
}

