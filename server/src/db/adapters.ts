import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlQueryable,
  Transaction,
} from '@prisma/driver-adapter-utils';
import type { DatabaseProvider, FathomConfig, SqliteSynchronous } from '../config/config.ts';
import { oneConnectionTransactions } from './sqlite-transactions.ts';

// Each database's driver is loaded when that database is used: a server loads one of the two.
const load = createRequire(import.meta.url);

/** Counts the SQL statements an adapter sends; tests and benchmarks read it, it costs one increment. */
export interface QueryCounter {
  count: number;
  statements: string[] | undefined;
}

export function createQueryCounter(options: { keepStatements?: boolean } = {}): QueryCounter {
  return { count: 0, statements: options.keepStatements ? [] : undefined };
}

/**
 * libsql's SQLite accepts 32,766 bound parameters, but without connection info Prisma assumes SQLite's historical
 * 999 and refuses nested reads of a few hundred rows ("query parameter limit exceeded").
 */
const SQLITE_MAX_BIND_VALUES = 32766;

/**
 * Prisma's `contains`, `startsWith` and `endsWith` become `LIKE ('%' || ? || '%')` and the like. PostgreSQL treats
 * a backslash in the pattern as an escape; SQLite has no escape character unless the statement names one, so `%`
 * and `_` in a search term could never be matched literally there. Every LIKE Prisma sends to SQLite gets `ESCAPE '\'`, which gives both
 * databases the same rule: `likeLiteral` escapes `\`, `%` and `_` with a backslash.
 */
export function withLikeEscape(sql: string): string {
  if (!sql.includes(' LIKE ')) return sql;
  return sql.replace(/\bLIKE (\?\d*(?!\d)|\([^()]*\))(?! ESCAPE)/g, "LIKE $1 ESCAPE '\\'");
}

function escapingLikes<T extends SqlQueryable>(target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop === 'queryRaw' || prop === 'executeRaw') {
        return (query: SqlQuery) => (value as (q: SqlQuery) => unknown).call(obj, { ...query, sql: withLikeEscape(query.sql) });
      }
      if (prop === 'startTransaction') {
        return async (...args: unknown[]) => escapingLikes((await (value as (...a: unknown[]) => Promise<Transaction>).apply(obj, args)) as Transaction);
      }
      return (value as (...a: unknown[]) => unknown).bind(obj);
    },
  });
}

/** How an SQLite connection is set up: `config.database`'s `sqliteSynchronous` and `sqliteCacheMb`. */
export interface SqliteSettings {
  synchronous?: SqliteSynchronous;
  cacheMb?: number;
}

/**
 * A connection's settings: the write-ahead log (readers do not wait for a writer, and a commit appends to the log
 * instead of rewriting pages through a rollback journal), how often it is synced, and how much of the file it keeps
 * in memory. SQLite's own page cache is 2 MB: at 100,000 devices, each list page and the count beside it read their
 * pages from the file again (7.8 ms for a page with its count; with 64 MB, 2.4 ms). `journal_mode` stays with the
 * file; `synchronous` and `cache_size` are per connection. A file another process holds locked keeps its mode until
 * the next connection.
 */
async function sqliteSettings(adapter: SqlDriverAdapter, settings: SqliteSettings): Promise<void> {
  await adapter.queryRaw({ sql: 'PRAGMA journal_mode = WAL', args: [], argTypes: [] }).catch(() => {});
  await adapter.executeRaw({ sql: `PRAGMA synchronous = ${settings.synchronous === 'full' ? 'FULL' : 'NORMAL'}`, args: [], argTypes: [] });
  // A negative size is in KiB. The number is checked by the config's schema; this is a second guard on the SQL text.
  const kib = Math.trunc(Number(settings.cacheMb ?? 0)) * 1024;
  if (Number.isSafeInteger(kib) && kib > 0) await adapter.queryRaw({ sql: `PRAGMA cache_size = -${kib}`, args: [], argTypes: [] });
}

/** The driver adapter for a deployment's database, with its SQLite settings. */
export function databaseAdapter(database: FathomConfig['database']): SqlMigrationAwareDriverAdapterFactory {
  return createAdapterFactory(database.provider, database.url, { synchronous: database.sqliteSynchronous, cacheMb: database.sqliteCacheMb });
}

