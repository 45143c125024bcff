import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseProvider } from '../config/config.ts';
import { FathomError } from '../errors.ts';

/** The app label the core's migrations are recorded under; plugins use their names. */
export const CORE_APP = 'core';

/** `0001_initial`, `0002_add_widget_colour`: four digits, then lowercase words. */
export const MIGRATION_NAME = /^(\d{4})_[a-z0-9_]+$/;

/** The file a migration may hold next to its SQL: a data step run in the same transaction, after the SQL. */
const DATA_STEP_FILES = ['data.ts', 'data.js', 'data.mjs'];

/** The app's fragment as it stands after the migration; `makemigrations` diffs against the newest one. */
export const SNAPSHOT_FILE = 'schema.prisma';

export function sqlFile(provider: DatabaseProvider): string {
  return `${provider}.sql`;
}

/** One migration of one app, as read from its folder for one database provider. */
export interface Migration {
  app: string;
  name: string;
  dir: string;
  sql: string;
  /** Absolute path of the data step module, if the migration has one. */
  dataStep: string | null;
  snapshot: string;
  /** SHA-256 of the SQL and the data step: what was applied must not change afterwards. */
  checksum: string;
}

/**
 * Read an app's migrations folder, in name order. Every migration needs SQL for the provider in use (an empty file
 * is allowed: a migration may be a data step alone) and the fragment snapshot; anything else is refused by name.
 */
export function readMigrations(app: string, dir: string, provider: DatabaseProvider): Migration[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const seen = new Map<string, string>();
  return names.map((name) => {
    const problem = (what: string) => new FathomError('MIGRATION', `${app}: migration ${name} ${what} (in ${dir})`);
    const number = MIGRATION_NAME.exec(name)?.[1];
    if (!number) throw problem('is not named like 0001_initial: four digits, an underscore, lowercase words');
    const clash = seen.get(number);
    if (clash) throw problem(`has the same number as ${clash}`);
    seen.set(number, name);
    const folder = join(dir, name);
    const sqlPath = join(folder, sqlFile(provider));
    if (!existsSync(sqlPath)) throw problem(`has no ${sqlFile(provider)}`);
    const snapshotPath = join(folder, SNAPSHOT_FILE);
    if (!existsSync(snapshotPath)) throw problem(`has no ${SNAPSHOT_FILE} (the app's fragment after it)`);
    const sql = readFileSync(sqlPath, 'utf8');
    const dataFile = DATA_STEP_FILES.map((file) => join(folder, file)).find((path) => existsSync(path)) ?? null;
    const hash = createHash('sha256').update(sql);
    if (dataFile) hash.update('\0').update(readFileSync(dataFile));
    return { app, name, dir: folder, sql, dataStep: dataFile, snapshot: readFileSync(snapshotPath, 'utf8'), checksum: hash.digest('hex') };
  });
}

/** A fragment with comments and spacing taken out, to tell whether two snapshots describe the same models. */
export function normalizeFragment(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, '').trim())
    .filter((line) => line !== '')
    .join('\n')
    .replace(/[ \t]+/g, ' ');
}
