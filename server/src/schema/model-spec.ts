import type { RequestContext } from '../context.ts';
import { FathomError, type FieldError } from '../errors.ts';
import type PrismaTypes from '../../../generated/pothos-types.ts';
import { DEFAULT_FEATURES, type ModelFeature } from './features.ts';

type ModelName = keyof PrismaTypes & string;

/** The subset of a Prisma model delegate the generic API uses. */
export interface Delegate {
  findMany(args: object): Promise<Array<Record<string, unknown>>>;
  findUnique(args: object): Promise<Record<string, unknown> | null>;
  findFirst(args: object): Promise<Record<string, unknown> | null>;
  count(args: object): Promise<number>;
  create(args: object): Promise<Record<string, unknown>>;
  update(args: object): Promise<Record<string, unknown>>;
  delete(args: object): Promise<Record<string, unknown>>;
}

export type Where = Record<string, unknown>;

/** How one writable field is read from GraphQL input, checked, and written to Prisma; `label` names it in forms. */
export type InputFieldSpec = { label?: string } & (
  | { kind: 'string'; required?: boolean; nullable?: boolean; maxLength?: number; choices?: readonly string[]; pattern?: RegExp; patternMessage?: string; description?: string }
  | { kind: 'int'; required?: boolean; nullable?: boolean; min?: number; max?: number; description?: string }
  | { kind: 'boolean'; required?: boolean; description?: string }
  | { kind: 'ref'; model: ModelName; column: string; required?: boolean; description?: string }
  | { kind: 'tags'; description?: string }
  | { kind: 'contentTypes'; description?: string }
);

export interface FilterSpec {
  type: 'String' | 'Int' | 'Boolean' | 'ID' | '[String!]' | '[ID!]';
  description?: string;
  /** The model whose ids (or names) the values are, when no reference field of the same name says it. */
  model?: string;
  where: (value: never, ctx: RequestContext) => Where | Promise<Where>;
}

/** A relation the declared type shows; to-many relations are lists in this order. */
export interface RelationSpec {
  orderBy?: Record<string, 'asc' | 'desc'> | ReadonlyArray<Record<string, 'asc' | 'desc'>>;
}

/**
 * The GraphQL type, declared with the API instead of with `builder.prismaObject`: every scalar column is a field
 * (foreign keys and `customFieldData` aside: they surface as relations and `customFields`), with the column's type
 * and nullability, plus the relations named here. Write `builder.prismaObject` only for what is special.
 */
export interface TypeSpec {
  /** Relation fields, by name, e.g. `{ device: {} }` or `{ deviceTypes: { orderBy: { model: 'asc' } } }`. */
  relations?: Readonly<Record<string, RelationSpec>>;
  /** Relay connections over to-many relations (cursor `id`, with `totalCount`), by relation name. */
  connections?: Readonly<Record<string, RelationSpec>>;
  /** Count fields, by field name: the to-many relation each counts, e.g. `{ interfaceCount: 'interfaces' }`. */
  counts?: Readonly<Record<string, string>>;
  /** Columns to leave out of the type. */
  hide?: readonly string[];
  /** Field descriptions, by column or relation name. */
  descriptions?: Readonly<Record<string, string>>;
}

