import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { composePrisma } from '../db/compose-prisma.ts';
import { makeMigration } from '../migrations/make.ts';
import { prefixOf } from '../plugins/validate.ts';
import { FATHOM_VERSION } from '../version.ts';

/**
 * `fathom new-plugin <name>`: a plugin package that works on creation: a model related to devices with the
 * standard API, a home panel, a README and a test (with `fathom/testing`) that passes. Writes nothing if the
 * folder exists and is not empty.
 */
export async function scaffoldPlugin(name: string, dir: string): Promise<{ dir: string; files: string[] }> {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`"${name}" is not a plugin name: use lowercase letters, digits and dashes, starting with a letter.`);
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) throw new Error(`${target} exists and is not empty; choose another folder with --dir.`);
  const prefix = prefixOf(name);
  const model = `${prefix}Item`;
  const delegate = model.charAt(0).toLowerCase() + model.slice(1);
  const title = name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  const ct = `${name}.${model.toLowerCase()}`;
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(
      {
        name: `fathom-plugin-${name}`,
        version: '0.1.0',
        description: `${title}: a Fathom plugin.`,
        type: 'module',
        exports: { '.': './plugin.ts' },
        scripts: { test: 'vitest run' },
        devDependencies: { vitest: '*' },
        peerDependencies: { fathom: `>=${FATHOM_VERSION}` },
      },
      null,
      2,
    )}\n`,
    'plugin.ts': `import { definePlugin } from 'fathom/sdk';
import { add${prefix}GraphQL } from './server/graphql.ts';

/** ${title}: items kept per device. */
export default definePlugin({
  name: '${name}',
  verboseName: '${title}',
  version: '0.1.0',
  description: 'Items kept per device.',
  minVersion: '${FATHOM_VERSION}',
  defaultSettings: { maxItemsPerDevice: 100 },
  prismaFragments: [new URL('./prisma/${name}.prisma', import.meta.url)],
  migrations: new URL('./prisma/migrations/', import.meta.url),
  graphql: add${prefix}GraphQL,
  homePage: [
    {
      name: '${title}',
      permissions: ['${ct.split('.')[0]}.view_${ct.split('.')[1]}'],
      content: async (ctx) => ({ kind: 'keyValue', pairs: [{ key: 'Items', value: String(await ctx.prisma.${delegate}.count()) }] }),
    },
  ],
});
`,
    [`prisma/${name}.prisma`]: `/// An item kept for a device.
model ${model} {
  id          String   @id @default(uuid())
  name        String
  description String   @default("")
  deviceId    String
  device      Device   @relation(fields: [deviceId], references: [id], onDelete: Cascade)
  created     DateTime @default(now())
  lastUpdated DateTime @updatedAt

  @@unique([deviceId, name])
}
`,
    'server/graphql.ts': `import { addModelApi, type PluginBuilder, type PluginGraphQLApi } from 'fathom/sdk';

