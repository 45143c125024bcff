import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdapterFactory } from '../../server/src/db/adapters.ts';
import { composePrisma, readFragment, type PluginModels } from '../../server/src/db/compose-prisma.ts';
import { migrateDatabase } from '../../server/src/db/migrate.ts';
import { createLogger } from '../../server/src/logger.ts';
import { openMigrationConnection } from '../../server/src/migrations/connection.ts';
import { planUpgrade, postUpgrade, printPlan } from '../../server/src/post-upgrade.ts';
import { openRuntime } from '../../server/src/runtime.ts';
import { BUNDLED, createTestDatabase, PROVIDERS, testConfig, type TestDatabase } from '../harness.ts';

const silent = createLogger('silent');
const release = (version: '1.0' | '1.1' | '2.0') => `./test/fixtures/plugins/versioned/v${version}/plugin.ts`;

async function sql(db: TestDatabase, text: string, args: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const conn = await openMigrationConnection(db.provider, db.url);
  try {
    return await conn.query(db.provider === 'postgresql' ? text.replace(/\?/g, (_, i: number) => `$${text.slice(0, i).split('?').length}`) : text, args);
  } finally {
    await conn.close();
  }
}

async function columns(db: TestDatabase, table: string): Promise<string[]> {
  const rows =
    db.provider === 'postgresql'
      ? await sql(db, 'SELECT column_name AS name FROM information_schema.columns WHERE table_name = ? ORDER BY column_name', [table])
      : await sql(db, `SELECT name FROM pragma_table_info('${table}') ORDER BY name`);
  return rows.map((r) => String(r['name']));
}

async function history(db: TestDatabase, app: string): Promise<string[]> {
  const rows = await sql(db, 'SELECT "name", "kind" FROM "FathomMigration" WHERE "app" = ? ORDER BY "name"', [app]);
  return rows.map((r) => `${String(r['name'])}${r['kind'] === 'baseline' ? ' (baseline)' : ''}`);
}

/** A database at release 1.0 of the versioned plugin, with three widgets. */
async function atRelease1(db: TestDatabase): Promise<void> {
  await postUpgrade(testConfig(db, { plugins: [release('1.0')] }), silent, () => {}, { buildWeb: false });
  for (const [id, name, descr] of [['w1', 'Core Switch 1', 'first floor'], ['w2', 'Edge Router', ''], ['w3', 'fail-here', 'spare']]) {
    await sql(db, 'INSERT INTO "VersionedWidget" ("id", "name", "descr") VALUES (?, ?, ?)', [id, name, descr]);
  }
}

