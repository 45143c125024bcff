import {
  buildSchema,
  findBreakingChanges,
  findDangerousChanges,
  isInterfaceType,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLSchema,
} from 'graphql';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FathomConfig } from '../config/config.ts';
import type { PlannedMigration } from './apply.ts';
import { sqlFile } from './folder.ts';
import { openMigrationConnection, type MigrationConnection } from './connection.ts';

/**
 * Columns and tables the pending migrations drop, with their values. Read from each migration's PostgreSQL SQL,
 * where a drop is always spelled out (SQLite's table rebuilds hide it), whichever database is in use.
 */
export function droppedByMigrations(steps: readonly PlannedMigration[]): string[] {
  const out: string[] = [];
  for (const { app, migration, action } of steps) {
    const file = join(migration.dir, sqlFile('postgresql'));
    if (action !== 'apply' || !existsSync(file)) continue;
    for (const statement of readFileSync(file, 'utf8').split(';')) {
      const table = /ALTER TABLE "([^"]+)"/.exec(statement)?.[1];
      for (const m of statement.matchAll(/DROP COLUMN "([^"]+)"/g)) out.push(`Migration ${app}/${migration.name} drops the column ${table ?? '?'}.${m[1]} and its values.`);
      for (const m of statement.matchAll(/DROP TABLE "([^"]+)"/g)) out.push(`Migration ${app}/${migration.name} drops the table ${m[1]} and its rows.`);
    }
  }
  return out;
}

/** Where the served schema is kept: a core model, written when a server starts. */
const SERVED_TABLE = 'FathomServedSchema';

export interface StoredTemplate {
  kind: 'export template' | 'computed field';
  name: string;
  contentType: string;
  template: string;
}

export interface UpgradeReport {
  /** Whether a served schema was on record to compare with. */
  compared: boolean;
  breaking: string[];
  dangerous: string[];
  lines: string[];
}

/** Fields of object and interface types, as `Type.field`. */
function fieldsOf(schema: GraphQLSchema): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    out.set(type.name, new Set(Object.keys(type.getFields())));
  }
  return out;
}

/** Whether the template reads the attribute: `obj.name`, `x["name"]` or `x['name']`. */
function reads(template: string, field: string): boolean {
  const escaped = field.replace(/[$]/g, '\\$&');
  return new RegExp(`\\.${escaped}\\b|\\[\\s*["']${escaped}["']\\s*\\]`).test(template);
}

/**
 * Compare the schema served before with the one this version composes: graphql-js's breaking and dangerous changes
 * (removed types, fields and arguments, changed types), and stored templates that read what is removed.
 */
export function compareSchemas(
  previousSdl: string,
  next: GraphQLSchema,
  templates: readonly StoredTemplate[],
  modelOf: (contentType: string) => string | undefined,
): Omit<UpgradeReport, 'lines' | 'compared'> {
  const previous = buildSchema(previousSdl, { assumeValidSDL: true });
  const breaking = findBreakingChanges(previous, next).map((c) => c.description);
  const dangerous = findDangerousChanges(previous, next).map((c) => c.description);
  const before = fieldsOf(previous);
  const after = fieldsOf(next);
  for (const t of templates) {
    const model = modelOf(t.contentType);
    if (!model) {
      breaking.push(`The ${t.kind} "${t.name}" renders ${t.contentType}, which this version no longer has.`);
      continue;
    }
    const removed = [...(before.get(model) ?? [])].filter((f) => !after.get(model)?.has(f));
    for (const field of removed) {
      if (reads(t.template, field)) breaking.push(`The ${t.kind} "${t.name}" (${t.contentType}) reads ${model}.${field}, which this version removes.`);
    }
  }
  return { breaking, dangerous };
}

export async function readServedSchema(conn: MigrationConnection): Promise<{ sdl: string; version: string } | null> {
  if (!(await conn.tableExists(SERVED_TABLE))) return null;
  const rows = await conn.query(`SELECT "sdl", "fathomVersion" FROM "${SERVED_TABLE}" WHERE "id" = 1`);
  const row = rows[0];
  return row ? { sdl: String(row['sdl']), version: String(row['fathomVersion']) } : null;
}

async function readTemplates(conn: MigrationConnection): Promise<StoredTemplate[]> {
  const out: StoredTemplate[] = [];
  if (await conn.tableExists('ExportTemplate')) {
    for (const r of await conn.query('SELECT "name", "contentType", "template" FROM "ExportTemplate"')) {
      out.push({ kind: 'export template', name: String(r['name']), contentType: String(r['contentType']), template: String(r['template']) });
    }
  }
  if (await conn.tableExists('ComputedField')) {
    for (const r of await conn.query('SELECT "name", "contentType", "template" FROM "ComputedField"')) {
      out.push({ kind: 'computed field', name: String(r['name']), contentType: String(r['contentType']), template: String(r['template']) });
    }
  }
  return out;
}

/** The printed form stored and compared: sorted, so that order alone is never a change. */
export function servedSdl(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema));
}

/** What the comparison needs from the database: the served schema on record, and the stored templates. */
export async function readUpgradeInputs(config: FathomConfig): Promise<{ served: { sdl: string; version: string } | null; templates: StoredTemplate[] }> {
  const conn = await openMigrationConnection(config.database.provider, config.database.url);
  try {
    const served = await readServedSchema(conn);
    return { served, templates: served ? await readTemplates(conn) : [] };
  } finally {
    await conn.close();
  }
}

/** The report's lines, as post-upgrade and `fathom upgrade-check` print them. */
export function reportLines(servedVersion: string, breaking: readonly string[], dangerous: readonly string[]): string[] {
  const lines = [`Compared with the schema served by Fathom ${servedVersion}:`];
  if (breaking.length === 0 && dangerous.length === 0) lines.push('  No breaking changes.');
  for (const b of breaking) lines.push(`  breaking: ${b}`);
  for (const d of dangerous) lines.push(`  dangerous: ${d}`);
  return lines;
}

export const NOTHING_TO_COMPARE = 'No served GraphQL schema is on record for this database yet (a server records it when it starts): nothing to compare.';

/** What `fathom start` does before it listens: keep the schema it serves on record for the next upgrade-check. */
export async function recordServedSchema(runtime: { prisma: { fathomServedSchema: { upsert(args: unknown): Promise<unknown> } }; composed: { schema: GraphQLSchema } }, version: string): Promise<void> {
  const sdl = servedSdl(runtime.composed.schema);
  await runtime.prisma.fathomServedSchema.upsert({ where: { id: 1 }, create: { id: 1, sdl, fathomVersion: version }, update: { sdl, fathomVersion: version } });
}
