import { AUTHENTICATED } from '../auth/field-permissions.ts';
import { ACTIONS } from '../auth/permissions.ts';
import type { FathomBuilder } from './builder.ts';
import { constantCase, inputNameOf, type FilterSpec, type ModelApiSpec } from './model-spec.ts';

/** What the web UI needs to build list, detail and form views for a model without model-specific code. */
export interface CatalogEntry {
  model: string;
  singular: string;
  plural: string;
  label: string;
  labelPlural: string;
  display: string;
  /** The reference that places an object among its kind in pickers (an interface's `device`), or null. */
  context: string | null;
  listFields: string[];
  fields: CatalogField[];
  filters: Array<{ name: string; type: string; description: string | null; refModel: string | null }>;
  orderFields: string[];
  customFields: boolean;
  searchable: boolean;
  /** The fields the quick search `q` matches (a dotted path reaches a related object's field). */
  search: string[];
  /** The shared features it takes part in (tags, customFields, relationships…). */
  features: string[];
}

export interface CatalogField {
  name: string;
  inputName: string;
  label: string;
  kind: string;
  required: boolean;
  nullable: boolean;
  refModel: string | null;
  choices: string[] | null;
  description: string | null;
  /** The plugin that added the field to the model's forms, or null. */
  plugin: string | null;
  /** What a user must hold to see the field (a plugin's form field). */
  permissions: readonly string[];
  /** Whether the field is only written, never read back (a webhook's secret): forms show it, views and exports do not. */
  writeOnly: boolean;
}

const catalogs = new WeakMap<FathomBuilder, CatalogEntry[]>();

/** The models a builder registered with `addModelApi`, in order. */
export function catalogOf(builder: FathomBuilder): CatalogEntry[] {
  let list = catalogs.get(builder);
  if (!list) catalogs.set(builder, (list = []));
  return list;
}

