import { resolve } from 'node:path';
import type { DatabaseProvider, FathomConfig, FathomConfigInput } from '../server/src/config/config.ts';
import { testConfig as kitConfig, type TestDatabase } from '../server/src/testing/index.ts';

/**
 * The repository's own test set-up: `fathom/testing` (server/src/testing) with the bundled plugins enabled by
 * default and this project as the root.
 */
export { bootApp, createTestDatabase, PG_ADMIN_URL } from '../server/src/testing/index.ts';
export type { GqlResult, TestApp, TestDatabase } from '../server/src/testing/index.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const PROVIDERS: DatabaseProvider[] = ['sqlite', 'postgresql'];
export const BUNDLED = {
  plugins: ['fathom-plugin-example', 'fathom-plugin-peering'],
  pluginsConfig: { example: { defaultLocalAsn: 64512 } },
};

export function testConfig(db: TestDatabase, input: Partial<FathomConfigInput> = {}): FathomConfig {
  return kitConfig(db, { ...BUNDLED, ...input }, ROOT);
}
