import { parse, print, validate, type DocumentNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApp, createTestDatabase, testConfig, type TestApp, type TestDatabase } from '../harness.ts';

// The web app type-checks under its own config (svelte-check); loaded by URL, the root tsc does not follow it.
const load = (path: string) => import(/* @vite-ignore */ new URL(`../../web/src/lib/${path}`, import.meta.url).href);

interface Model {
  model: string;
  fields: Array<{ name: string; kind: string; refModel: string | null; writeOnly: boolean }>;
}

/**
 * The generic views build their queries from the model catalog at run time, so no type check sees them. For every
 * model, core and plugin, the web UI's list page (every column, as the CSV export asks), detail view, form and
 * picker queries must be valid against the served schema: a field the catalog lists but the type lacks (a
 * webhook's write-only secret) broke the webhook pages.
 */
describe('the web UI’s generated queries', () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'web-queries');
    t = await bootApp(testConfig(db));
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('are valid against the schema for every model in the catalog', async () => {
    const { CatalogQuery } = (await load('queries.ts')) as { CatalogQuery: DocumentNode };
    const { listPageQuery, objectQuery } = (await load('operations.ts')) as { listPageQuery: (m: Model, c: Model[]) => string; objectQuery: (m: Model, c: Model[], extra?: string) => string };
    const { pickerSelection } = (await load('catalog.ts')) as { pickerSelection: (m: Model, c: Model[]) => string };
    const res = await t.gql<{ modelCatalog: Model[] }>(print(CatalogQuery));
    expect(res.errors).toBeUndefined();
    const catalog = res.data!.modelCatalog;
    expect(catalog.length).toBeGreaterThan(20);
    // The write-only fields are marked, so that views and exports leave them out and forms keep them.
    expect(catalog.find((m) => m.model === 'Webhook')?.fields.find((f) => f.name === 'secret')?.writeOnly).toBe(true);
    const schema = t.runtime.composed.schema;
    for (const model of catalog) {
      const refs = model.fields.filter((f) => f.kind === 'ref').map((f) => `${f.name} { ${pickerSelection(catalog.find((m) => m.model === f.refModel)!, catalog)} }`);
      for (const query of [listPageQuery(model, catalog), objectQuery(model, catalog), objectQuery(model, catalog, refs.join(' ')), `{ list: ${(model as unknown as { plural: string }).plural}(first: 20) { edges { node { ${pickerSelection(model, catalog)} } } } }`]) {
        expect(validate(schema, parse(query)).map((e) => e.message), `${model.model}: ${query}`).toEqual([]);
      }
    }
  });
});
