import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/logger.ts';
import { postUpgrade } from '../../server/src/post-upgrade.ts';
import { openRuntime, resolvePlugins } from '../../server/src/runtime.ts';
import { createTestDatabase, ROOT, testConfig, type TestDatabase } from '../harness.ts';

/** Every bundled plugin goes through the same checks, enabled with the plugins it depends on. */
const bundled = readdirSync(join(ROOT, 'plugins'))
  .filter((dir) => existsSync(join(ROOT, 'plugins', dir, 'package.json')))
  .map((dir) => (JSON.parse(readFileSync(join(ROOT, 'plugins', dir, 'package.json'), 'utf8')) as { name: string }).name);

const SETTINGS = { example: { defaultLocalAsn: 64512 } };

describe.each(bundled)('bundled plugin %s', (pkg) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'contract');
  });
  afterAll(async () => db?.drop());

  const withDependencies = async (): Promise<string[]> => {
    // Resolve the package alone first to learn its dependencies, then enable them too.
    const all = (await resolvePlugins(testConfig(db, { plugins: bundled, pluginsConfig: SETTINGS }))).plugins;
    const byName = new Map(all.map((p) => [p.name, p]));
    const self = all.find((p) => p.specifier === pkg);
    const need = new Set<string>();
    const walk = (name: string) => {
      const p = byName.get(name);
      if (!p || need.has(p.specifier)) return;
      need.add(p.specifier);
      p.dependencies.forEach(walk);
    };
    if (self) walk(self.name);
    return [...need];
  };

  it('has a valid manifest, composes and stitches, migrates, and exposes its models in GraphQL', async () => {
    const plugins = await withDependencies();
    const config = testConfig(db, { plugins, pluginsConfig: SETTINGS });
    const report = await postUpgrade(config, createLogger('silent'));
    expect(report.steps).toContain('Finished.');
    const runtime = await openRuntime(config, createLogger('silent'));
    try {
      const self = runtime.plugins.find((p) => p.specifier === pkg);
      expect(self?.description).toBeTruthy();
      const types = runtime.composed.schema.getTypeMap();
      const own = Object.keys(types).filter((name) => name.startsWith(self?.prefix ?? '?'));
      expect(own.length).toBeGreaterThan(0);
      expect(readFileSync(join(ROOT, 'plugins', pkg.replace('fathom-plugin-', ''), 'README.md'), 'utf8').length).toBeGreaterThan(100);
    } finally {
      await runtime.close();
    }
  });
});
