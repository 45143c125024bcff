import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Attribute, Block, Field, KeyValue, Model, Schema } from '@mrleebo/prisma-ast';
import type { DatabaseProvider } from '../config/config.ts';
import { pluginError } from '../errors.ts';
import type { PluginRegistry } from '../plugins/registry.ts';

/** A plugin's share of the data model, as the composer sees it. */
export interface PluginModels {
  plugin: string;
  /** PascalCase prefix every model and enum of the plugin must start with. */
  prefix: string;
  /** Plugins whose models this one may point at. */
  dependencies: readonly string[];
  fragments: readonly string[];
}

export interface ComposedPrisma {
  /** The full schema text (with datasource and generators). */
  schema: string;
  /** Model names owned by each plugin. */
  modelsByPlugin: Map<string, string[]>;
  coreModels: string[];
}

// The Prisma schema parser and its parser toolkit (about 20 MB and 150 ms to load) are loaded when a schema is
// composed, which a start whose composition is remembered (`compose-cache.ts`) never does.
const load = createRequire(import.meta.url);
let ast: typeof import('@mrleebo/prisma-ast') | undefined;
const prismaAst = () => (ast ??= load('@mrleebo/prisma-ast') as typeof import('@mrleebo/prisma-ast'));

const CORE_FRAGMENTS = ['extras.prisma', 'users.prisma', 'dcim.prisma', 'ipam.prisma'];

export function coreFragments(): string[] {
  return CORE_FRAGMENTS.map((file) => readFileSync(fileURLToPath(new URL(`../../../prisma/core/${file}`, import.meta.url)), 'utf8'));
}

export function readFragment(source: string | URL): string {
  return readFileSync(source instanceof URL ? fileURLToPath(source) : source, 'utf8');
}

/** Each enabled plugin's models, read from its fragments, as the composer takes them. */
export function pluginModels(registry: PluginRegistry): PluginModels[] {
  return registry.plugins.map((plugin) => ({
    plugin: plugin.name,
    prefix: plugin.prefix,
    dependencies: plugin.dependencies,
    fragments: (registry.prismaFragments.find((c) => c.plugin === plugin)?.value ?? []).map(readFragment),
  }));
}

function parse(plugin: string | undefined, text: string): Schema {
  try {
    return prismaAst().getSchema(text);
  } catch (cause) {
    const message = `its Prisma fragment does not parse: ${(cause as Error).message}`;
    if (plugin) throw pluginError('PLUGIN_PRISMA', plugin, message, cause);
    throw new Error(`A core Prisma fragment does not parse: ${(cause as Error).message}`, { cause });
  }
}

function isField(p: unknown): p is Field {
  return (p as Field).type === 'field';
}

function attr(field: Field, name: string): Attribute | undefined {
  return field.attributes?.find((a) => a.name === name);
}

