import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FathomError } from '../../server/src/errors.ts';
import { createLogger } from '../../server/src/logger.ts';
import { openRuntime } from '../../server/src/runtime.ts';
import { bootApp, createTestDatabase, testConfig, type TestDatabase } from '../harness.ts';

const fixture = (name: string) => `./test/fixtures/plugins/${name}/plugin.ts`;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('sqlite', 'startup');
});
afterAll(async () => db?.drop());

/** Start the server's runtime with these plugins and return the error it refuses to start with. */
async function startupError(plugins: string[], pluginsConfig: Record<string, Record<string, unknown>> = {}): Promise<FathomError> {
  const config = testConfig(db, { plugins, pluginsConfig });
  try {
    const runtime = await openRuntime(config, createLogger('silent'));
    await runtime.close();
  } catch (error) {
    expect(error).toBeInstanceOf(FathomError);
    return error as FathomError;
  }
  throw new Error('expected start-up to fail');
}

describe('a misconfigured or misbehaving plugin stops start-up with one message naming it and the cause', () => {
  it('refuses a package that is not installed', async () => {
    const error = await startupError(['fathom-plugin-nonexistent']);
    expect(error.code).toBe('PLUGIN_NOT_FOUND');
    expect(error.message).toMatch(/^Plugin "fathom-plugin-nonexistent": the package is not installed/);
  });

  it('refuses a definition with a key the SDK does not know, naming the key', async () => {
    const error = await startupError([fixture('misspelled-key')]);
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message).toMatch(/^Plugin "misspelled-key": its definition is not valid: detailViews\.Device .*leftX/);
  });

  it('reports the problems of every plugin together, each naming its plugin', async () => {
    const error = await startupError([fixture('bad-definition'), fixture('misspelled-key'), fixture('needs-dep')]);
    expect(error.message).toMatch(/^3 problems stop start-up:/);
    expect(error.message).toContain('Plugin "misspelled-key"');
    expect(error.message).toMatch(/Plugin "(Bad Name|.*bad-definition.*)"/);
    expect(error.message).toContain('which is not enabled');
  });

  it('refuses a package that does not export a plugin definition', async () => {
    const error = await startupError([fixture('not-a-plugin')]);
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message).toContain('does not export a plugin definition');
  });

  it('refuses a definition with an invalid name and version', async () => {
    const error = await startupError([fixture('bad-definition')]);
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message).toMatch(/Plugin "Bad Name": its definition is not valid: name must be lowercase.*version must be a semantic version/);
  });

  it('refuses two plugins with the same name', async () => {
    const error = await startupError([fixture('dup-a'), fixture('dup-b')]);
    expect(error.code).toBe('PLUGIN_DUPLICATE');
    expect(error.message).toMatch(/^Plugin "dup": two enabled packages define a plugin with this name/);
  });

  it('refuses two plugins with the same base URL', async () => {
    const error = await startupError([fixture('dup-a'), fixture('url-b')]);
    expect(error.code).toBe('PLUGIN_DUPLICATE');
    expect(error.message).toBe('Plugin "url-b": its base URL "shared" is already used by plugin "dup"');
  });

  it('refuses a plugin whose minVersion is above the running Fathom', async () => {
    const error = await startupError([fixture('too-new')]);
    expect(error.code).toBe('PLUGIN_VERSION');
    expect(error.message).toBe('Plugin "too-new": it requires Fathom 99.0.0 or later, but this is Fathom 0.1.0');
  });

  it('refuses a plugin whose maxVersion is below the running Fathom', async () => {
    const error = await startupError([fixture('too-old')]);
    expect(error.code).toBe('PLUGIN_VERSION');
    expect(error.message).toBe('Plugin "too-old": it supports Fathom up to 0.0.1, but this is Fathom 0.1.0');
  });

  it('refuses a plugin whose required setting is missing, and accepts it once set', async () => {
    const error = await startupError([fixture('needs-setting')]);
    expect(error.code).toBe('PLUGIN_SETTINGS');
    expect(error.message).toBe('Plugin "needs-setting": required setting "apiUrl" missing; set it under pluginsConfig["needs-setting"] in fathom.config.ts');
    const runtime = await openRuntime(testConfig(db, { plugins: [fixture('needs-setting')], pluginsConfig: { 'needs-setting': { apiUrl: 'https://x.invalid' } } }), createLogger('silent'));
    expect(runtime.plugins[0]?.settings).toEqual({ timeout: 5, apiUrl: 'https://x.invalid' });
    expect(Object.isFrozen(runtime.plugins[0]?.settings)).toBe(true);
    await runtime.close();
  });

  it('refuses a plugin whose dependency is not enabled', async () => {
    const error = await startupError([fixture('needs-dep')]);
    expect(error.code).toBe('PLUGIN_DEPENDENCY');
    expect(error.message).toContain('Plugin "needs-dep": it depends on plugin "missing-plugin", which is not enabled');
  });

  it('refuses plugins whose dependencies form a cycle, naming the cycle', async () => {
    const error = await startupError([fixture('cycle-a'), fixture('cycle-b')]);
    expect(error.code).toBe('PLUGIN_DEPENDENCY_CYCLE');
    expect(error.message).toBe('Plugin "cycle-a": its dependencies form a cycle: cycle-a → cycle-b → cycle-a');
  });

  it('loads a plugin after the plugins it depends on, whatever the config order', async () => {
    const runtime = await openRuntime(testConfig(db, { plugins: ['fathom-plugin-peering', 'fathom-plugin-example'] }), createLogger('silent'));
    expect(runtime.plugins.map((p) => p.name)).toEqual(['example', 'peering']);
    await runtime.close();
  });

  it('refuses a Prisma fragment that redefines a core model', async () => {
    const error = await startupError([fixture('redefines-core')]);
    expect(error.code).toBe('PLUGIN_PRISMA');
    expect(error.message).toBe('Plugin "redefines-core": its Prisma fragment redefines the core model Tag; plugins cannot modify core models');
  });

  it('refuses a Prisma fragment that adds fields to a core model', async () => {
    const error = await startupError([fixture('adds-core-field')]);
    expect(error.code).toBe('PLUGIN_PRISMA');
    expect(error.message).toContain('Plugin "adds-core-field": its Prisma fragment adds fields to the core model Device (rackUnit)');
  });

  it('refuses a Prisma model that maps onto (renames) a core table', async () => {
    const error = await startupError([fixture('renames-core')]);
    expect(error.code).toBe('PLUGIN_PRISMA');
    expect(error.message).toContain('Plugin "renames-core": its Prisma model RenamesCoreDevice maps onto the table "Device" of the core');
  });

  it('refuses a GraphQL type whose name collides with a core type', async () => {
    const error = await startupError([fixture('type-clash-core')]);
    expect(error.code).toBe('PLUGIN_GRAPHQL');
    expect(error.message).toBe('Plugin "type-clash-core": its GraphQL type Status collides with the type Status of the core');
  });

  it('refuses a GraphQL type whose name collides with another plugin, naming both', async () => {
    const error = await startupError([fixture('type-clash-a'), fixture('type-clash-b')]);
    expect(error.code).toBe('PLUGIN_GRAPHQL');
    expect(error.message).toBe('Plugin "type-clash-b": its GraphQL type TypeClashAThing collides with the type TypeClashAThing of plugin "type-clash-a"');
  });

  it('refuses a plugin GraphQL field that changes the type of a core field', async () => {
    const error = await startupError([fixture('changes-core-field')]);
    expect(error.code).toBe('PLUGIN_GRAPHQL');
    expect(error.message).toBe('Plugin "changes-core-field": it changes the type of Device.name of the core from String! to Int!');
  });

  it('names the plugin whose GraphQL builder throws', async () => {
    const error = await startupError([fixture('throws-graphql')]);
    expect(error.code).toBe('PLUGIN_GRAPHQL');
    expect(error.message).toBe('Plugin "throws-graphql": building its GraphQL schema failed: boom while building');
  });
});