function words(model: string): string {
  return model.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

/** `primaryIp4` → "Primary ip4": a field's label when its spec gives none. */
function sentence(name: string): string {
  const text = words(name).toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function catalogEntry(spec: ModelApiSpec): CatalogEntry {
  const label = spec.label ?? words(spec.model);
  return {
    model: spec.model,
    singular: spec.singular,
    plural: spec.plural,
    label,
    labelPlural: spec.labelPlural ?? `${label}s`,
    display: spec.display ?? 'name',
    context: spec.context ?? null,
    listFields: [...(spec.listFields ?? [])],
    fields: [
      ...Object.entries(spec.fields).map(([name, f]) => ({
        name,
        inputName: inputNameOf(name, f),
        label: f.label ?? sentence(name),
        kind: f.kind,
        required: 'required' in f && f.required === true,
        nullable: 'nullable' in f && f.nullable === true,
        refModel: f.kind === 'ref' ? f.model : null,
        choices: f.kind === 'string' && f.choices ? [...f.choices] : null,
        description: f.description ?? null,
        plugin: null,
        permissions: [],
        writeOnly: spec.type?.hide?.includes(name) ?? false,
      })),
      ...Object.entries(spec.formFields ?? {}).map(([name, f]) => ({
        name,
        inputName: name,
        label: f.label ?? sentence(name),
        kind: f.type.toLowerCase(),
        required: f.required ?? false,
        nullable: !(f.required ?? false),
        refModel: null,
        choices: null,
        description: f.description ?? null,
        plugin: f.plugin,
        permissions: f.permissions,
        writeOnly: false,
      })),
    ],
    filters: Object.entries(spec.filters ?? {}).map(([name, f]) => ({ name, type: f.type, description: f.description ?? null, refModel: filterModel(spec, name, f) })),
    orderFields: spec.orderFields.map(constantCase),
    customFields: spec.customFields ?? false,
    searchable: spec.searchable ?? false,
    search: [...spec.search],
    features: [...spec.features],
  };
}

export type PluginCatalogEntry = CatalogEntry & { plugin: string | null };

/** The model a list filter's values name, when they are ids (or names) of one: declared, or the reference field of the same name. */
function filterModel(spec: ModelApiSpec, name: string, filter: FilterSpec): string | null {
  if (filter.model) return filter.model;
  if (!filter.type.startsWith('[')) return null;
  const field = spec.fields[name];
  if (field?.kind === 'ref') return field.model;
  if (name === 'tag' && spec.fields['tags']?.kind === 'tags') return 'Tag';
  return null;
}

/**
 * `modelCatalog`: every model with the standard API (core and plugin), its fields, filters and orderings, and what
 * the caller may do with it. The web UI builds list, detail and form views from it, so a plugin model gets them
 * without the plugin writing any UI.
 */
export function addModelCatalog(builder: FathomBuilder, entries: () => readonly PluginCatalogEntry[]): void {
  const field = builder.objectRef<CatalogField>('ModelField').implement({
    fields: (t) => ({
      name: t.exposeString('name'),
      inputName: t.exposeString('inputName'),
      label: t.exposeString('label', { description: 'What forms and detail views call it.' }),
      plugin: t.exposeString('plugin', { nullable: true, description: 'The plugin that added it to the model’s forms (a form extension), or null.' }),
      kind: t.exposeString('kind', { description: 'string, int, boolean, ref, tags or contentTypes' }),
      required: t.exposeBoolean('required'),
      nullable: t.exposeBoolean('nullable'),
      refModel: t.exposeString('refModel', { nullable: true }),
      choices: t.exposeStringList('choices', { nullable: true }),
      description: t.exposeString('description', { nullable: true }),
      writeOnly: t.exposeBoolean('writeOnly', { description: 'Only written, never read back (a webhook’s secret): the type has no field of this name.' }),
    }),
  });
  const filter = builder.objectRef<PluginCatalogEntry['filters'][number]>('ModelFilter').implement({
    fields: (t) => ({
      name: t.exposeString('name'),
      type: t.exposeString('type'),
      description: t.exposeString('description', { nullable: true }),
      refModel: t.exposeString('refModel', { nullable: true, description: 'The model whose ids (or names) the filter takes, for a picker.' }),
    }),
  });
  const model = builder.objectRef<PluginCatalogEntry>('ModelInfo').implement({
    fields: (t) => ({
      model: t.exposeString('model'),
      plugin: t.exposeString('plugin', { nullable: true }),
      singular: t.exposeString('singular'),
      plural: t.exposeString('plural'),
      label: t.exposeString('label'),
      labelPlural: t.exposeString('labelPlural'),
      display: t.exposeString('display'),
      context: t.exposeString('context', { nullable: true, description: 'The reference that names where an object belongs, shown before it in pickers (e.g. an interface’s device).' }),
      listFields: t.exposeStringList('listFields'),
      fields: t.field({
        type: [field],
        description: 'Fields of its forms the caller may see.',
        resolve: (m, _a, ctx) => m.fields.filter((f) => f.permissions.length === 0 || ctx.auth.permissions.hasAll(f.permissions)),
      }),
      filters: t.field({ type: [filter], resolve: (m) => m.filters }),
      orderFields: t.exposeStringList('orderFields'),
      customFields: t.exposeBoolean('customFields', { description: 'Whether objects carry custom fields.' }),
      searchable: t.exposeBoolean('searchable', { description: 'Whether its objects appear in global search.' }),
      features: t.exposeStringList('features', { description: 'The shared features it takes part in: some of tags, customFields, relationships, computedFields, customLinks, exportTemplates, webhooks, changeLog, changeFeed.' }),
      contentType: t.string({ nullable: true, resolve: (m, _a, ctx) => ctx.auth.permissions.contentTypeOf(m.model) ?? null }),
      actions: t.stringList({ description: 'What the caller may do: some of view, add, change, delete.', resolve: (m, _a, ctx) => ACTIONS.filter((a) => ctx.auth.permissions.can(m.model, a)) }),
    }),
  });
  builder.queryField('modelCatalog', (t) =>
    t.field({ type: [model], extensions: AUTHENTICATED, description: 'Models with the standard API, core first, then plugins in load order.', resolve: () => [...entries()] }),
  );
}
