import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/logger.ts';
import { openRuntime, type Runtime } from '../../server/src/runtime.ts';
import { createTestDatabase, ROOT, testConfig, type TestDatabase } from '../harness.ts';

describe('the committed schema.graphql', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'drift');
    runtime = await openRuntime(testConfig(db), createLogger('silent'));
  });
  afterAll(async () => {
    await runtime?.close();
    await db?.drop();
  });

  it('matches the stitched schema of the core and the bundled plugins (run `npx fathom schema > schema.graphql` after a change)', () => {
    const committed = readFileSync(join(ROOT, 'schema.graphql'), 'utf8');
    expect(printSchema(lexicographicSortSchema(runtime.composed.schema))).toBe(committed);
  });

  it('hides the gateway’s merge entry points from clients', () => {
    const fields = Object.keys(runtime.composed.schema.getQueryType()?.getFields() ?? {});
    expect(fields.filter((f) => f.startsWith('_'))).toEqual([]);
    expect(fields).toEqual(expect.arrayContaining(['devices', 'device', 'installedPlugins', 'exampleBgpSessions', 'peeringContacts']));
  });
});