function blockMapName(model: Model): string | undefined {
  for (const p of model.properties) {
    if ((p as { type: string }).type === 'attribute' && (p as { name: string }).name === 'map') {
      const arg = (p as { args: Array<{ value: unknown }> }).args[0]?.value;
      if (typeof arg === 'string') return arg.replace(/^"|"$/g, '');
    }
  }
  return undefined;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function relationKeyValue(field: Field, key: string): unknown {
  const rel = attr(field, 'relation');
  for (const arg of rel?.args ?? []) {
    const v = arg.value as KeyValue;
    if (typeof v === 'object' && v !== null && (v as KeyValue).type === 'keyValue' && v.key === key) return v.value;
  }
  return undefined;
}

/**
 * Compose the Prisma schema from the core fragments and each plugin's fragments.
 *
 * Plugins may add models and enums (carrying their prefix) and relations from their models to core models or
 * to models of plugins they depend on. They may not define, extend or re-map a core model. Prisma needs both
 * sides of a relation, so the composer writes the opposite field onto the target model itself; that field is
 * generated and named after the plugin's model, and it is not a change a plugin made to the core.
 */
export function composePrisma(options: {
  provider: DatabaseProvider;
  plugins: readonly PluginModels[];
  generators?: string;
  core?: readonly string[];
}): ComposedPrisma {
  const coreSchemas = (options.core ?? coreFragments()).map((text) => parse(undefined, text));
  const models = new Map<string, { model: Model; owner: string | undefined }>();
  const enums = new Map<string, string | undefined>();
  const tables = new Map<string, string | undefined>();
  const blocks: Block[] = [];

  for (const schema of coreSchemas) {
    for (const block of schema.list) {
      if (block.type === 'model') {
        models.set(block.name, { model: block, owner: undefined });
        tables.set(blockMapName(block) ?? block.name, undefined);
      } else if (block.type === 'enum') {
        enums.set(block.name, undefined);
      }
      blocks.push(block);
    }
  }
  const coreModels = [...models.keys()];
  const modelsByPlugin = new Map<string, string[]>();
  const pending: Array<{ plugin: PluginModels; model: Model }> = [];

  for (const plugin of options.plugins) {
    const own: string[] = [];
    modelsByPlugin.set(plugin.plugin, own);
    for (const text of plugin.fragments) {
      const schema = parse(plugin.plugin, text);
      for (const block of schema.list) {
        if (block.type === 'comment' || block.type === 'break') continue;
        if (block.type !== 'model' && block.type !== 'enum') {
          throw pluginError('PLUGIN_PRISMA', plugin.plugin, `its Prisma fragment may only hold models and enums, found a ${block.type} block`);
        }
        const name = block.name;
        const existing = models.get(name);
        if (block.type === 'model' && existing) {
          if (existing.owner === undefined) {
            const coreFields = new Set(existing.model.properties.filter(isField).map((f) => f.name));
            const added = block.properties.filter(isField).map((f) => f.name).filter((f) => !coreFields.has(f));
            throw pluginError(
              'PLUGIN_PRISMA',
              plugin.plugin,
              added.length > 0
                ? `its Prisma fragment adds fields to the core model ${name} (${added.join(', ')}); plugins cannot modify core models, add a model of your own that points at ${name} instead`
                : `its Prisma fragment redefines the core model ${name}; plugins cannot modify core models`,
            );
          }
          throw pluginError('PLUGIN_PRISMA', plugin.plugin, `its Prisma model ${name} collides with a model of plugin "${existing.owner}"`);
        }
        if (enums.has(name) || (block.type === 'enum' && models.has(name))) {
          const owner = enums.get(name) ?? models.get(name)?.owner;
          throw pluginError('PLUGIN_PRISMA', plugin.plugin, `its Prisma ${block.type} ${name} collides with ${owner ? `plugin "${owner}"` : 'the core'}`);
        }
        if (!name.startsWith(plugin.prefix)) {
          throw pluginError('PLUGIN_PRISMA', plugin.plugin, `its Prisma ${block.type} ${name} must start with the plugin's prefix "${plugin.prefix}"`);
        }
        if (block.type === 'enum') {
          enums.set(name, plugin.plugin);
          blocks.push(block);
          continue;
        }
        const table = blockMapName(block) ?? name;
        if (tables.has(table)) {
          const owner = tables.get(table);
          throw pluginError(
            'PLUGIN_PRISMA',
            plugin.plugin,
            `its Prisma model ${name} maps onto the table "${table}" of ${owner ? `plugin "${owner}"` : 'the core'}; plugins cannot rename or take over existing models`,
          );
        }
        tables.set(table, plugin.plugin);
        models.set(name, { model: block, owner: plugin.plugin });
        own.push(name);
        pending.push({ plugin, model: block });
        blocks.push(block);
      }
    }
  }

  // Relations from plugin models to models they do not own: name them and add the opposite side. An opposite side
  // the composer wrote onto a plugin's model is not that plugin's relation, whichever plugin comes first.
  const generated = new WeakSet<Field>();
  for (const { plugin, model } of pending) {
    const fields = model.properties.filter(isField);
    const foreign = fields.filter((f) => !generated.has(f) && typeof f.fieldType === 'string' && models.has(f.fieldType) && models.get(f.fieldType)?.owner !== plugin.plugin);
    const perTarget = new Map<string, number>();
    for (const f of foreign) perTarget.set(f.fieldType as string, (perTarget.get(f.fieldType as string) ?? 0) + 1);
    for (const field of foreign) {
      const targetName = field.fieldType as string;
      const target = models.get(targetName);
      if (!target) continue;
      if (target.owner !== undefined && !plugin.dependencies.includes(target.owner)) {
        throw pluginError(
          'PLUGIN_PRISMA',
          plugin.plugin,
          `its model ${model.name}.${field.name} points at ${targetName} of plugin "${target.owner}", which is not among its dependencies`,
        );
      }
      if (!field.array && !attr(field, 'relation')) {
        throw pluginError('PLUGIN_PRISMA', plugin.plugin, `its relation ${model.name}.${field.name} to ${targetName} must hold the foreign key (@relation(fields: [...], references: [...]))`);
      }
      const relationName = `${model.name}_${field.name}`;
      setRelationName(field, relationName);
      const fkFields = relationKeyValue(field, 'fields');
      const fkNames = Array.isArray(fkFields) ? fkFields : (fkFields as { args?: unknown[] } | undefined)?.args ?? [];
      const oneToOne =
        !field.array &&
        fkNames.length === 1 &&
        fields.some((f) => f.name === fkNames[0] && attr(f, 'unique') !== undefined);
      const base = lowerFirst(model.name) + (oneToOne ? '' : 's');
      const backName = (perTarget.get(targetName) ?? 0) > 1 ? `${base}Via${upperFirst(field.name)}` : base;
      const targetFields = target.model.properties.filter(isField);
      if (targetFields.some((f) => f.name === backName)) {
        throw pluginError('PLUGIN_PRISMA', plugin.plugin, `the generated field ${targetName}.${backName} for ${model.name}.${field.name} already exists`);
      }
      const back: Field = {
        type: 'field',
        name: backName,
        fieldType: model.name,
        ...(oneToOne ? { optional: true } : { array: true }),
        attributes: [{ type: 'attribute', kind: 'field', name: 'relation', args: [{ type: 'attributeArgument', value: `"${relationName}"` }] }],
        comment: `// generated by Fathom for plugin "${plugin.plugin}"`,
      };
      generated.add(back);
      target.model.properties.push(back);
    }
  }

  if (options.provider !== 'postgresql') for (const block of blocks) if (block.type === 'model') dropPostgresIndexes(block);

  const header: Block[] = prismaAst().getSchema(
    `datasource db {\n  provider = "${options.provider}"\n}\n${options.generators ?? ''}`,
  ).list;
  const schema = prismaAst().printSchema({ type: 'schema', list: [...header, ...blocks] });
  return {
    schema: `// Generated by Fathom from prisma/core and the enabled plugins' fragments. Do not edit.\n${schema}`,
    modelsByPlugin,
    coreModels,
  };
}

/** Index methods only PostgreSQL has (`@@index([...], type: Gin)`, e.g. a trigram index for the quick search). */
const POSTGRES_INDEX_TYPES = new Set(['Gin', 'Gist', 'SpGist', 'Brin', 'Hash']);

/**
 * A fragment serves both databases, so an index that only PostgreSQL can build (a GIN trigram index for the
 * quick search) is left out of the schema composed for SQLite.
 */
function dropPostgresIndexes(model: Model): void {
  model.properties = model.properties.filter((p) => {
    if (p.type !== 'attribute' || p.kind !== 'object' || p.name !== 'index') return true;
    const method = (p.args ?? []).map((a) => a.value as unknown).find((v) => (v as { key?: unknown } | null)?.key === 'type') as { value?: unknown } | undefined;
    return !POSTGRES_INDEX_TYPES.has(String(method?.value));
  });
}

function setRelationName(field: Field, relationName: string): void {
  const quoted = `"${relationName}"`;
  const rel = attr(field, 'relation');
  if (!rel) {
    field.attributes = [...(field.attributes ?? []), { type: 'attribute', kind: 'field', name: 'relation', args: [{ type: 'attributeArgument', value: quoted }] }];
    return;
  }
  const args = rel.args ?? [];
  const named = args.findIndex((a) => typeof a.value === 'string' || ((a.value as KeyValue).type === 'keyValue' && (a.value as KeyValue).key === 'name'));
  const arg = { type: 'attributeArgument' as const, value: quoted };
  if (named >= 0) args[named] = arg;
  else args.unshift(arg);
  rel.args = args;
}
