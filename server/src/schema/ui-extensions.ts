import { AUTHENTICATED } from '../auth/field-permissions.ts';
import type { RequestContext } from '../context.ts';
import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { Banner, BannerPage, DetailObject, DetailSlot, NavButton, NavItem, SlotContent } from '../plugins/definition.ts';
import type { PluginRegistry, RegisteredPlugin } from '../plugins/registry.ts';
import { forPlugin, systemOf } from '../system.ts';
import { delegateFor } from './model-spec.ts';
import type { FathomBuilder } from './builder.ts';

/** How long a plugin's slot resolver may take before its contribution is dropped from the page. */
export const SLOT_BUDGET_MS = 2000;

interface Tagged<T> {
  plugin: string;
  value: T;
}
interface NavGroupView {
  name: string;
  weight: number;
  items: Array<Tagged<NavItem>>;
}
interface NavTabView {
  name: string;
  weight: number;
  groups: NavGroupView[];
}
interface PanelView {
  plugin: string;
  name: string;
  weight: number;
  content: SlotContent;
}
interface SlotError {
  plugin: string;
  slot: string;
  message: string;
}
interface SlotView {
  plugin: string;
  name: string;
  weight: number;
  content: SlotContent;
}
interface TabView {
  plugin: string;
  name: string;
  label: string;
  weight: number;
}
interface DetailView {
  left: SlotView[];
  right: SlotView[];
  fullWidth: SlotView[];
  buttons: Array<Tagged<NavButton>>;
  tabs: TabView[];
  tabContent: SlotView | null;
}
interface BannerView {
  plugin: string;
  level: string;
  content: SlotContent;
}
interface Extensions {
  navigation: NavTabView[];
  homePanels: PanelView[];
  detail: DetailView | null;
  banners: BannerView[];
  errors: SlotError[];
}

/** Plugin HTML is rendered inert: no scripts, no event handlers, no javascript: URLs, no styles. */
export function sanitize(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img', 'h1', 'h2', 'span']),
    allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title'], span: ['class'], '*': ['title'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
  });
}

/** Markdown is rendered to HTML on the server, then sanitized like any plugin HTML. */
function renderContent(content: SlotContent): SlotContent {
  if (content.kind === 'html') return { kind: 'html', html: sanitize(content.html) };
  if (content.kind === 'markdown') return { kind: 'html', html: sanitize(marked.parse(content.markdown, { async: false })) };
  return content;
}

const byWeight = <T extends { weight: number; name: string }>(a: T, b: T) => a.weight - b.weight || a.name.localeCompare(b.name);

/** Merge every plugin's navigation into tabs → groups → items the user may see, ordered by weight. */
function navigationFor(registry: PluginRegistry, ctx: RequestContext): NavTabView[] {
  const tabs = new Map<string, NavTabView>();
  const allowed = (permissions?: readonly string[]) => !permissions || ctx.auth.permissions.hasAll(permissions);
  for (const { plugin, value: tab } of registry.navigation) {
    const tabView = tabs.get(tab.name) ?? { name: tab.name, weight: tab.weight ?? 1000, groups: [] };
    tabs.set(tab.name, tabView);
    for (const group of tab.groups) {
      let groupView = tabView.groups.find((g) => g.name === group.name);
      if (!groupView) tabView.groups.push((groupView = { name: group.name, weight: group.weight ?? 1000, items: [] }));
      for (const item of group.items) {
        if (!allowed(item.permissions)) continue;
        const buttons = (item.buttons ?? []).filter((b: NavButton) => allowed(b.permissions));
        groupView.items.push({ plugin: plugin.name, value: { ...item, buttons } });
      }
    }
  }
  return [...tabs.values()]
    .map((tab) => ({
      ...tab,
      groups: tab.groups
        .map((g) => ({ ...g, items: g.items.sort((a, b) => (a.value.weight ?? 1000) - (b.value.weight ?? 1000) || a.value.label.localeCompare(b.value.label)) }))
        .filter((g) => g.items.length > 0)
        .sort(byWeight),
    }))
    .filter((tab) => tab.groups.length > 0)
    .sort(byWeight);
}

