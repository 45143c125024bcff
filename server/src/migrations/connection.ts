import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type { Client as LibsqlClient, Transaction as LibsqlTransaction } from '@libsql/client';
import type { DatabaseProvider } from '../config/config.ts';

export type Row = Record<string, unknown>;

/** Statements inside one migration's transaction. */
export interface MigrationTransaction {
  /** Run a whole script of statements (a migration's SQL), with no parameters. */
  script(sql: string): Promise<void>;
  query(sql: string, args?: readonly unknown[]): Promise<Row[]>;
  execute(sql: string, args?: readonly unknown[]): Promise<number>;
}

/**
 * One connection for migrations, straight to the driver: a migration's SQL, its data step and its history row must
 * share one transaction on one connection, which a pooled driver adapter does not promise.
 */
export interface MigrationConnection {
  provider: DatabaseProvider;
  query(sql: string, args?: readonly unknown[]): Promise<Row[]>;
  /** Run `work` in a transaction: committed if it returns, rolled back if it throws. */
  transaction<T>(work: (tx: MigrationTransaction) => Promise<T>): Promise<T>;
  tableExists(table: string): Promise<boolean>;
  close(): Promise<void>;
}

// Each database's driver is loaded when that database is used.
const load = createRequire(import.meta.url);

export async function openMigrationConnection(provider: DatabaseProvider, url: string): Promise<MigrationConnection> {
  return provider === 'postgresql' ? openPostgres(url) : openSqlite(url);
}

async function openPostgres(url: string): Promise<MigrationConnection> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  const pg = load('pg') as typeof import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  if (schema) await client.query(`SET search_path TO ${pg.escapeIdentifier(schema)}`);
  const query = async (sql: string, args: readonly unknown[] = []) => (await client.query(sql, [...args])).rows as Row[];
  const tx: MigrationTransaction = {
    script: async (sql) => {
      if (sql.trim() !== '') await client.query(sql);
    },
    query,
    execute: async (sql, args = []) => (await client.query(sql, [...args])).rowCount ?? 0,
  };
  return {
    provider: 'postgresql',
    query,
    async transaction(work) {
      await client.query('BEGIN');
      try {
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    async tableExists(table) {
      const rows = await query('SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1', [table]);
      return rows.length > 0;
    },
    close: () => client.end(),
  };
}

function rowsOf(result: { columns: string[]; rows: ArrayLike<unknown>[] }): Row[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((column, i) => [column, row[i]])));
}

async function openSqlite(url: string): Promise<MigrationConnection> {
  // A new deployment has no data folder yet; the file itself is created on first use.
  mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });
  const { createClient } = load('@libsql/client') as typeof import('@libsql/client');
  const client: LibsqlClient = createClient({ url });
  const query = async (sql: string, args: readonly unknown[] = []) => rowsOf(await client.execute({ sql, args: args as never }));
  const inTx = (t: LibsqlTransaction): MigrationTransaction => ({
    script: async (sql) => {
      if (sql.trim() !== '') await t.executeMultiple(sql);
    },
    query: async (sql, args = []) => rowsOf(await t.execute({ sql, args: args as never })),
    execute: async (sql, args = []) => (await t.execute({ sql, args: args as never })).rowsAffected,
  });
  return {
    provider: 'sqlite',
    query,
    async transaction(work) {
      // Rebuilding a table (SQLite's way to change a column) drops the old one: with foreign keys enforced that
      // would delete or refuse its children. They are switched off around the transaction, and checked before commit.
      await client.execute('PRAGMA foreign_keys = OFF');
      const t = await client.transaction('write');
      try {
        const result = await work(inTx(t));
        const broken = await t.execute('PRAGMA foreign_key_check');
        if (broken.rows.length > 0) {
          const first = rowsOf(broken)[0] ?? {};
          throw new Error(`the migration leaves ${broken.rows.length} row(s) pointing at rows that do not exist (first in table ${String(first['table'])})`);
        }
        await t.commit();
        return result;
      } catch (error) {
        await t.rollback();
        throw error;
      } finally {
        t.close();
        await client.execute('PRAGMA foreign_keys = ON');
      }
    },
    async tableExists(table) {
      const rows = await query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]);
      return rows.length > 0;
    },
    close: async () => client.close(),
  };
}