describe('plugin navigation', () => {
  it('refuses a menu link into another plugin’s URL space', async () => {
    const error = await startupError([fixture('foreign-link')]);
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message).toBe('Plugin "foreign-link": its navigation links to /plugins/example/sessions/, outside its own /plugins/foreign-link/');
  });
});

describe('plugin model references', () => {
  it('refuses validators for a model that does not exist', async () => {
    const error = await startupError([fixture('bad-validator')]);
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message).toBe('Plugin "bad-validator": its validators name model(s) that do not exist: Devcie');
  });

  it('refuses a filter extension named like a filter the model has', async () => {
    const error = await startupError([fixture('filter-clash')]);
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message).toBe('Plugin "filter-clash": its filter Device.name clashes with a filter the model has already');
  });

  it('refuses a form extension named like an input field the model has', async () => {
    const error = await startupError([fixture('form-clash')]);
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message).toBe('Plugin "form-clash": its form field Device.locationId clashes with a field the model\'s input has already');
  });

  it('refuses a job button on a job that cannot receive the object', async () => {
    const error = await startupError([fixture('button-without-object')]);
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message).toBe('Plugin "button-without-object": its job audit has buttons but no objectId input to receive the object');
  });

  it('refuses a table extension for a field the type does not have', async () => {
    const error = await startupError([fixture('column-missing')]);
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message).toBe('Plugin "column-missing": its tableExtensions name Device.bgpNeighbourCount, which is not a field of the Device type');
  });

  it('refuses a model that takes tags without the relation they need', async () => {
    const error = await startupError([fixture('tags-without-relation')]);
    expect(error.code).toBe('PLUGIN_GRAPHQL');
    expect(error.message).toBe('Plugin "tagsmissing": building its GraphQL schema failed: TagsmissingThing takes tags but its Prisma model has no `tags Tag[]` relation');
  });
});

