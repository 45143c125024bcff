import type { ValidatedPlugin } from '../plugins/validate.ts';
import type { PluginPage } from '../sdk/define-plugin.ts';
import { AUTHENTICATED } from '../auth/field-permissions.ts';
import type { FathomBuilder } from './builder.ts';

const SECRET_KEY = /secret|password|passwd|token|api[-_]?key|private|credential/i;

/** Settings as shown to users: values under keys that look secret are masked, recursively. */
export function maskSettings(value: unknown, key = ''): unknown {
  if (SECRET_KEY.test(key) && value !== null && value !== undefined && value !== '') return '********';
  if (Array.isArray(value)) return value.map((v) => maskSettings(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSettings(v, k)]));
  }
  return value;
}

interface InstalledPlugin {
  plugin: ValidatedPlugin;
  models: readonly string[];
  /** GraphQL types the plugin owns or extends; known once the schema is composed. */
  graphqlTypes: () => readonly string[];
}

/** `installedPlugins`: what Plugins → Installed Plugins shows, for the UI and for tools. */
export function addInstalledPlugins(builder: FathomBuilder, plugins: readonly InstalledPlugin[]): void {
  const page = builder.objectRef<PluginPage & { allowed: boolean }>('InstalledPluginPage').implement({
    fields: (t) => ({
      path: t.exposeString('path'),
      title: t.exposeString('title'),
      component: t.exposeString('component'),
      permissions: t.stringList({ resolve: (pg) => [...(pg.permissions ?? [])] }),
      allowed: t.boolean({ description: 'Whether the caller holds the page’s permissions.', resolve: (pg, _a, ctx) => !pg.permissions || ctx.auth.permissions.hasAll(pg.permissions) }),
    }),
  });
  const ref = builder.objectRef<InstalledPlugin>('InstalledPlugin').implement({
    fields: (t) => ({
      name: t.string({ resolve: (p) => p.plugin.name }),
      packageName: t.string({ resolve: (p) => p.plugin.specifier }),
      verboseName: t.string({ resolve: (p) => p.plugin.definition.verboseName ?? p.plugin.name }),
      version: t.string({ resolve: (p) => p.plugin.definition.version }),
      author: t.string({ nullable: true, resolve: (p) => p.plugin.definition.author ?? null }),
      authorEmail: t.string({ nullable: true, resolve: (p) => p.plugin.definition.authorEmail ?? null }),
      description: t.string({ nullable: true, resolve: (p) => p.plugin.definition.description ?? null }),
      baseUrl: t.string({ resolve: (p) => p.plugin.baseUrl }),
      minVersion: t.string({ nullable: true, resolve: (p) => p.plugin.definition.minVersion ?? null }),
      maxVersion: t.string({ nullable: true, resolve: (p) => p.plugin.definition.maxVersion ?? null }),
      dependencies: t.stringList({ resolve: (p) => [...p.plugin.dependencies] }),
      requiredSettings: t.stringList({ resolve: (p) => [...(p.plugin.definition.requiredSettings ?? [])] }),
      settings: t.string({
        description: 'The effective settings as JSON, with secret-looking values masked.',
        resolve: (p) => JSON.stringify(maskSettings(p.plugin.settings)),
      }),
      models: t.stringList({ description: 'Prisma models the plugin adds.', resolve: (p) => [...p.models] }),
      graphqlTypes: t.stringList({ description: 'GraphQL types the plugin adds or extends.', resolve: (p) => [...p.graphqlTypes()] }),
      menuItems: t.stringList({
        description: 'Navigation entries, as "tab / group / item".',
        resolve: (p) => (p.plugin.definition.navigation ?? []).flatMap((tab) => tab.groups.flatMap((g) => g.items.map((i) => `${tab.name} / ${g.name} / ${i.label}`))),
      }),
      homePanels: t.stringList({ resolve: (p) => (p.plugin.definition.homePage ?? []).map((panel) => panel.name) }),
      detailSlots: t.stringList({
        description: 'Detail-view contributions, as "Model: column — name".',
        resolve: (p) =>
          Object.entries(p.plugin.definition.detailViews ?? {}).flatMap(([model, ext]) => [
            ...(['left', 'right', 'fullWidth'] as const).flatMap((column) => (ext[column] ?? []).map((s) => `${model}: ${column} — ${s.name}`)),
            ...(ext.buttons ?? []).map((b) => `${model}: button — ${b.title}`),
          ]),
      }),
      detailTabs: t.stringList({ resolve: (p) => Object.entries(p.plugin.definition.detailViews ?? {}).flatMap(([model, ext]) => (ext.tabs ?? []).map((tab) => `${model}: ${tab.label}`)) }),
      hasBanner: t.boolean({ resolve: (p) => typeof p.plugin.definition.banner === 'function' }),
      pages: t.field({ type: [page], resolve: (p) => (p.plugin.definition.pages ?? []).map((pg) => ({ ...pg, allowed: true })) }),
    }),
  });
  builder.queryField('installedPlugins', (t) =>
    t.field({ type: [ref], description: 'Every enabled plugin, in load order.', extensions: AUTHENTICATED, resolve: () => [...plugins] }),
  );
}
