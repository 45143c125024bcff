import type { DatabaseProvider } from '../config/config.ts';
import { FathomError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { MigrationConnection } from './connection.ts';
import { dataContext, loadDataStep, placeholder } from './data-step.ts';
import { CORE_APP, normalizeFragment, readMigrations, type Migration } from './folder.ts';

/** Applied migrations of every app, one row each. Kept outside the Prisma schema: it must exist before it. */
export const HISTORY_TABLE = 'FathomMigration';

const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS "${HISTORY_TABLE}" (
  "app" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "checksum" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "appliedAt" TEXT NOT NULL,
  PRIMARY KEY ("app", "name")
)`;

/** An app with a migrations folder: the core, or a plugin that declares `migrations`. */
export interface MigrationApp {
  app: string;
  dir: string;
  settings: Readonly<Record<string, unknown>>;
  log: Logger;
}

export interface HistoryRow {
  app: string;
  name: string;
  checksum: string;
  kind: 'applied' | 'baseline';
  appliedAt: string;
}

export interface PlannedMigration {
  app: string;
  migration: Migration;
  /** `baseline`: the tables are already there (made by a push-based release), so it is recorded, not run. */
  action: 'apply' | 'baseline';
}

export interface MigrationPlan {
  steps: PlannedMigration[];
  /** Apps whose history is complete. */
  upToDate: string[];
  /** Each app's newest applied migration before the plan runs (null: none). */
  standing: Map<string, string | null>;
}

/** What the database held before versioned migrations: the core's tables, and the fragment each plugin last pushed. */
export interface PushedState {
  core: boolean;
  plugins: ReadonlyMap<string, string>;
}

export async function readHistory(conn: MigrationConnection): Promise<HistoryRow[]> {
  if (!(await conn.tableExists(HISTORY_TABLE))) return [];
  const rows = await conn.query(`SELECT "app", "name", "checksum", "kind", "appliedAt" FROM "${HISTORY_TABLE}" ORDER BY "app", "name"`);
  return rows.map((r) => ({ app: String(r['app']), name: String(r['name']), checksum: String(r['checksum']), kind: r['kind'] === 'baseline' ? 'baseline' : 'applied', appliedAt: String(r['appliedAt']) }));
}

function refuse(app: string, message: string): FathomError {
  return new FathomError('MIGRATION', message, app === CORE_APP ? {} : { plugin: app });
}

/**
 * Work out what to run, changing nothing. Applied migrations are checked against the files (an edited or missing one
 * is refused); an app whose tables a push-based release made is baselined at the migration that matches them.
 */
export function planMigrations(apps: readonly MigrationApp[], provider: DatabaseProvider, history: readonly HistoryRow[], pushed: PushedState): MigrationPlan {
  const steps: PlannedMigration[] = [];
  const upToDate: string[] = [];
  const standing = new Map<string, string | null>();
  for (const app of apps) {
    const migrations = readMigrations(app.app, app.dir, provider);
    const applied = history.filter((row) => row.app === app.app);
    const byName = new Map(migrations.map((m) => [m.name, m]));
    for (const row of applied) {
      const migration = byName.get(row.name);
      if (!migration) {
        throw refuse(app.app, `migration ${row.name} was applied to this database but is not in ${app.dir}: going back to an older version is not supported`);
      }
      if (migration.checksum !== row.checksum) {
        throw refuse(app.app, `migration ${row.name} was changed after it was applied (its checksum differs); restore it and write a new migration for the change`);
      }
    }
    let done = new Set(applied.map((row) => row.name));
    if (applied.length === 0) {
      const baseline = baselineFor(app, migrations, pushed);
      for (const migration of baseline) steps.push({ app: app.app, migration, action: 'baseline' });
      done = new Set(baseline.map((m) => m.name));
    }
    const lastDone = migrations.reduce((last, m, i) => (done.has(m.name) ? i : last), -1);
    const skipped = migrations.slice(0, lastDone + 1).find((m) => !done.has(m.name));
    if (skipped) {
      throw refuse(app.app, `migration ${skipped.name} was never applied, but ${migrations[lastDone]?.name} after it was: the history has diverged`);
    }
    standing.set(app.app, applied.length > 0 ? (migrations[lastDone]?.name ?? null) : null);
    const pending = migrations.slice(lastDone + 1);
    for (const migration of pending) steps.push({ app: app.app, migration, action: 'apply' });
    if (pending.length === 0) upToDate.push(app.app);
  }
  return { steps, upToDate, standing };
}

function baselineFor(app: MigrationApp, migrations: readonly Migration[], pushed: PushedState): Migration[] {
  if (app.app === CORE_APP) return pushed.core && migrations[0] ? [migrations[0]] : [];
  const fragment = pushed.plugins.get(app.app);
  if (fragment === undefined || fragment.trim() === '') return [];
  const wanted = normalizeFragment(fragment);
  for (let i = migrations.length - 1; i >= 0; i -= 1) {
    if (normalizeFragment(migrations[i]?.snapshot ?? '') === wanted) return migrations.slice(0, i + 1);
  }
  throw refuse(
    app.app,
    `its tables were made before it had migrations, from a fragment that matches none of its migrations' snapshots, so Fathom cannot tell which migration they stand at; upgrade through the plugin version that added migrations first`,
  );
}

/** Record and run a plan: baselines are written as history; each migration runs in its own transaction. Returns `app/name` of each one run. */
export async function applyPlan(
  conn: MigrationConnection,
  plan: MigrationPlan,
  apps: readonly MigrationApp[],
  print: (line: string) => void,
): Promise<string[]> {
  if (plan.steps.length === 0) return [];
  await conn.transaction(async (tx) => tx.script(CREATE_HISTORY));
  const record = `INSERT INTO "${HISTORY_TABLE}" ("app", "name", "checksum", "kind", "appliedAt") VALUES (${[0, 1, 2, 3, 4].map((i) => placeholder(conn.provider, i)).join(', ')})`;
  const applied: string[] = [];
  const standing = new Map(plan.standing);
  for (const step of plan.steps) {
    const { migration } = step;
    const app = apps.find((a) => a.app === step.app);
    const row = [step.app, migration.name, migration.checksum, step.action === 'baseline' ? 'baseline' : 'applied', new Date().toISOString()];
    if (step.action === 'baseline') {
      await conn.transaction(async (tx) => tx.execute(record, row));
      print(`  ${step.app}: ${migration.name} recorded as applied (its tables were already there)`);
      standing.set(step.app, migration.name);
      continue;
    }
    try {
      await conn.transaction(async (tx) => {
        await tx.script(migration.sql);
        if (migration.dataStep) {
          const run = await loadDataStep(migration.dataStep);
          await run(dataContext(tx, { app: step.app, migration: migration.name, provider: conn.provider, settings: app?.settings ?? {}, log: app?.log as Logger }));
        }
        await tx.execute(record, row);
      });
    } catch (cause) {
      const before = standing.get(step.app);
      throw refuse(
        step.app,
        `migration ${migration.name} failed and was rolled back: ${(cause as Error).message.split('\n')[0]}. ` +
          `Nothing of it was kept: the database stands at ${before ?? 'no migration of this app'}.`,
      );
    }
    applied.push(`${step.app}/${migration.name}`);
    standing.set(step.app, migration.name);
    print(`  ${step.app}: applied ${migration.name}${migration.dataStep ? ' (with its data step)' : ''}`);
  }
  return applied;
}