describe.each(PROVIDERS)('versioned migrations on %s', (provider) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(provider, 'migrations');
  });
  afterEach(async () => db?.drop());

  it('upgrades a plugin from 1.0 to 2.0 through its migrations and data step, keeping every row and value', async () => {
    await atRelease1(db);
    expect(await history(db, 'versioned')).toEqual(['0001_initial']);
    expect(await history(db, 'core')).toEqual(['0001_initial', '0002_user_preferences', '0003_interface_vlans', '0004_search_indexes', '0005_device_platform_serial_indexes']);

    const lines: string[] = [];
    const run = await postUpgrade(testConfig(db, { plugins: [release('2.0')] }), silent, (l) => lines.push(l), { buildWeb: false });
    expect(run.migrationsApplied).toEqual(['versioned/0002_add_colour', 'versioned/0003_rename_descr_add_slug', 'versioned/0004_require_slug']);
    expect(lines).toEqual(expect.arrayContaining(['  versioned: applied 0002_add_colour', '  versioned: applied 0003_rename_descr_add_slug (with its data step)', '  versioned: applied 0004_require_slug']));
    expect(await columns(db, 'VersionedWidget')).toEqual(['colour', 'description', 'id', 'name', 'slug']);
    const rows = await sql(db, 'SELECT "id", "name", "description", "colour", "slug" FROM "VersionedWidget" ORDER BY "id"');
    expect(rows).toEqual([
      { id: 'w1', name: 'Core Switch 1', description: 'first floor', colour: 'grey', slug: 'core-switch-1' },
      { id: 'w2', name: 'Edge Router', description: '', colour: 'grey', slug: 'edge-router' },
      { id: 'w3', name: 'fail-here', description: 'spare', colour: 'grey', slug: 'fail-here' },
    ]);
    expect(await history(db, 'versioned')).toEqual(['0001_initial', '0002_add_colour', '0003_rename_descr_add_slug', '0004_require_slug']);
    // The slug is required now: the last migration made it so.
    await expect(sql(db, 'INSERT INTO "VersionedWidget" ("id", "name") VALUES (?, ?)', ['w4', 'no slug'])).rejects.toThrow();

    const again = await postUpgrade(testConfig(db, { plugins: [release('2.0')] }), silent, () => {}, { buildWeb: false });
    expect(again.migrationsApplied).toEqual([]);
    expect(again.steps).toContain('  No migrations to apply.');
  });

  it('plans the upgrade, printing each migration’s SQL and data step, and changes nothing', async () => {
    await atRelease1(db);
    const before = await columns(db, 'VersionedWidget');
    const plan = await planUpgrade(testConfig(db, { plugins: [release('2.0')] }), silent);
    const lines: string[] = [];
    printPlan(plan, (l) => lines.push(l));
    expect(plan.plan.steps.map((s) => `${s.app}/${s.migration.name}:${s.action}`)).toEqual([
      'versioned/0002_add_colour:apply',
      'versioned/0003_rename_descr_add_slug:apply',
      'versioned/0004_require_slug:apply',
    ]);
    expect(lines).toEqual(expect.arrayContaining(['versioned: 0003_rename_descr_add_slug would run:', '    ALTER TABLE "VersionedWidget" RENAME COLUMN "descr" TO "description";']));
    expect(lines.find((l) => l.includes('then its data step'))).toMatch(/0003_rename_descr_add_slug\/data\.ts$/);
    expect(await columns(db, 'VersionedWidget')).toEqual(before);
    expect(await history(db, 'versioned')).toEqual(['0001_initial']);
  });

  it('rolls back a failing data step whole, leaving the database at 1.1, and names the plugin and the migration', async () => {
    await atRelease1(db);
    const config = testConfig(db, { plugins: [release('2.0')], pluginsConfig: { versioned: { failDataStep: true } } });
    const failure = postUpgrade(config, silent, () => {}, { buildWeb: false });
    await expect(failure).rejects.toMatchObject({ code: 'MIGRATION', plugin: 'versioned' });
    await expect(failure).rejects.toThrow(/migration 0003_rename_descr_add_slug failed and was rolled back: cannot make a slug for "fail-here".*stands at 0002_add_colour/);
    expect(await history(db, 'versioned')).toEqual(['0001_initial', '0002_add_colour']);
    // 0003's rename and new column were undone with its data step; 0002's column stayed.
    expect(await columns(db, 'VersionedWidget')).toEqual(['colour', 'descr', 'id', 'name']);
    expect(await sql(db, 'SELECT "descr" FROM "VersionedWidget" WHERE "id" = ?', ['w1'])).toEqual([{ descr: 'first floor' }]);

    // Fixed (the setting removed), the same upgrade goes through from where it stopped.
    const fixed = await postUpgrade(testConfig(db, { plugins: [release('2.0')] }), silent, () => {}, { buildWeb: false });
    expect(fixed.migrationsApplied).toEqual(['versioned/0003_rename_descr_add_slug', 'versioned/0004_require_slug']);
  });

  it('keeps a disabled plugin’s tables and history, and applies only what is new when it comes back', async () => {
    await atRelease1(db);
    const off = await postUpgrade(testConfig(db, { plugins: [] }), silent, () => {}, { buildWeb: false });
    expect(off.retainedPlugins).toEqual(['versioned']);
    expect(await history(db, 'versioned')).toEqual(['0001_initial']);
    expect(await sql(db, 'SELECT COUNT(*) AS n FROM "VersionedWidget"')).toEqual([{ n: provider === 'postgresql' ? '3' : 3 }]);
    const back = await postUpgrade(testConfig(db, { plugins: [release('1.1')] }), silent, () => {}, { buildWeb: false });
    expect(back.migrationsApplied).toEqual(['versioned/0002_add_colour']);
    expect(await sql(db, 'SELECT "descr" FROM "VersionedWidget" WHERE "id" = ?', ['w1'])).toEqual([{ descr: 'first floor' }]);
  });

  it('says when a fragment has changes no migration covers, and pushes them meanwhile (development)', async () => {
    await atRelease1(db);
    const run = await postUpgrade(testConfig(db, { plugins: ['./test/fixtures/plugins/versioned/unmigrated/plugin.ts'] }), silent, () => {}, { buildWeb: false });
    expect(run.steps).toContain("  note: versioned's fragment has changes no migration covers yet; they were pushed. Run `fathom makemigrations versioned` before shipping.");
    expect(run.migrationsApplied).toEqual([]);
    expect(await columns(db, 'VersionedWidget')).toContain('colour');
    expect(run.steps.filter((l) => l.includes('note:'))).toHaveLength(1); // the core's fragment matches its migrations
  });

  it('refuses a migration that was changed after it was applied, and one that is missing from the new version', async () => {
    await postUpgrade(testConfig(db, { plugins: [release('1.1')] }), silent, () => {}, { buildWeb: false });
    await sql(db, 'UPDATE "FathomMigration" SET "checksum" = ? WHERE "app" = ? AND "name" = ?', ['0'.repeat(64), 'versioned', '0002_add_colour']);
    const edited = postUpgrade(testConfig(db, { plugins: [release('2.0')] }), silent, () => {}, { buildWeb: false });
    await expect(edited).rejects.toThrow(/Plugin "versioned": migration 0002_add_colour was changed after it was applied/);

    // Going back to 1.0 after 1.1 ran: 0002 is recorded but 1.0 does not ship it.
    await sql(db, 'DELETE FROM "FathomMigration" WHERE "app" = ? AND "name" = ?', ['versioned', '0002_add_colour']);
    await sql(db, 'INSERT INTO "FathomMigration" ("app", "name", "checksum", "kind", "appliedAt") VALUES (?, ?, ?, ?, ?)', ['versioned', '0009_future', 'x', 'applied', '2026-01-01']);
    const downgrade = postUpgrade(testConfig(db, { plugins: [release('1.1')] }), silent, () => {}, { buildWeb: false });
    await expect(downgrade).rejects.toThrow(/migration 0009_future was applied to this database but is not in .*going back to an older version is not supported/);
  });

  it('adopts a database made by the push-based releases without changing it, then migrates only what is new', async () => {
    // What post-upgrade did before migrations: push the composed schema, record each plugin's fragment.
    const registryFragments = [
      // The example plugin as a push-era release had it: its first migration's snapshot.
      { plugin: 'example', prefix: 'Example', dependencies: [], fragments: [readFragment(new URL('../../plugins/example/prisma/migrations/0001_initial/schema.prisma', import.meta.url))] },
      { plugin: 'peering', prefix: 'Peering', dependencies: ['example'], fragments: [readFragment(new URL('../../plugins/peering/prisma/peering.prisma', import.meta.url))] },
      { plugin: 'versioned', prefix: 'Versioned', dependencies: [], fragments: [readFragment(new URL('../fixtures/plugins/versioned/v1.0/fragment.prisma', import.meta.url))] },
    ];
    // The core as the last push-based release had it: its first migration's snapshot.
    const pushEraCore = readFileSync(new URL('../../prisma/migrations/0001_initial/schema.prisma', import.meta.url), 'utf8');
    await migrateDatabase(createAdapterFactory(provider, db.url), composePrisma({ provider, plugins: registryFragments, core: [pushEraCore] }).schema);
    for (const p of registryFragments) {
      await sql(db, 'INSERT INTO "FathomPluginState" ("name", "version", "enabled", "prismaFragment", "lastUpgraded") VALUES (?, ?, ?, ?, ?)', [p.plugin, '1.0.0', provider === 'sqlite' ? 1 : true, p.fragments.join('\n'), new Date().toISOString()]);
    }
    await sql(db, 'INSERT INTO "Tag" ("id", "name", "lastUpdated") VALUES (?, ?, ?)', ['t1', 'kept', new Date().toISOString()]);
    await sql(db, 'INSERT INTO "VersionedWidget" ("id", "name", "descr") VALUES (?, ?, ?)', ['w1', 'Old Widget', 'from the push era']);

    const lines: string[] = [];
    const run = await postUpgrade(testConfig(db, { plugins: [...BUNDLED.plugins, release('1.1')] }), silent, (l) => lines.push(l), { buildWeb: false });
    expect(lines).toEqual(expect.arrayContaining(['  core: 0001_initial recorded as applied (its tables were already there)', '  example: 0001_initial recorded as applied (its tables were already there)', '  versioned: 0001_initial recorded as applied (its tables were already there)']));
    // The core's own later migrations apply on top of the baseline, then the plugin's.
    expect(run.migrationsApplied).toEqual(['core/0002_user_preferences', 'core/0003_interface_vlans', 'core/0004_search_indexes', 'core/0005_device_platform_serial_indexes', 'example/0002_search_index', 'versioned/0002_add_colour']);
    expect(run.migrationSteps).toBe(run.migrationsApplied.length); // nothing pushed: the baselined schema matched
    expect(await history(db, 'core')).toEqual(['0001_initial (baseline)', '0002_user_preferences', '0003_interface_vlans', '0004_search_indexes', '0005_device_platform_serial_indexes']);
    expect(await history(db, 'versioned')).toEqual(['0001_initial (baseline)', '0002_add_colour']);
    expect(await sql(db, 'SELECT "name" FROM "Tag" WHERE "id" = ?', ['t1'])).toEqual([{ name: 'kept' }]);
    expect(await sql(db, 'SELECT "descr", "colour" FROM "VersionedWidget"')).toEqual([{ descr: 'from the push era', colour: 'grey' }]);
  });

  it('reports removed fields, changed types and templates that read a removed field; strict refuses, warn goes on', async () => {
    const v11 = testConfig(db, { plugins: [release('1.1')] });
    await postUpgrade(v11, silent, () => {}, { buildWeb: false });
    // What `fathom start` records: the schema this release serves.
    const runtime = await openRuntime(v11, silent);
    try {
      const { recordServedSchema } = await import('../../server/src/migrations/upgrade-check.ts');
      await recordServedSchema(runtime, '0.1.0');
    } finally {
      await runtime.close();
    }
    const now = new Date().toISOString();
    await sql(db, 'INSERT INTO "ExportTemplate" ("id", "name", "contentType", "template", "lastUpdated") VALUES (?, ?, ?, ?, ?)', ['e1', 'widget notes', 'versioned.versionedwidget', '{% for w in queryset %}{{ w.name }}: {{ w.descr }}\n{% endfor %}', now]);
    await sql(db, 'INSERT INTO "ExportTemplate" ("id", "name", "contentType", "template", "lastUpdated") VALUES (?, ?, ?, ?, ?)', ['e2', 'widget names', 'versioned.versionedwidget', '{% for w in queryset %}{{ w.name }}{% endfor %}', now]);

    const strict = postUpgrade(testConfig(db, { plugins: [release('2.0')], upgrade: { breakingChanges: 'strict' } }), silent, () => {}, { buildWeb: false });
    await expect(strict).rejects.toMatchObject({ code: 'BREAKING_CHANGE' });
    const message = await strict.catch((e: Error) => e.message);
    expect(message).toContain('VersionedWidget.descr was removed.');
    expect(message).toContain('VersionedWidget.colour changed type from String! to String.');
    expect(message).toContain('The export template "widget notes" (versioned.versionedwidget) reads VersionedWidget.descr, which this version removes.');
    expect(message).not.toContain('widget names');
    expect(await history(db, 'versioned')).toEqual(['0001_initial', '0002_add_colour']); // refused before migrating

    const warned = await postUpgrade(testConfig(db, { plugins: [release('2.0')], upgrade: { breakingChanges: 'warn' } }), silent, () => {}, { buildWeb: false });
    expect(warned.breakingChanges).toEqual(expect.arrayContaining(['VersionedWidget.descr was removed.', 'VersionedWidget.colour changed type from String! to String.']));
    expect(warned.steps).toContain('    breaking: VersionedWidget.descr was removed.');
    expect(warned.migrationsApplied).toHaveLength(2);
  });
});

