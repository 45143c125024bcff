import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { FathomError } from '../errors.ts';
import { schemaEngineFactory } from './adapters.ts';
import { openSchemaEngine } from './schema-engine.ts';

export interface MigrationResult {
  executedSteps: number;
  warnings: string[];
}

/**
 * Bring the database in line with the composed schema by pushing it: after the versioned migrations, this makes
 * the tables of plugins without migrations and finds drift. Changes that would lose data are refused, never forced:
 * the schema handed in keeps the models of disabled plugins, so disabling a plugin drops nothing. Tables named in
 * `externalTables` (Fathom's migration history) are left alone.
 */
export async function migrateDatabase(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schema: string,
  externalTables: readonly string[] = [],
): Promise<MigrationResult> {
  const tracked = schemaEngineFactory(adapterFactory);
  const engine = await openSchemaEngine(tracked.factory, schema);
  try {
    const result = await engine.schemaPush({
      force: false,
      schema: { files: [{ path: 'schema.prisma', content: schema }] },
      filters: { externalTables: [...externalTables], externalEnums: [] },
    });
    if (result.unexecutable.length > 0 || (result.warnings.length > 0 && result.executedSteps === 0)) {
      const problems = [...result.unexecutable, ...result.warnings].map((w) => `  - ${w}`).join('\n');
      throw new FathomError('DATABASE', `The database was not changed, because the migration would lose data:\n${problems}`);
    }
    return { executedSteps: result.executedSteps, warnings: result.warnings };
  } catch (cause) {
    if (cause instanceof FathomError) throw cause;
    throw new FathomError('DATABASE', `Migrating the database failed: ${(cause as Error).message.split('\n')[0]}`, { cause });
  } finally {
    engine.free();
    await tracked.close();
  }
}
