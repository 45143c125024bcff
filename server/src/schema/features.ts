import type { RequestContext } from '../context.ts';
import type { FieldError } from '../errors.ts';

/**
 * The shared features a model can take part in. A model's spec lists the ones it takes (`features`); the core's
 * network models take all of them, a plugin model takes what its plugin declares.
 */
export const MODEL_FEATURES = [
  'tags',
  'customFields',
  'relationships',
  'computedFields',
  'customLinks',
  'exportTemplates',
  'webhooks',
  'changeLog',
  'changeFeed',
] as const;

export type ModelFeature = (typeof MODEL_FEATURES)[number];

/** What a model whose spec lists no features takes: what every model with the standard API had before features were declared. */
export const DEFAULT_FEATURES: readonly ModelFeature[] = ['changeLog', 'changeFeed', 'webhooks', 'exportTemplates'];

/** Every feature: the core's network models (locations, devices, interfaces, prefixes, addresses, VLANs) take them all. */
export const ALL_FEATURES: readonly ModelFeature[] = MODEL_FEATURES;

/** Features that follow changes, and so need the change log's record of each. */
const NEEDS_CHANGE_LOG: readonly ModelFeature[] = ['webhooks', 'changeFeed'];

/** Problems with a model's feature list, given its Prisma model's fields; empty when it holds together. */
export function featureProblems(model: string, features: ReadonlySet<string>, prismaFields: ReadonlyArray<{ name: string; kind: string; type: string; isList: boolean }>): string[] {
  const problems: string[] = [];
  for (const feature of features) {
    if (!(MODEL_FEATURES as readonly string[]).includes(feature)) problems.push(`${model} lists an unknown feature "${feature}"; known: ${MODEL_FEATURES.join(', ')}`);
  }
  if (features.has('tags') && !prismaFields.some((f) => f.name === 'tags' && f.kind === 'object' && f.type === 'Tag' && f.isList)) {
    problems.push(`${model} takes tags but its Prisma model has no \`tags Tag[]\` relation`);
  }
  if (features.has('customFields') && !prismaFields.some((f) => f.name === 'customFieldData' && f.kind === 'scalar' && f.type === 'String')) {
    problems.push(`${model} takes custom fields but its Prisma model has no \`customFieldData String @default("{}")\` column`);
  }
  for (const feature of NEEDS_CHANGE_LOG) {
    if (features.has(feature) && !features.has('changeLog')) problems.push(`${model} takes ${feature} but not changeLog, which ${feature} follows`);
  }
  return problems;
}

/** One entry of a write's `relationships` input: every peer the object has in one relationship, on one side. */
export interface PeersInput {
  key: string;
  side?: string | null;
  peerIds: readonly string[];
}

/**
 * What the model API asks of relationships (the relationships room implements it; the machinery does not import
 * feature rooms): check a write's `relationships` input and save it in the write's transaction, forget a deleted
 * object's links, and narrow a list to objects linked to given peers.
 */
export interface RelationshipHooks {
  check(ctx: RequestContext, contentType: string, input: readonly PeersInput[] | null | undefined, existing: { id: string } | null): Promise<{ errors: FieldError[]; save: (txCtx: RequestContext, objectId: string) => Promise<void> }>;
  forget(txCtx: RequestContext, contentType: string, objectId: string): Promise<void>;
  where(ctx: RequestContext, contentType: string, filters: ReadonlyArray<{ key: string; peerIds: readonly string[] }>): Promise<Record<string, unknown>>;
}

/** What the directory reads of a catalog entry. */
interface CatalogLike {
  model: string;
  label: string;
  display: string;
  context: string | null;
  fields: ReadonlyArray<{ name: string; refModel: string | null }>;
  plugin: string | null;
  features: readonly string[];
}

/** One model of the running composition as the shared features see it. */
export interface DirectoryEntry {
  model: string;
  /** Content type label: `dcim.device`, `example.examplebgpsession`. */
  contentType: string;
  label: string;
  /** The field that names an object (`name`, `address`…). */
  display: string;
  /** The reference that places an object among its kind (an interface's device) and that object's display field. */
  context: { relation: string; display: string } | null;
  plugin: string | null;
  features: ReadonlySet<ModelFeature>;
}

/**
 * Every model with the standard API, core and plugin, by name and by content type, with the features it takes: what
 * computed fields, custom links, relationships, export templates, webhooks and the change feed consult to decide
 * whether a content type is theirs.
 */
export class ModelDirectory {
  private readonly models = new Map<string, DirectoryEntry>();
  private readonly contentTypes = new Map<string, DirectoryEntry>();

  constructor(catalog: readonly CatalogLike[], contentTypeOf: (model: string) => string | undefined) {
    const displays = new Map(catalog.map((e) => [e.model, e.display]));
    for (const entry of catalog) {
      const contentType = contentTypeOf(entry.model);
      if (!contentType) continue;
      const contextModel = entry.context ? entry.fields.find((f) => f.name === entry.context)?.refModel : null;
      const contextDisplay = contextModel ? displays.get(contextModel) : undefined;
      const context = entry.context && contextDisplay ? { relation: entry.context, display: contextDisplay } : null;
      const found: DirectoryEntry = { model: entry.model, contentType, label: entry.label, display: entry.display, context, plugin: entry.plugin, features: new Set(entry.features as ModelFeature[]) };
      this.models.set(entry.model, found);
      this.contentTypes.set(contentType, found);
    }
  }

  byModel(model: string): DirectoryEntry | undefined {
    return this.models.get(model);
  }

  byContentType(contentType: string): DirectoryEntry | undefined {
    return this.contentTypes.get(contentType);
  }

  /** Whether objects of the content type (or model) take part in the feature. */
  takes(contentTypeOrModel: string, feature: ModelFeature): boolean {
    return (this.contentTypes.get(contentTypeOrModel) ?? this.models.get(contentTypeOrModel))?.features.has(feature) ?? false;
  }

  /** Content types that take the feature, sorted. */
  contentTypesWith(feature: ModelFeature): string[] {
    return [...this.contentTypes.values()].filter((e) => e.features.has(feature)).map((e) => e.contentType).sort();
  }

  /** The field error for a content type (in `field`) that does not take the feature; `what` names the feature for people. */
  refusal(field: string, contentType: string, feature: ModelFeature, what: string): { field: string; code: string; message: string } {
    if (!this.contentTypes.has(contentType)) return { field, code: 'NOT_FOUND', message: `Unknown content type "${contentType}".` };
    return { field, code: 'INVALID_CHOICE', message: `"${contentType}" takes no ${what}; one of ${this.contentTypesWith(feature).join(', ')}.` };
  }
}