export function createAdapterFactory(provider: DatabaseProvider, url: string, sqlite: SqliteSettings = {}): SqlMigrationAwareDriverAdapterFactory {
  if (provider === 'postgresql') {
    const { PrismaPg } = load('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
    return new PrismaPg({ connectionString: url });
  }
  mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });
  const { PrismaLibSql } = load('@prisma/adapter-libsql') as typeof import('@prisma/adapter-libsql');
  const factory = new PrismaLibSql({ url });
  const withInfo = async (connect: () => Promise<SqlDriverAdapter>) => {
    const adapter = await connect();
    adapter.getConnectionInfo = () => ({ maxBindValues: SQLITE_MAX_BIND_VALUES, supportsRelationJoins: false });
    await sqliteSettings(adapter, sqlite);
    return escapingLikes(oneConnectionTransactions(adapter));
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => withInfo(() => factory.connect()),
    connectToShadowDb: () => withInfo(() => factory.connectToShadowDb()),
  };
}

function countQueryable<T extends SqlQueryable>(target: T, counter: QueryCounter): T {
  const record = (query: SqlQuery) => {
    // Transaction control is not a statement about data (and one adapter sends COMMIT this way, another not).
    if (/^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i.test(query.sql)) return;
    counter.count += 1;
    counter.statements?.push(query.sql);
  };
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop === 'queryRaw' || prop === 'executeRaw') {
        return (query: SqlQuery) => {
          record(query);
          return (value as (q: SqlQuery) => unknown).call(obj, query);
        };
      }
      if (prop === 'startTransaction') {
        return async (...args: unknown[]) => {
          const tx = (await (value as (...a: unknown[]) => Promise<Transaction>).apply(obj, args)) as Transaction;
          return countQueryable(tx, counter);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(obj);
    },
  });
}

/** Wrap a factory so every statement sent through its connections is counted. */
export function countingFactory(
  factory: SqlMigrationAwareDriverAdapterFactory,
  counter: QueryCounter,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => countQueryable<SqlDriverAdapter>(await factory.connect(), counter),
    connectToShadowDb: async () => countQueryable<SqlDriverAdapter>(await factory.connectToShadowDb(), counter),
  };
}

/**
 * The schema engine reads PostgreSQL catalogs that contain the internal one-byte `"char"` type (OID 18), which
 * the pg adapter refuses to map. For the schema engine only, such columns are reported as text (OID 25): they
 * arrive as strings anyway. The application's own queries never touch catalog columns of that type.
 */
function reportCharAsText(queryable: object): void {
  const io = queryable as { performIO?: (q: SqlQuery) => Promise<{ fields: Array<{ dataTypeID: number }> }> };
  const original = io.performIO;
  if (typeof original !== 'function') return;
  io.performIO = async (query: SqlQuery) => {
    const result = await original.call(queryable, query);
    for (const field of result.fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
}

/**
 * A factory for the schema engine that remembers every connection it opens so that they can be closed when the
 * migration is done (the engine does not close them, which would keep the process alive).
 */
export function schemaEngineFactory(factory: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  close: () => Promise<void>;
} {
  const opened: SqlDriverAdapter[] = [];
  const track = async (connect: () => Promise<SqlDriverAdapter>) => {
    const adapter = await connect();
    if (factory.provider === 'postgres') {
      reportCharAsText(adapter);
      const start = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = async (...args) => {
        const tx = await start(...args);
        reportCharAsText(tx);
        return tx;
      };
    }
    opened.push(adapter);
    return adapter;
  };
  return {
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: () => track(() => factory.connect()),
      connectToShadowDb: () => track(() => factory.connectToShadowDb()),
    },
    close: async () => {
      for (const adapter of opened.splice(0)) await adapter.dispose();
    },
  };
}

/** Where a client's open connection is kept for code that writes beside Prisma (`schema/sql-write/insert.ts`). */
export interface HeldConnection {
  adapter: SqlDriverAdapter | undefined;
}

/** Wrap a factory so the adapter of its latest connection is held, until that connection is closed. */
export function holdingFactory(factory: SqlMigrationAwareDriverAdapterFactory, held: HeldConnection): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      const dispose = adapter.dispose.bind(adapter);
      held.adapter = adapter;
      adapter.dispose = async () => {
        if (held.adapter === adapter) held.adapter = undefined;
        await dispose();
      };
      return adapter;
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}
