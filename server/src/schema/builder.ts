import SchemaBuilder, { ObjectRef } from '@pothos/core';
import PrismaPlugin, { type PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError, Kind } from 'graphql';
import type { RequestContext } from '../context.ts';
import type { FieldError } from '../errors.ts';
import { NO_EXTENSIONS, type ModelExtensions } from './model-spec.ts';
import type PrismaTypes from '../../../generated/pothos-types.ts';

export interface FathomSchemaTypes {
  PrismaTypes: PrismaTypes;
  Context: RequestContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
  };
}

export type FathomTypes = PothosSchemaTypes.ExtendDefaultTypes<FathomSchemaTypes>;
export type FathomBuilder = PothosSchemaTypes.SchemaBuilder<FathomTypes>;

export interface BuilderOptions {
  /** The Prisma datamodel of the running composition (from the generated Pothos types). */
  dmmf: PothosPrismaDatamodel;
  /** Filters and list columns plugins add to this builder's models. */
  extensions?: ModelExtensions;
}

/** Largest page any connection returns; NetBox caps page size at 1,000 too. */
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 50;

/**
 * Every subschema, core and plugin, is built from a builder made here, so that the types they share (DateTime,
 * PageInfo, FieldError, SortDirection) are identical and stitch without conflict.
 */
export function createBuilder(options: BuilderOptions): FathomBuilder {
  const builder = new SchemaBuilder<FathomSchemaTypes>({
    plugins: [PrismaPlugin, RelayPlugin],
    defaultFieldNullability: false,
    prisma: {
      client: (ctx) => ctx.prisma,
      dmmf: options.dmmf,
      exposeDescriptions: false,
      filterConnectionTotalCount: true,
      maxConnectionSize: MAX_PAGE_SIZE,
      defaultConnectionSize: DEFAULT_PAGE_SIZE,
      onUnusedQuery: null,
    },
    relay: {
      clientMutationId: 'omit',
      cursorType: 'String',
      nodeQueryOptions: false,
      nodesQueryOptions: false,
    },
  });
  addSharedTypes(builder);
  datamodels.set(builder, options.dmmf);
  extensionsByBuilder.set(builder, options.extensions ?? NO_EXTENSIONS);
  return builder;
}

const datamodels = new WeakMap<FathomBuilder, PothosPrismaDatamodel>();
const extensionsByBuilder = new WeakMap<FathomBuilder, ModelExtensions>();

/** What plugins add to the models of a builder. */
export function extensionsOf(builder: FathomBuilder): ModelExtensions {
  return extensionsByBuilder.get(builder) ?? NO_EXTENSIONS;
}

/** The Prisma datamodel a builder was made with. */
export function datamodelOf(builder: FathomBuilder): PothosPrismaDatamodel {
  const dmmf = datamodels.get(builder);
  if (!dmmf) throw new Error('This builder was not made by createBuilder.');
  return dmmf;
}

export const SortDirection = 'SortDirection';

function addSharedTypes(builder: FathomBuilder): void {
  builder.queryType({});
  builder.mutationType({});
  builder.scalarType('DateTime', {
    description: 'An ISO-8601 date and time in UTC.',
    serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
    parseValue: (value) => parseDate(value),
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
      return parseDate(ast.value);
    },
  });
  builder.objectType(fieldErrorRef(builder), {
    description: 'A problem with one input field. `field` is the input field name; empty for the whole object.',
    fields: (t) => ({
      field: t.exposeString('field'),
      message: t.exposeString('message'),
      code: t.exposeString('code'),
    }),
  });
  builder.enumType(SortDirection, { values: ['ASC', 'DESC'] as const });
}

function parseDate(value: unknown): Date {
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new GraphQLError(`Invalid DateTime: ${String(value)}`);
  return date;
}

export type { FieldError } from '../errors.ts';

const fieldErrorRefs = new WeakMap<FathomBuilder, ObjectRef<FathomTypes, FieldError>>();

/** The `FieldError` type of a builder; every builder gets its own (identical) copy. */
export function fieldErrorRef(builder: FathomBuilder): ObjectRef<FathomTypes, FieldError> {
  let ref = fieldErrorRefs.get(builder);
  if (!ref) {
    ref = new ObjectRef<FathomTypes, FieldError>('FieldError');
    fieldErrorRefs.set(builder, ref);
  }
  return ref;
}
