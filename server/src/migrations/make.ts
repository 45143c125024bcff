import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseProvider } from '../config/config.ts';
import { createAdapterFactory, schemaEngineFactory } from '../db/adapters.ts';
import { openSchemaEngine } from '../db/schema-engine.ts';
import { FathomError } from '../errors.ts';
import { normalizeFragment, readMigrations, SNAPSHOT_FILE, sqlFile } from './folder.ts';

const PROVIDERS: readonly DatabaseProvider[] = ['sqlite', 'postgresql'];

export interface MakeMigrationInput {
  app: string;
  dir: string;
  /** The app's fragment now (all its files joined). */
  current: string;
  /**
   * The whole composed schema with this app's fragment as given. With null, the schema without the app: null again
   * when nothing is left (the core), so the first migration starts from an empty database.
   */
  compose: (provider: DatabaseProvider, fragment: string | null) => string | null;
  name?: string;
  /** Only tell whether a migration is due; write nothing. */
  check?: boolean;
}

export interface MadeMigration {
  /** The new migration's folder name, or null when the fragment matches the newest snapshot. */
  name: string | null;
  sql: Record<DatabaseProvider, string>;
  /** What the author should look at before shipping it. */
  notes: string[];
}

function hasStatements(script: string): boolean {
  return script.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
}

function slug(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (s === '') throw new FathomError('BAD_USER_INPUT', `"${text}" gives an empty migration name; use letters or digits`);
  return s;
}

function notesFor(postgres: string): string[] {
  const notes: string[] = [];
  const drops = [...postgres.matchAll(/ALTER TABLE "([^"]+)" DROP COLUMN "([^"]+)"/g)].map((m) => `${m[1]}.${m[2]}`);
  if (drops.length > 0) {
    notes.push(
      `It drops column(s) ${drops.join(', ')}. If a column was renamed, replace its DROP and ADD with ` +
        `ALTER TABLE ... RENAME COLUMN ... TO ... in every SQL file, or the values are lost.`,
    );
  }
  const tables = [...postgres.matchAll(/DROP TABLE "([^"]+)"/g)].map((m) => m[1]);
  if (tables.length > 0) notes.push(`It drops table(s) ${tables.join(', ')} and every row in them.`);
  const required = [...postgres.matchAll(/ALTER TABLE "([^"]+)" ADD COLUMN "([^"]+)" [^,;\n]* NOT NULL(?! DEFAULT)[^,;\n]*/g)]
    .filter((m) => !/DEFAULT/.test(m[0]))
    .map((m) => `${m[1]}.${m[2]}`);
  if (required.length > 0) {
    notes.push(
      `It adds required column(s) ${required.join(', ')} without a default, which fails on a table that has rows. ` +
        `Add the field optional first, fill it in a data step (data.ts), then make it required in a second migration.`,
    );
  }
  return notes;
}

/** Diff the app's newest snapshot against its fragment now, with Prisma's schema engine, for every provider. */
export async function makeMigration(input: MakeMigrationInput): Promise<MadeMigration> {
  const existing = readMigrations(input.app, input.dir, 'sqlite');
  const last = existing.at(-1);
  const previous = last ? last.snapshot : null;
  const empty = { sqlite: '', postgresql: '' };
  if (previous !== null && normalizeFragment(previous) === normalizeFragment(input.current)) return { name: null, sql: empty, notes: [] };

  const scratch = mkdtempSync(join(tmpdir(), 'fathom-diff-'));
  const tracked = schemaEngineFactory(createAdapterFactory('sqlite', `file:${join(scratch, 'diff.sqlite')}`));
  const sql = { ...empty };
  try {
    for (const provider of PROVIDERS) {
      const to = input.compose(provider, input.current) ?? '';
      const before = input.compose(provider, previous);
      const engine = await openSchemaEngine(tracked.factory, to);
      try {
        const from = before === null ? { tag: 'empty' as const } : { tag: 'schemaDatamodel' as const, files: [{ path: 'schema.prisma', content: before }] };
        const result = await engine.diff({ from, to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: to }] }, script: true, exitCode: null, filters: { externalTables: [], externalEnums: [] } });
        sql[provider] = result.stdout ?? '';
      } finally {
        engine.free();
      }
    }
  } finally {
    await tracked.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  // A fragment edit that changes no table (a comment, a documentation line) still moves the snapshot on.
  const changed = PROVIDERS.some((p) => hasStatements(sql[p]));
  const number = String(Number(last?.name.slice(0, 4) ?? '0') + 1).padStart(4, '0');
  const name = `${number}_${slug(input.name ?? (last ? (changed ? 'changes' : 'snapshot') : 'initial'))}`;
  if (input.check) return { name, sql, notes: notesFor(sql.postgresql) };
  const folder = join(input.dir, name);
  mkdirSync(folder, { recursive: true });
  for (const provider of PROVIDERS) writeFileSync(join(folder, sqlFile(provider)), sql[provider]);
  writeFileSync(join(folder, SNAPSHOT_FILE), input.current.endsWith('\n') ? input.current : `${input.current}\n`);
  return { name, sql, notes: notesFor(sql.postgresql) };
}