export interface ModelApiSpec {
  model: ModelName;
  /** camelCase singular, e.g. `device`, `ipAddress` (default: from the model's name). */
  singular: string;
  /** camelCase plural, e.g. `devices`, `ipAddresses` (default: the singular's English plural). */
  plural: string;
  /** Human label, singular and plural ("Device", "Devices"); derived from the model name when left out. */
  label?: string;
  labelPlural?: string;
  /** The field that names an object in lists and links (default `name`). */
  display?: string;
  /** The reference field that places an object among its kind (`device` for an interface): pickers show it first. */
  context?: string;
  /** Extra read-only fields the generic list view shows (scalars of the GraphQL type). */
  listFields?: readonly string[];
  /** The Prisma delegate (default: `ctx.prisma.<model with a lower-case first letter>`). */
  delegate: (ctx: RequestContext) => Delegate;
  /** Declare the GraphQL type from the Prisma model too (see `TypeSpec`); leave out to write it with `prismaObject`. */
  type?: TypeSpec;
  fields: Record<string, InputFieldSpec>;
  /** Field sets that must be unique together, checked before writing so the error names the fields. */
  unique?: ReadonlyArray<readonly string[]>;
  filters?: Record<string, FilterSpec>;
  /**
   * Fields matched (case-insensitively, as substrings) by the quick search `q`, each word of it separately; a
   * dotted path (`device.name`) searches a single related object's field.
   */
  search: readonly string[];
  orderFields: readonly string[];
  defaultOrder?: ReadonlyArray<Record<string, 'asc' | 'desc'>>;
  /** The model's objects appear in the web UI's global search (by the quick search `q`). */
  searchable?: boolean;
  /**
   * The shared features the model takes part in (see `MODEL_FEATURES`); default: change log, change feed, webhooks
   * and export templates. `tags` needs a `tags Tag[]` relation and `customFields` a `customFieldData` column.
   */
  features: readonly ModelFeature[];
  /** The same as listing `customFields` and `computedFields` in `features` (the older spelling). */
  customFields?: boolean;
  /** Fields plugins add to the model's forms, by input name. */
  formFields?: Readonly<Record<string, FormFieldSpec>>;
  /** Derive stored columns from input (e.g. IP address parts); may report field errors. */
  prepare?: (data: Record<string, unknown>, ctx: RequestContext, existing: Record<string, unknown> | null) => Promise<FieldError[]> | FieldError[];
}

/**
 * A field added to a model's forms from outside its spec (by a plugin): its input, a field of the type showing the
 * current value, and the callbacks that load, check and store the value (in the object's write transaction).
 */
export interface FormFieldSpec {
  type: 'String' | 'Int' | 'Boolean';
  label?: string;
  description?: string;
  required?: boolean;
  /** What a user must hold to see and set it. */
  permissions: readonly string[];
  /** The plugin that added it. */
  plugin: string;
  load: (ctx: RequestContext, ids: readonly string[]) => Promise<Readonly<Record<string, unknown>>>;
  validate?: (value: unknown, ctx: RequestContext, object: Record<string, unknown> | null) => Promise<readonly string[]>;
  save: (ctx: RequestContext, change: { object: Record<string, unknown> & { id: string }; value: unknown; action: 'create' | 'update' }) => Promise<readonly string[] | void>;
}

/**
 * A model's spec as written: the names of its API (`singular`, `plural`) and its Prisma delegate may be left out
 * when they follow from the model's name (`IPAddress` → `ipAddress`, `ipAddresses`, `ctx.prisma.iPAddress`).
 */
export type ModelApiDeclaration = Omit<ModelApiSpec, 'singular' | 'plural' | 'delegate' | 'features'> & Partial<Pick<ModelApiSpec, 'singular' | 'plural' | 'delegate' | 'features'>>;

/** `DeviceType` → `deviceType`, `IPAddress` → `ipAddress`, `VLAN` → `vlan`: a leading acronym is lower-cased whole. */
export function camelName(model: string): string {
  const run = /^[A-Z]+/.exec(model)?.[0] ?? '';
  if (run.length === model.length) return model.toLowerCase();
  if (run.length <= 1) return model.charAt(0).toLowerCase() + model.slice(1);
  return run.slice(0, -1).toLowerCase() + model.slice(run.length - 1);
}