/** Run one plugin resolver within the budget; a throw or a timeout drops it and is reported, never the page. */
async function isolate<T>(plugin: string, slot: string, ctx: RequestContext, run: () => Promise<T> | T, errors: SlotError[]): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), SLOT_BUDGET_MS);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(run), timeout]);
    if (result === 'timeout') {
      errors.push({ plugin, slot, message: `Timed out after ${SLOT_BUDGET_MS} ms.` });
      ctx.log.warn({ plugin, slot }, 'plugin slot timed out');
      return undefined;
    }
    return result;
  } catch (error) {
    errors.push({ plugin, slot, message: 'This contribution failed to render.' });
    ctx.log.error({ plugin, slot, err: error }, 'plugin slot failed');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** The detail-view object as the user may see it, or null: plugins only get objects the user can view. */
async function loadObject(ctx: RequestContext, model: string, id: string): Promise<DetailObject | null> {
  if (!systemOf(ctx).modelNames.includes(model)) return null;
  const row = await delegateFor(ctx, model).findUnique({ where: { id } });
  return (row as DetailObject | null) ?? null;
}

async function detailFor(
  registry: PluginRegistry,
  ctx: RequestContext,
  model: string,
  object: DetailObject,
  tab: string | null,
  errors: SlotError[],
): Promise<DetailView> {
  const allowed = (permissions?: readonly string[]) => !permissions || ctx.auth.permissions.hasAll(permissions);
  const columns = { left: [] as Array<Promise<SlotView | undefined>>, right: [] as Array<Promise<SlotView | undefined>>, fullWidth: [] as Array<Promise<SlotView | undefined>> };
  const buttons: Array<Tagged<NavButton>> = [];
  const tabs: TabView[] = [];
  let tabContent: Promise<SlotView | undefined> = Promise.resolve(undefined);
  const run = (plugin: RegisteredPlugin, slot: string, s: DetailSlot) =>
    isolate(plugin.name, slot, ctx, () => s.content(forPlugin(ctx, plugin), object), errors).then((content) =>
      content ? { plugin: plugin.name, name: s.name, weight: s.weight ?? 1000, content: renderContent(content) } : undefined,
    );
  for (const { plugin, value: ext } of registry.detailViews.get(model) ?? []) {
    for (const column of ['left', 'right', 'fullWidth'] as const) {
      for (const s of ext[column] ?? []) if (allowed(s.permissions)) columns[column].push(run(plugin, `detail:${model}:${column}:${s.name}`, s));
    }
    for (const b of ext.buttons ?? []) {
      if (allowed(b.permissions)) buttons.push({ plugin: plugin.name, value: { title: b.title, link: b.link.replaceAll('{id}', encodeURIComponent(object.id)), ...(b.icon ? { icon: b.icon } : {}) } });
    }
    for (const t of ext.tabs ?? []) {
      if (!allowed(t.permissions)) continue;
      tabs.push({ plugin: plugin.name, name: t.name, label: t.label, weight: t.weight ?? 1000 });
      if (tab === `${plugin.name}:${t.name}`) tabContent = run(plugin, `detail:${model}:tab:${t.name}`, t);
    }
  }
  const settle = async (list: Array<Promise<SlotView | undefined>>) => (await Promise.all(list)).filter((s): s is SlotView => !!s).sort(byWeight);
  const [left, right, fullWidth, content] = await Promise.all([settle(columns.left), settle(columns.right), settle(columns.fullWidth), tabContent]);
  return { left, right, fullWidth, buttons, tabs: tabs.sort(byWeight), tabContent: content ?? null };
}

async function bannersFor(registry: PluginRegistry, ctx: RequestContext, page: BannerPage, errors: SlotError[]): Promise<BannerView[]> {
  const jobs = registry.banners.map(({ plugin, value: banner }) =>
    isolate(plugin.name, 'banner', ctx, () => banner(forPlugin(ctx, plugin), page), errors).then((b: Banner | null | undefined): BannerView | undefined =>
      b ? { plugin: plugin.name, level: b.level ?? 'info', content: renderContent(b.content) } : undefined,
    ),
  );
  return (await Promise.all(jobs)).filter((b): b is BannerView => !!b);
}

async function homePanelsFor(registry: PluginRegistry, ctx: RequestContext, errors: SlotError[]): Promise<PanelView[]> {
  const jobs: Array<Promise<PanelView | undefined>> = [];
  for (const { plugin, value: panel } of registry.homePanels) {
    if (panel.permissions && !ctx.auth.permissions.hasAll(panel.permissions)) continue;
    jobs.push(
      isolate(plugin.name, `homePage:${panel.name}`, ctx, () => panel.content(forPlugin(ctx, plugin)), errors).then((content) =>
        content ? { plugin: plugin.name, name: panel.name, weight: panel.weight ?? 1000, content: renderContent(content) } : undefined,
      ),
    );
  }
  return (await Promise.all(jobs)).filter((p): p is PanelView => p !== undefined).sort(byWeight);
}

/** `uiExtensions`: everything plugins contribute to a page, filtered by the user's permissions, in one query. */
export function addUiExtensions(builder: FathomBuilder, registry: PluginRegistry): void {
  const button = builder.objectRef<Tagged<NavButton>>('UINavButton').implement({
    fields: (t) => ({
      plugin: t.string({ resolve: (b) => b.plugin }),
      title: t.string({ resolve: (b) => b.value.title }),
      link: t.string({ resolve: (b) => b.value.link }),
      icon: t.string({ nullable: true, resolve: (b) => b.value.icon ?? null }),
    }),
  });
  const item = builder.objectRef<Tagged<NavItem>>('UINavItem').implement({
    fields: (t) => ({
      plugin: t.string({ description: 'The plugin that contributed the item.', resolve: (i) => i.plugin }),
      label: t.string({ resolve: (i) => i.value.label }),
      link: t.string({ resolve: (i) => i.value.link }),
      weight: t.int({ resolve: (i) => i.value.weight ?? 1000 }),
      buttons: t.field({ type: [button], resolve: (i) => (i.value.buttons ?? []).map((b) => ({ plugin: i.plugin, value: b })) }),
    }),
  });
  const group = builder.objectRef<NavGroupView>('UINavGroup').implement({
    fields: (t) => ({ name: t.exposeString('name'), weight: t.exposeInt('weight'), items: t.field({ type: [item], resolve: (g) => g.items }) }),
  });
  const tab = builder.objectRef<NavTabView>('UINavTab').implement({
    fields: (t) => ({ name: t.exposeString('name'), weight: t.exposeInt('weight'), groups: t.field({ type: [group], resolve: (tb) => tb.groups }) }),
  });
  const pair = builder.objectRef<{ key: string; value: string; link?: string }>('UIKeyValue').implement({
    fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value'), link: t.string({ nullable: true, resolve: (p) => p.link ?? null }) }),
  });
  const badge = builder.objectRef<{ label: string; color?: string }>('UIBadge').implement({
    fields: (t) => ({ label: t.exposeString('label'), color: t.string({ nullable: true, resolve: (b) => b.color ?? null }) }),
  });
  const content = builder.objectRef<SlotContent>('UIContent').implement({
    description: 'Structured content: `kind` says which of the other fields are set.',
    fields: (t) => ({
      kind: t.string({ resolve: (c) => c.kind }),
      text: t.string({ nullable: true, resolve: (c) => (c.kind === 'text' ? c.text : null) }),
      markdown: t.string({ nullable: true, resolve: (c) => (c.kind === 'markdown' ? c.markdown : null) }),
      pairs: t.field({ type: [pair], nullable: true, resolve: (c) => (c.kind === 'keyValue' ? [...c.pairs] : null) }),
      columns: t.stringList({ nullable: true, resolve: (c) => (c.kind === 'table' ? [...c.columns] : null) }),
      rows: t.field({ type: [['String']] as never, nullable: true, resolve: (c) => (c.kind === 'table' ? c.rows.map((r) => [...r]) : null) as never }),
      html: t.string({ nullable: true, description: 'Sanitized HTML (markdown arrives rendered here too).', resolve: (c) => (c.kind === 'html' ? c.html : null) }),
      badges: t.field({ type: [badge], nullable: true, resolve: (c) => (c.kind === 'badges' ? [...c.badges] : null) }),
      component: t.string({ nullable: true, description: 'Name of a Svelte component the plugin ships.', resolve: (c) => (c.kind === 'component' ? c.component : null) }),
      props: t.string({ nullable: true, description: 'JSON props for the component.', resolve: (c) => (c.kind === 'component' ? JSON.stringify(c.props ?? {}) : null) }),
    }),
  });
  const panel = builder.objectRef<PanelView>('UIHomePanel').implement({
    fields: (t) => ({
      plugin: t.exposeString('plugin'),
      name: t.exposeString('name'),
      weight: t.exposeInt('weight'),
      content: t.field({ type: content, resolve: (p) => p.content }),
    }),
  });
  const error = builder.objectRef<SlotError>('UIExtensionError').implement({
    description: 'A contribution left out of the page because its plugin failed or ran out of time.',
    fields: (t) => ({ plugin: t.exposeString('plugin'), slot: t.exposeString('slot'), message: t.exposeString('message') }),
  });
  const slot = builder.objectRef<SlotView>('UISlot').implement({
    fields: (t) => ({
      plugin: t.exposeString('plugin'),
      name: t.exposeString('name'),
      weight: t.exposeInt('weight'),
      content: t.field({ type: content, resolve: (s) => s.content }),
    }),
  });
  const detailTab = builder.objectRef<TabView>('UIDetailTab').implement({
    fields: (t) => ({ plugin: t.exposeString('plugin'), name: t.exposeString('name'), label: t.exposeString('label'), weight: t.exposeInt('weight') }),
  });
  const detail = builder.objectRef<DetailView>('UIDetail').implement({
    fields: (t) => ({
      left: t.field({ type: [slot], resolve: (d) => d.left }),
      right: t.field({ type: [slot], resolve: (d) => d.right }),
      fullWidth: t.field({ type: [slot], resolve: (d) => d.fullWidth }),
      buttons: t.field({ type: [button], resolve: (d) => d.buttons }),
      tabs: t.field({ type: [detailTab], resolve: (d) => d.tabs }),
      tabContent: t.field({ type: slot, nullable: true, description: 'Content of the tab asked for with `tab`.', resolve: (d) => d.tabContent }),
    }),
  });
  const banner = builder.objectRef<BannerView>('UIBanner').implement({
    fields: (t) => ({ plugin: t.exposeString('plugin'), level: t.exposeString('level'), content: t.field({ type: content, resolve: (b) => b.content }) }),
  });
  const extensions = builder.objectRef<Extensions>('UIExtensions').implement({
    fields: (t) => ({
      navigation: t.field({ type: [tab], resolve: (e) => e.navigation }),
      homePanels: t.field({ type: [panel], resolve: (e) => e.homePanels }),
      detail: t.field({ type: detail, nullable: true, description: 'Set when `model` and `objectId` name an object the user may view.', resolve: (e) => e.detail }),
      banners: t.field({ type: [banner], resolve: (e) => e.banners }),
      errors: t.field({ type: [error], resolve: (e) => e.errors }),
    }),
  });
  const override = builder.objectRef<{ view: string; plugin: string; component: string }>('UIViewOverride').implement({
    description: 'A core (or plugin) view a plugin replaces with one of its components.',
    fields: (t) => ({ view: t.exposeString('view'), plugin: t.exposeString('plugin'), component: t.exposeString('component') }),
  });
  builder.queryField('viewOverrides', (t) =>
    t.field({
      type: [override],
      extensions: AUTHENTICATED,
      resolve: () => [...registry.overrideViews].map(([view, c]) => ({ view, plugin: c.plugin.name, component: c.value })),
    }),
  );
  builder.queryField('uiExtensions', (t) =>
    t.field({
      type: extensions,
      extensions: AUTHENTICATED,
      description: 'Everything plugins contribute to the page at `route`, already filtered by permission and ordered by weight.',
      args: {
        route: t.arg.string({ required: true }),
        model: t.arg.string({ description: 'On a detail view: the model, e.g. Device.' }),
        objectId: t.arg.id({ description: 'On a detail view: the object.' }),
        tab: t.arg.string({ description: 'On a plugin tab: "<plugin>:<tab name>".' }),
      },
      resolve: async (_root, args, ctx) => {
        const errors: SlotError[] = [];
        const model = args.model ?? null;
        const object = model && args.objectId ? await loadObject(ctx, model, String(args.objectId)) : null;
        const [homePanels, detail, banners] = await Promise.all([
          args.route === '/' ? homePanelsFor(registry, ctx, errors) : Promise.resolve([]),
          model && object ? detailFor(registry, ctx, model, object, args.tab ?? null, errors) : Promise.resolve(null),
          bannersFor(registry, ctx, { route: args.route, model, object }, errors),
        ]);
        return { navigation: navigationFor(registry, ctx), homePanels, detail, banners, errors };
      },
    }),
  );
}
