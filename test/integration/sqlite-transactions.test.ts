import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

/**
 * SQLite's transactions run on the client's one connection (not on a connection opened for each, as libsql does):
 * what they write must stay invisible to every other statement until they end, and be gone if they fail.
 */
describe('transactions on SQLite', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'sqlite-transactions');
    t = await bootApp(testConfig(db));
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('keeps other statements out until a transaction ends, so they never see what it has not committed', async () => {
    const prisma = t.runtime.prisma;
    let outside: Promise<number> | undefined;
    const failed = prisma.$transaction(async (tx) => {
      await tx.tag.create({ data: { name: 'gate-undone' } });
      // Sent while the transaction is open (a Prisma query starts when `then` is called): it runs after the
      // rollback, and finds nothing.
      outside = prisma.tag.count({ where: { name: 'gate-undone' } }).then((n) => n);
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('undo');
    });
    await expect(failed).rejects.toThrow('undo');
    expect(await outside).toBe(0);

    let during: Promise<number> | undefined;
    await prisma.$transaction(async (tx) => {
      await tx.tag.create({ data: { name: 'gate-kept' } });
      during = prisma.tag.count({ where: { name: 'gate-kept' } }).then((n) => n);
      await new Promise((resolve) => setTimeout(resolve, 30));
    });
    expect(await during).toBe(1);
  });

  it('runs concurrent transactions one after another, each whole', async () => {
    const prisma = t.runtime.prisma;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        prisma.$transaction(async (tx) => {
          await tx.tag.create({ data: { name: `gate-batch-${i}-a` } });
          await tx.tag.create({ data: { name: `gate-batch-${i}-b` } });
        }),
      ),
    );
    const failing = Array.from({ length: 4 }, (_, i) =>
      prisma.$transaction(async (tx) => {
        await tx.tag.create({ data: { name: `gate-failed-${i}` } });
        await tx.tag.create({ data: { name: 'gate-batch-0-a' } }); // a duplicate: the whole transaction is undone
      }),
    );
    expect((await Promise.allSettled(failing)).every((r) => r.status === 'rejected')).toBe(true);
    expect(await prisma.tag.count({ where: { name: { startsWith: 'gate-batch-' } } })).toBe(16);
    expect(await prisma.tag.count({ where: { name: { startsWith: 'gate-failed-' } } })).toBe(0);
    // The connection is usable afterwards, inside and outside transactions.
    await prisma.$transaction(async (tx) => tx.tag.create({ data: { name: 'gate-after' } }));
    expect(await prisma.tag.count({ where: { name: 'gate-after' } })).toBe(1);
  });

  it('runs the file in write-ahead-log mode, synced at checkpoints unless database.sqliteSynchronous is full', async () => {
    const prisma = t.runtime.prisma;
    expect(await prisma.$queryRawUnsafe('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await prisma.$queryRawUnsafe('PRAGMA synchronous')).toEqual([{ synchronous: 1 }]); // NORMAL
    const full = await bootApp(testConfig(db, { database: { url: db.url, sqliteSynchronous: 'full' } }));
    try {
      expect(await full.runtime.prisma.$queryRawUnsafe('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]); // FULL
      expect(await full.runtime.prisma.$queryRawUnsafe('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    } finally {
      await full.close();
    }
  });

  it('keeps up to database.sqliteCacheMb of the file in memory: 64 MB unless configured, never SQLite’s 2 MB', async () => {
    // A negative cache_size is in KiB.
    expect(await t.runtime.prisma.$queryRawUnsafe('PRAGMA cache_size')).toEqual([{ cache_size: -64 * 1024 }]);
    const small = await bootApp(testConfig(db, { database: { url: db.url, sqliteCacheMb: 8 } }));
    try {
      expect(await small.runtime.prisma.$queryRawUnsafe('PRAGMA cache_size')).toEqual([{ cache_size: -8 * 1024 }]);
    } finally {
      await small.close();
    }
    // Out of range, or not a whole number, is a config error naming the key.
    for (const sqliteCacheMb of [1, 5000, 1.5]) expect(() => testConfig(db, { database: { url: db.url, sqliteCacheMb } })).toThrow(/sqliteCacheMb/);
  });
});
