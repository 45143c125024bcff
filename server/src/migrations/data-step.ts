import { importFile } from '../import-file.ts';
import type { DatabaseProvider } from '../config/config.ts';
import type { Logger } from '../logger.ts';
import type { MigrationTransaction, Row } from './connection.ts';

/** Placeholders differ: `$1` for PostgreSQL, `?` for SQLite. */
export function placeholder(provider: DatabaseProvider, index: number): string {
  return provider === 'postgresql' ? `$${index + 1}` : '?';
}

/**
 * What a data step receives. Values go in as parameters of a tagged template, never into the SQL text:
 * `` await ctx.execute`UPDATE "ExampleWidget" SET "slug" = ${slug} WHERE "id" = ${id}` ``.
 * The step runs in the migration's transaction, after its SQL: if it throws, neither stays.
 */
export interface DataMigrationContext {
  /** The plugin's name, or `core`. */
  app: string;
  migration: string;
  provider: DatabaseProvider;
  /** The plugin's settings (defaults under the operator's values); empty for the core. */
  settings: Readonly<Record<string, unknown>>;
  log: Logger;
  query<T extends Row = Row>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]>;
  /** Returns the number of rows changed. */
  execute(strings: TemplateStringsArray, ...values: unknown[]): Promise<number>;
}

export type DataMigration = (ctx: DataMigrationContext) => Promise<void> | void;

/** Write a data step with its context typed. */
export function defineDataMigration(step: DataMigration): DataMigration {
  return step;
}

function statement(provider: DatabaseProvider, strings: TemplateStringsArray, values: unknown[]): { sql: string; args: unknown[] } {
  let sql = strings[0] ?? '';
  for (let i = 0; i < values.length; i += 1) sql += placeholder(provider, i) + (strings[i + 1] ?? '');
  const args = values.map((v) => (typeof v === 'boolean' && provider === 'sqlite' ? (v ? 1 : 0) : v instanceof Date ? v.toISOString() : v));
  return { sql, args };
}

export async function loadDataStep(file: string): Promise<DataMigration> {
  const module = (await importFile(file)) as { default?: unknown };
  if (typeof module.default !== 'function') throw new Error(`${file} must export a function as its default export`);
  return module.default as DataMigration;
}

export function dataContext(
  tx: MigrationTransaction,
  base: { app: string; migration: string; provider: DatabaseProvider; settings: Readonly<Record<string, unknown>>; log: Logger },
): DataMigrationContext {
  return {
    ...base,
    query: async <T extends Row = Row>(strings: TemplateStringsArray, ...values: unknown[]) => {
      const { sql, args } = statement(base.provider, strings, values);
      return (await tx.query(sql, args)) as T[];
    },
    execute: async (strings, ...values) => {
      const { sql, args } = statement(base.provider, strings, values);
      return tx.execute(sql, args);
    },
  };
}