export function add${prefix}GraphQL(builder: PluginBuilder, api: PluginGraphQLApi): void {
  const maxItems = Number(api.settings['maxItemsPerDevice']);
  // A relation to a core type needs that type in this subschema: without fields, it is a stub merged by id.
  api.extendType('Device');

  addModelApi(builder, {
    model: '${model}',
    // Its API is named after the model (\`${delegate}\`, \`${delegate}s\`, \`create${model}\`…); set singular and plural to differ.
    label: '${title} item',
    // The GraphQL type comes from the Prisma model: its columns, and the relation named here.
    type: { relations: { device: {} } },
    fields: {
      name: { kind: 'string', required: true, maxLength: 100 },
      description: { kind: 'string', maxLength: 200 },
      device: { kind: 'ref', model: 'Device', column: 'deviceId', required: true },
    },
    unique: [['deviceId', 'name']],
    search: ['name', 'description', 'device.name'],
    // Items show up in the web UI's global search.
    searchable: true,
    context: 'device',
    orderFields: ['name', 'created'],
    defaultOrder: [{ name: 'asc' }],
    prepare: async (data, ctx, existing) => {
      if (existing || typeof data['deviceId'] !== 'string') return [];
      const count = await ctx.prisma.${delegate}.count({ where: { deviceId: data['deviceId'] } });
      return count >= maxItems ? [{ field: 'deviceId', code: 'LIMIT', message: \`This device already has \${count} items (maxItemsPerDevice is \${maxItems}).\` }] : [];
    },
  });
}
`,
    [`test/${name}.test.ts`]: `import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDevices, startTestApp, type TestApp } from 'fathom/testing';

const CREATE = \`mutation($input: Create${model}Input!) { create${model}(input: $input) { ${delegate} { name device { name } } errors { field code } } }\`;

describe('the ${name} plugin', () => {
  let t: TestApp;
  let deviceIds: string[];
  beforeAll(async () => {
    t = await startTestApp({ plugins: [new URL('..', import.meta.url).pathname], pluginsConfig: { '${name}': { maxItemsPerDevice: 1 } } });
    deviceIds = (await buildDevices(t.prisma, 3, 0, 'Scaffold')).deviceIds;
  });
  afterAll(() => t?.close());

  it('creates an item on a device, and refuses a second one past maxItemsPerDevice with a field error', async () => {
    const first = await t.gql<{ create${model}: { ${delegate}: unknown; errors: unknown[] } }>(CREATE, { input: { name: 'first', deviceId: deviceIds[0] } });
    expect(first.data?.create${model}).toEqual({ ${delegate}: { name: 'first', device: { name: 'scaffold-r000' } }, errors: [] });
    const second = await t.gql<{ create${model}: { errors: unknown[] } }>(CREATE, { input: { name: 'second', deviceId: deviceIds[0] } });
    expect(second.data?.create${model}.errors).toEqual([{ field: 'deviceId', code: 'LIMIT' }]);
  });

  it('lists items with their devices in a bounded number of statements, whatever the page size', async () => {
    for (const id of deviceIds.slice(1)) await t.gql(CREATE, { input: { name: 'item', deviceId: id } });
    const list = (first: number) => t.gql(\`{ ${delegate}s(first: \${first}) { totalCount edges { node { name device { name } } } } }\`);
    const small = await t.countStatements(() => list(1));
    const large = await t.countStatements(() => list(100));
    expect(large.statements).toBe(small.statements);
  });

  it('hides items from a user without the view permission', async () => {
    const viewer = await t.user({ username: 'viewer', permissions: [{ actions: ['view'], contentTypes: ['dcim.device'] }] });
    const res = await viewer.gql<{ ${delegate}s: { totalCount: number } }>('{ ${delegate}s { totalCount } }');
    expect(res.data?.${delegate}s.totalCount).toBe(0);
    expect(await t.prisma.${delegate}.count()).toBeGreaterThan(0);
  });

  it('shows what it registered on Installed Plugins', async () => {
    const res = await t.gql<{ installedPlugins: Array<{ name: string; models: string[]; registrations: Array<{ kind: string }> }> }>(
      '{ installedPlugins { name models registrations { kind } } }',
    );
    const self = res.data?.installedPlugins.find((p) => p.name === '${name}');
    expect(self?.models).toEqual(['${model}']);
    expect(self?.registrations.map((r) => r.kind)).toEqual(['migrations', 'graphql', 'homePanel', 'searchableModel']);
  });
});
`,
    '.gitignore': 'node_modules/\n.fathom/\n',
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2023',
          lib: ['ES2023', 'DOM'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          allowImportingTsExtensions: true,
          noEmit: true,
          skipLibCheck: true,
          isolatedModules: true,
          types: ['node'],
        },
        include: ['**/*.ts'],
        exclude: ['node_modules', '.fathom'],
      },
      null,
      2,
    )}\n`,
    'vitest.config.ts': `import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // Fathom's libraries load graphql's CommonJS build; the tests must use the same copy.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
});
`,
    'README.md': `# fathom-plugin-${name}

${title}: items kept per device, a starting point for a Fathom plugin.

- \`plugin.ts\`: the definition (see Fathom's \`plugins/example/README.md\` for every field).
- \`prisma/${name}.prisma\`: the model \`${model}\`, related to the core \`Device\`.
- \`prisma/migrations/\`: its versioned migrations; \`0001_initial\` creates the table. After changing the fragment,
  run \`npx fathom makemigrations ${name} --name what_changed\` with the plugin enabled, read the SQL, and ship it.
- \`server/graphql.ts\`: its GraphQL type and standard API (\`addModelApi\`).
- \`test/${name}.test.ts\`: tests with \`fathom/testing\` (Fathom on a fresh SQLite database, in-process); run them
  with \`npx vitest run\` in this folder once \`fathom\` and \`vitest\` resolve from it (inside a Fathom project, or
  with both installed).

Type-check it with \`npx fathom plugin-types .\` (the Prisma and Pothos types of the core plus this plugin's models),
then \`npx tsc -p .\`.

Install it into a Fathom project with \`npm install <path to this folder>\`, add \`'fathom-plugin-${name}'\` to
\`plugins\` in \`fathom.config.ts\`, run \`npx fathom post-upgrade\` and restart.
`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(target, path, '..'), { recursive: true });
    writeFileSync(join(target, path), text);
  }
  // The first migration, made as \`fathom makemigrations\` would: the plugin ships with it.
  const fragment = files[`prisma/${name}.prisma`] ?? '';
  const initial = await makeMigration({
    app: name,
    dir: join(target, 'prisma', 'migrations'),
    current: fragment,
    compose: (provider, text) => composePrisma({ provider, plugins: text === null ? [] : [{ plugin: name, prefix, dependencies: [], fragments: [text] }] }).schema,
    name: 'initial',
  });
  const migrationFiles = ['sqlite.sql', 'postgresql.sql', 'schema.prisma'].map((f) => `prisma/migrations/${initial.name ?? ''}/${f}`);
  return { dir: target, files: [...Object.keys(files), ...migrationFiles] };
}
