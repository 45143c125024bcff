import type { PluginPage } from './definition.ts';
import type { RegisteredPlugin, Registration } from './registry.ts';
import type { SkippedPlugin } from './validate.ts';
import { AUTHENTICATED } from '../auth/field-permissions.ts';
import type { FathomBuilder } from '../schema/builder.ts';

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
  plugin: RegisteredPlugin;
  /** Everything it registered, one line per contribution; models in global search are known once composed. */
  registrations: () => readonly Registration[];
  pages: readonly PluginPage[];
  models: readonly string[];
  /** GraphQL types the plugin owns or extends; known once the schema is composed. */
  graphqlTypes: () => readonly string[];
}

const named = (p: InstalledPlugin, kind: string) => p.registrations().filter((r) => r.kind === kind).map((r) => r.name);

/** `installedPlugins`: what Plugins → Installed Plugins shows, for the UI and for tools. */
export function addInstalledPlugins(builder: FathomBuilder, skipped: readonly SkippedPlugin[], plugins: readonly InstalledPlugin[]): void {
  const page = builder.objectRef<PluginPage & { allowed: boolean }>('InstalledPluginPage').implement({
    fields: (t) => ({
      path: t.exposeString('path'),
      title: t.exposeString('title'),
      component: t.exposeString('component'),
      permissions: t.stringList({ resolve: (pg) => [...(pg.permissions ?? [])] }),
      allowed: t.boolean({ description: 'Whether the caller holds the page’s permissions.', resolve: (pg, _a, ctx) => !pg.permissions || ctx.auth.permissions.hasAll(pg.permissions) }),
    }),
  });
  const registration = builder.objectRef<Registration>('InstalledPluginRegistration').implement({
    description: 'One thing a plugin registered at start-up.',
    fields: (t) => ({
      kind: t.exposeString('kind', { description: 'The extension point, e.g. navigation, detailSlot, job, validator, templateFilter.' }),
      name: t.exposeString('name'),
    }),
  });
  const ref = builder.objectRef<InstalledPlugin>('InstalledPlugin').implement({
    fields: (t) => ({
      name: t.string({ resolve: (p) => p.plugin.name }),
      packageName: t.string({ resolve: (p) => p.plugin.specifier }),
      verboseName: t.string({ resolve: (p) => p.plugin.verboseName }),
      version: t.string({ resolve: (p) => p.plugin.version }),
      author: t.string({ nullable: true, resolve: (p) => p.plugin.author }),
      authorEmail: t.string({ nullable: true, resolve: (p) => p.plugin.authorEmail }),
      description: t.string({ nullable: true, resolve: (p) => p.plugin.description }),
      baseUrl: t.string({ resolve: (p) => p.plugin.baseUrl }),
      minVersion: t.string({ nullable: true, resolve: (p) => p.plugin.minVersion }),
      maxVersion: t.string({ nullable: true, resolve: (p) => p.plugin.maxVersion }),
      dependencies: t.stringList({ resolve: (p) => [...p.plugin.dependencies] }),
      requiredSettings: t.stringList({ resolve: (p) => [...p.plugin.requiredSettings] }),
      settings: t.string({
        description: 'The effective settings as JSON, with secret-looking values masked.',
        resolve: (p) => JSON.stringify(maskSettings(p.plugin.settings)),
      }),
      models: t.stringList({ description: 'Prisma models the plugin adds.', resolve: (p) => [...p.models] }),
      graphqlTypes: t.stringList({ description: 'GraphQL types the plugin adds or extends.', resolve: (p) => [...p.graphqlTypes()] }),
      registrations: t.field({
        type: [registration],
        description: 'Everything the plugin registered, in the order it declared it.',
        resolve: (p) => [...p.registrations()],
      }),
      menuItems: t.stringList({ description: 'Navigation entries, as "tab / group / item".', resolve: (p) => named(p, 'navigation') }),
      homePanels: t.stringList({ resolve: (p) => named(p, 'homePanel') }),
      detailSlots: t.stringList({
        description: 'Detail-view contributions, as "Model: column — name" and "Model: button — title".',
        resolve: (p) => p.registrations().flatMap((r) => (r.kind === 'detailSlot' ? [r.name] : r.kind === 'detailButton' ? [r.name.replace(': ', ': button — ')] : [])),
      }),
      detailTabs: t.stringList({ resolve: (p) => named(p, 'detailTab') }),
      hasBanner: t.boolean({ resolve: (p) => named(p, 'banner').length > 0 }),
      pages: t.field({ type: [page], resolve: (p) => p.pages.map((pg) => ({ ...pg, allowed: true })) }),
    }),
  });
  const skippedRef = builder.objectRef<SkippedPlugin>('SkippedPlugin').implement({
    description: 'A configured plugin left out at start-up because it cannot run with this Fathom.',
    fields: (t) => ({
      name: t.exposeString('name'),
      packageName: t.exposeString('specifier'),
      version: t.exposeString('version'),
      reason: t.exposeString('reason', { description: 'Why, e.g. its Fathom version range or a missing dependency.' }),
    }),
  });
  builder.queryField('skippedPlugins', (t) =>
    t.field({ type: [skippedRef], description: "Configured plugins left out at start-up (config `incompatiblePlugins: 'skip'`).", extensions: AUTHENTICATED, resolve: () => [...skipped] }),
  );
  builder.queryField('installedPlugins', (t) =>
    t.field({ type: [ref], description: 'Every enabled plugin, in load order.', extensions: AUTHENTICATED, resolve: () => [...plugins] }),
  );
}
