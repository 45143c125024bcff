import type { CatalogQuery } from '../gql/graphql';

export type ModelInfo = CatalogQuery['modelCatalog'][number];

/** What the views read of each relationship an object stands in. */
export const RELATED_FIELDS = 'key label side type required peerModel peers { id display }';

/** One relationship as one object sees it (the server's `RelatedObjects`). */
export interface Related {
  key: string;
  label: string;
  side: string;
  type: string;
  required: boolean;
  peerModel: string | null;
  peers: Array<{ id: string; display: string }>;
}

/** GraphQL selection for one model's list or detail view, built from the catalog. */
export function selection(model: ModelInfo, catalog: readonly ModelInfo[], detail: boolean, only?: ReadonlySet<string>): string {
  const parts = ['id', model.display];
  for (const f of model.fields) {
    // A list asks only for the columns it shows: less to read, and a plugin's field is fetched only when shown.
    if (only && !only.has(f.name)) continue;
    if (f.writeOnly) continue; // a secret is written, never read back

    if (f.kind === 'ref') {
      const target = catalog.find((m) => m.model === f.refModel);
      parts.push(`${f.name} { id ${target?.display ?? 'id'} }`);
    } else if (f.kind === 'tags') parts.push('tags { id name color }');
    else if (f.kind === 'contentTypes') parts.push('contentTypes { id label }');
    else if (detail || ['string', 'int', 'boolean'].includes(f.kind)) parts.push(f.name);
  }
  parts.push(...model.listFields.filter((f) => !only || only.has(f)));
  if (detail) parts.push('created', 'lastUpdated');
  if (detail && model.features.includes('customFields')) parts.push('customFields');
  if (detail && model.features.includes('computedFields')) parts.push('computedFields { name label value error }');
  if (detail && model.features.includes('relationships')) parts.push(`relationships { ${RELATED_FIELDS} }`);
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

/**
 * The reference that names an object among its kind, as the catalog declares it (an interface's device, a
 * device's location). Interfaces are "Ethernet1" on every switch; "nyc1-cr01 › Ethernet1" is the one you mean.
 */
function contextOf(model: ModelInfo, catalog: readonly ModelInfo[]): { field: string; target: ModelInfo } | null {
  const field = model.context ? model.fields.find((f) => f.kind === 'ref' && f.name === model.context) : undefined;
  const target = field ? byModel(catalog, field.refModel) : undefined;
  return field && target ? { field: field.name, target } : null;
}

/** GraphQL selection for an object in a picker: its id, its display field and its context's. */
export function pickerSelection(model: ModelInfo, catalog: readonly ModelInfo[]): string {
  const context = contextOf(model, catalog);
  return `id ${model.display}${context ? ` ${context.field} { id ${context.target.display} }` : ''}`;
}

/** What a picker shows for an object selected with `pickerSelection`. */
export function pickerLabel(model: ModelInfo, catalog: readonly ModelInfo[], node: Record<string, unknown>): string {
  const context = contextOf(model, catalog);
  const own = show(node[model.display]);
  const parent = context ? (node[context.field] as Record<string, unknown> | null | undefined) : null;
  return context && parent ? `${show(parent[context.target.display])} › ${own}` : own;
}

/** A form's raw value as the API's input takes it (a checkbox's boolean or a select's "true"/"false" alike). */
export function inputValue(kind: string, raw: string | boolean, nullable: boolean): unknown {
  if (kind === 'boolean') return typeof raw === 'string' ? raw === 'true' : raw;
  if (kind === 'int') return raw === '' ? null : Number(raw);
  if (kind === 'tags' || kind === 'contentTypes') return String(raw).split(',').filter(Boolean);
  if (raw === '' && (nullable || kind === 'ref')) return null;
  return raw;
}
