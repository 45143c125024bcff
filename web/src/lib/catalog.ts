import type { CatalogQuery } from '../gql/graphql';

export type ModelInfo = CatalogQuery['modelCatalog'][number];

/** GraphQL selection for one model's list or detail view, built from the catalog. */
export function selection(model: ModelInfo, catalog: readonly ModelInfo[], detail: boolean): string {
  const parts = ['id', model.display];
  for (const f of model.fields) {
    if (f.kind === 'ref') {
      const target = catalog.find((m) => m.model === f.refModel);
      parts.push(`${f.name} { id ${target?.display ?? 'id'} }`);
    } else if (f.kind === 'tags') parts.push('tags { id name color }');
    else if (f.kind === 'contentTypes') parts.push('contentTypes { id label }');
    else if (detail || ['string', 'int', 'boolean'].includes(f.kind)) parts.push(f.name);
  }
  parts.push(...model.listFields);
  if (detail) parts.push('created', 'lastUpdated');
  if (detail && model.customFields) parts.push('customFields');
  return [...new Set(parts)].join(' ');
}

export function byPlural(catalog: readonly ModelInfo[], plural: string): ModelInfo | undefined {
  return catalog.find((m) => m.plural === plural);
}

export function byModel(catalog: readonly ModelInfo[], name: string | null | undefined): ModelInfo | undefined {
  return catalog.find((m) => m.model === name);
}

/** Human text for a value of a field in a list or detail view. */
export function show(value: unknown, display = 'name'): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map((v) => show(v, display)).join(', ') || '—';
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return String(o[display] ?? o['name'] ?? o['label'] ?? o['id'] ?? '');
  }
  return String(value);
}

export function titleCase(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