/** English plural of a camelCase name: `status` → `statuses`, `prefix` → `prefixes`, `gitRepository` → `gitRepositories`. */
export function pluralName(singular: string): string {
  if (/(s|x|z|ch|sh)$/.test(singular)) return `${singular}es`;
  if (/[^aeiou]y$/.test(singular)) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

/**
 * The spec with the names that follow from the model's name filled in, and its features with what they bring: a
 * model that takes tags gets the `tags` input field, the `tag` filter and (with a declared type) the `tags` relation.
 */
export function completeSpec(declared: ModelApiDeclaration): ModelApiSpec {
  const singular = declared.singular ?? camelName(declared.model);
  const features = new Set<ModelFeature>(declared.features ?? DEFAULT_FEATURES);
  if (declared.customFields) features.add('customFields').add('computedFields');
  if (Object.values(declared.fields).some((f) => f.kind === 'tags')) features.add('tags');
  let { fields, filters, type } = declared;
  if (features.has('tags')) {
    if (!Object.values(fields).some((f) => f.kind === 'tags')) fields = { ...fields, tags: { kind: 'tags' } };
    if (!filters?.['tag']) filters = { ...filters, tag: { type: '[String!]', description: 'Tag ids or names.', model: 'Tag', where: (values: string[]) => ({ tags: { some: idOrName(values) } }) } };
    if (type && !type.relations?.['tags']) type = { ...type, relations: { ...type.relations, tags: { orderBy: { name: 'asc' } } } };
  }
  return {
    ...declared,
    fields,
    ...(filters && { filters }),
    ...(type && { type }),
    features: [...features],
    customFields: features.has('customFields'),
    singular,
    plural: declared.plural ?? pluralName(singular),
    delegate: declared.delegate ?? ((ctx) => delegateFor(ctx, declared.model)),
  };
}

export function constantCase(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** A search term as a LIKE pattern that matches it literally: `%`, `_` and `\\` are escaped (both databases). */
export function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Case-insensitive substring match of `value`, taken literally (wildcards in it match only themselves). */
export function insensitiveContains(ctx: RequestContext, value: string): Where {
  const pattern = likeLiteral(value);
  return ctx.provider === 'postgresql' ? { contains: pattern, mode: 'insensitive' } : { contains: pattern };
}

/** Match a related object by id or by name, the way list filters accept either. */
export function idOrName(values: readonly string[]): Where {
  return { OR: [{ id: { in: [...values] } }, { name: { in: [...values] } }] };
}

export function inputNameOf(name: string, field: InputFieldSpec): string {
  return field.kind === 'ref' ? `${name}Id` : field.kind === 'tags' ? 'tagIds' : name;
}

export function delegateFor(ctx: RequestContext, model: string): Delegate {
  const key = model.charAt(0).toLowerCase() + model.slice(1);
  return (ctx.prisma as unknown as Record<string, Delegate>)[key] as Delegate;
}


/**
 * What plugins add to other models' standard API (the core's, today): filters in the model's filter input and its
 * list filter form, and columns in its list view. Each is tagged with the plugin that added it.
 */
export interface ModelExtensions {
  filters: ReadonlyMap<string, ReadonlyArray<{ plugin: string; name: string; filter: FilterSpec }>>;
  listFields: ReadonlyMap<string, ReadonlyArray<{ plugin: string; field: string }>>;
  formFields: ReadonlyMap<string, ReadonlyArray<{ name: string; field: FormFieldSpec }>>;
}

export const NO_EXTENSIONS: ModelExtensions = { filters: new Map(), listFields: new Map(), formFields: new Map() };

/**
 * A model's spec with what plugins add to it. A plugin filter named like one the model has already is a start-up
 * error naming the plugin.
 */
export function withExtensions(spec: ModelApiSpec, extensions: ModelExtensions): ModelApiSpec {
  const filters = extensions.filters.get(spec.model) ?? [];
  const listFields = extensions.listFields.get(spec.model) ?? [];
  const formFields = extensions.formFields.get(spec.model) ?? [];
  if (filters.length === 0 && listFields.length === 0 && formFields.length === 0) return spec;
  const merged: Record<string, FilterSpec> = { ...(spec.filters ?? {}) };
  for (const { plugin, name, filter } of filters) {
    if (name in merged || name === 'q' || name === 'id') throw new FathomError('PLUGIN_INVALID', `its filter ${spec.model}.${name} clashes with a filter the model has already`, { plugin });
    merged[name] = filter;
  }
  const taken = new Set([...Object.entries(spec.fields).map(([name, f]) => inputNameOf(name, f)), 'id', 'customFields']);
  const forms: Record<string, FormFieldSpec> = {};
  for (const { name, field } of formFields) {
    if (taken.has(name) || name in forms) throw new FathomError('PLUGIN_INVALID', `its form field ${spec.model}.${name} clashes with a field the model's input has already`, { plugin: field.plugin });
    forms[name] = field;
  }
  return { ...spec, filters: merged, formFields: forms, listFields: [...(spec.listFields ?? []), ...listFields.map((c) => c.field)] };
}