describe('view overrides', () => {
  it('refuses two plugins overriding the same view, naming both', async () => {
    const error = await startupError([fixture('override-a'), fixture('override-b')]);
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.message).toBe('Plugin "override-b": it overrides the view Device.detail, which plugin "override-a" already overrides');
  });
});

describe('secrets providers', () => {
  it('refuses a provider slug the core (or another plugin) already has', async () => {
    const error = await startupError([fixture('dup-provider')]);
    expect(error.message).toBe('Plugin "dup-provider": its secrets provider "text-file" is already provided by the core');
  });
});

describe('Jinja2 filters', () => {
  it('refuses two plugins registering the same filter name', async () => {
    const error = await startupError([fixture('filter-a'), fixture('filter-b')]);
    expect(error.message).toBe('Plugin "filter-b": its Jinja2 filter "shout" is already registered by plugin "filter-a"');
  });
});

describe("incompatible plugins with incompatiblePlugins: 'skip'", () => {
  it('leaves out a plugin outside its version range, one missing a dependency and one depending on a skipped one, and serves the rest', async () => {
    const config = testConfig(db, {
      plugins: ['fathom-plugin-example', fixture('too-new'), fixture('needs-dep'), fixture('needs-too-new')],
      pluginsConfig: { example: { defaultLocalAsn: 64512 } },
      incompatiblePlugins: 'skip',
    });
    const t = await bootApp(config);
    try {
      const res = await t.gql<{ installedPlugins: Array<{ name: string }>; skippedPlugins: Array<{ name: string; packageName: string; version: string; reason: string }> }>(
        '{ installedPlugins { name } skippedPlugins { name packageName version reason } }',
      );
      expect(res.data?.installedPlugins.map((p) => p.name)).toEqual(['example']);
      expect(res.data?.skippedPlugins).toEqual([
        { name: 'too-new', packageName: fixture('too-new'), version: '1.0.0', reason: 'it requires Fathom 99.0.0 or later, but this is Fathom 0.1.0' },
        { name: 'needs-dep', packageName: fixture('needs-dep'), version: '1.0.0', reason: expect.stringContaining('it depends on plugin "missing-plugin", which is not enabled') },
        { name: 'needs-too-new', packageName: fixture('needs-too-new'), version: '1.0.0', reason: 'it depends on plugin "too-new", which was skipped' },
      ]);
    } finally {
      await t.close();
    }
  });

  it('still stops start-up for a plugin that is broken rather than incompatible', async () => {
    const config = testConfig(db, { plugins: [fixture('misspelled-key'), fixture('too-new')], incompatiblePlugins: 'skip' });
    await expect(openRuntime(config, createLogger('silent'))).rejects.toMatchObject({ code: 'PLUGIN_INVALID', plugin: 'misspelled-key' });
  });
});