describe('makemigrations', () => {
  const fixtures = new URL('../fixtures/plugins/versioned/', import.meta.url);
  const compose = (fragment: string | null, provider: 'sqlite' | 'postgresql') =>
    composePrisma({ provider, plugins: fragment === null ? [] : [{ plugin: 'versioned', prefix: 'Versioned', dependencies: [], fragments: [fragment] }] }).schema;

  it('names a relation between two plugins the same whichever plugin the composer reads first', () => {
    const example: PluginModels = { plugin: 'example', prefix: 'Example', dependencies: [], fragments: [readFragment(new URL('../../plugins/example/prisma/example.prisma', import.meta.url))] };
    const peering: PluginModels = { plugin: 'peering', prefix: 'Peering', dependencies: ['example'], fragments: [readFragment(new URL('../../plugins/peering/prisma/peering.prisma', import.meta.url))] };
    // Disabled plugins kept in the schema come in the order their state rows are read, which the database chooses.
    const opposite = (plugins: PluginModels[]) => /peeringContacts .*/.exec(composePrisma({ provider: 'postgresql', plugins }).schema)?.[0];
    expect(opposite([example, peering])).toContain('@relation("PeeringContact_session")');
    expect(opposite([peering, example])).toBe(opposite([example, peering]));
  });

  it('keeps a PostgreSQL-only index (a trigram index for the quick search) out of the SQLite schema and its migration', async () => {
    const fragment = readFragment(new URL('v1.0/fragment.prisma', fixtures)).replace(/\n}\s*$/, '\n  @@index([name(ops: raw("gin_trgm_ops"))], type: Gin, map: "VersionedWidget_search_trgm")\n}\n');
    expect(fragment).toContain('type: Gin');
    expect(compose(fragment, 'postgresql')).toContain('@@index([name(ops: raw("gin_trgm_ops"))], type: Gin, map: "VersionedWidget_search_trgm")');
    expect(compose(fragment, 'sqlite')).not.toContain('gin_trgm_ops');
    expect(compose(fragment, 'sqlite')).toContain('model VersionedWidget');
  });

  it('writes the next migration from the difference between the newest snapshot and the fragment, for both databases', async () => {
    const { makeMigration } = await import('../../server/src/migrations/make.ts');
    const dir = mkdtempSync(join(tmpdir(), 'fathom-make-'));
    try {
      cpSync(fileURLToPath(new URL('v1.0/migrations', fixtures)), dir, { recursive: true });
      const v11 = readFragment(new URL('v1.1/fragment.prisma', fixtures));
      const made = await makeMigration({ app: 'versioned', dir, current: v11, compose: (p, f) => compose(f, p), name: 'add colour' });
      expect(made.name).toBe('0002_add_colour');
      for (const file of ['sqlite.sql', 'postgresql.sql', 'schema.prisma']) {
        expect(readFileSync(join(dir, '0002_add_colour', file), 'utf8')).toBe(readFileSync(fileURLToPath(new URL(`v1.1/migrations/0002_add_colour/${file}`, fixtures)), 'utf8'));
      }
      const again = await makeMigration({ app: 'versioned', dir, current: v11, compose: (p, f) => compose(f, p) });
      expect(again.name).toBeNull();

      // A rename looks like a drop to the diff: the author is told to make it a rename.
      const renamed = v11.replace('descr ', 'description ');
      const drop = await makeMigration({ app: 'versioned', dir, current: renamed, compose: (p, f) => compose(f, p), check: true });
      expect(drop.name).toBe('0003_changes');
      expect(drop.notes.join(' ')).toMatch(/drops column\(s\) VersionedWidget\.descr\. If a column was renamed/);
      expect(existsSync(join(dir, '0003_changes'))).toBe(false); // --check writes nothing
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the breaking-change report', () => {
  it('lists the columns and tables pending migrations drop, from their PostgreSQL SQL, and not those already applied', async () => {
    const { droppedByMigrations } = await import('../../server/src/migrations/upgrade-check.ts');
    const dir = mkdtempSync(join(tmpdir(), 'fathom-drops-'));
    try {
      writeFileSync(join(dir, 'postgresql.sql'), 'ALTER TABLE "VersionedWidget" DROP COLUMN "descr",\nADD COLUMN "note" TEXT;\n\n-- DropTable\nDROP TABLE "VersionedOld";\n');
      const migration = { app: 'versioned', name: '0005_tidy', dir, sql: '', dataStep: null, snapshot: '', checksum: '' };
      expect(droppedByMigrations([{ app: 'versioned', migration, action: 'apply' }])).toEqual([
        'Migration versioned/0005_tidy drops the column VersionedWidget.descr and its values.',
        'Migration versioned/0005_tidy drops the table VersionedOld and its rows.',
      ]);
      expect(droppedByMigrations([{ app: 'versioned', migration, action: 'baseline' }])).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migrations shipped with this repository', () => {
  it('match the core and bundled plugin fragments: no migration is due (run `npx fathom makemigrations [app]` after a fragment change)', async () => {
    const { makeMigrations } = await import('../../server/src/migrations/apps.ts');
    const { resolvePlugins } = await import('../../server/src/runtime.ts');
    const db = await createTestDatabase('sqlite', 'makemigrations');
    try {
      const registry = await resolvePlugins(testConfig(db), silent);
      for (const app of ['core', 'example', 'peering']) {
        const made = await makeMigrations(registry, app, { check: true });
        expect({ app, due: made.name }).toEqual({ app, due: null });
      }
    } finally {
      await db.drop();
    }
  });
});
