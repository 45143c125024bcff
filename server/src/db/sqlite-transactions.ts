import type { IsolationLevel, SqlDriverAdapter, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';

/** A first-come, first-served lock: `acquire` resolves with the function that releases it. */
class Gate {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const before = this.tail;
    this.tail = before.then(() => held);
    return before.then(() => release);
  }
}

const control = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

/**
 * SQLite transactions on the adapter's one connection.
 *
 * libsql's client hands its connection to each transaction and opens a new one for whatever comes next, so every
 * transaction paid for opening the database file and reading its schema again: a write in a transaction ran at about
 * 0.4× the rate of the same write without one. Here a transaction is `BEGIN` … `COMMIT` on the connection every other
 * statement uses, and a gate keeps every other statement out until it ends, as the adapter's own lock did.
 */
export function oneConnectionTransactions(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const gate = new Gate();
  const gated =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const release = await gate.acquire();
      try {
        return await run(...args);
      } finally {
        release();
      }
    };
  const startTransaction = async (isolationLevel?: IsolationLevel): Promise<Transaction> => {
    if (isolationLevel && isolationLevel !== 'SERIALIZABLE') return adapter.startTransaction(isolationLevel); // the adapter's own refusal
    const release = await gate.acquire();
    try {
      await adapter.executeRaw(control('BEGIN'));
    } catch (error) {
      release();
      throw error;
    }
    let open = true;
    const end = async (sql: 'COMMIT' | 'ROLLBACK') => {
      if (!open) return;
      open = false;
      try {
        await adapter.executeRaw(control(sql));
      } catch (error) {
        // A commit SQLite refused (the file is locked by another process, say) leaves the transaction open: end it.
        if (sql === 'COMMIT') await adapter.executeRaw(control('ROLLBACK')).catch(() => {});
        if (sql === 'COMMIT') throw error;
      } finally {
        release();
      }
    };
    const savepoint = (prefix: string) => (name: string) => adapter.executeRaw(control(`${prefix} ${name}`)).then(() => undefined);
    return {
      provider: adapter.provider,
      adapterName: adapter.adapterName,
      options: { usePhantomQuery: true },
      queryRaw: (query) => adapter.queryRaw(query),
      executeRaw: (query) => adapter.executeRaw(query),
      commit: () => end('COMMIT'),
      rollback: () => end('ROLLBACK'),
      createSavepoint: savepoint('SAVEPOINT'),
      rollbackToSavepoint: savepoint('ROLLBACK TO'),
      releaseSavepoint: savepoint('RELEASE SAVEPOINT'),
    };
  };
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === 'queryRaw') return gated((query: SqlQuery) => target.queryRaw(query));
      if (prop === 'executeRaw') return gated((query: SqlQuery) => target.executeRaw(query));
      if (prop === 'executeScript') return gated((script: string) => target.executeScript(script));
      if (prop === 'startTransaction') return startTransaction;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
