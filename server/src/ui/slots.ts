import type { RequestContext } from '../context.ts';
import { createRequire } from 'node:module';
import type { Banner, BannerPage, DetailObject, DetailSlot, NavButton, NavItem, SlotContent } from '../plugins/definition.ts';
import type { PluginRegistry, RegisteredPlugin } from '../plugins/registry.ts';
import { forPlugin, systemOf } from '../system.ts';
import { delegateFor } from '../schema/model-spec.ts';

/**
 * What plugins contribute to a page, resolved for one request: each contribution filtered by the caller's
 * permissions, run within its budget with its plugin's context, and its content rendered safe.
 */
/** How long a plugin's slot resolver may take before its contribution is dropped from the page. */
export const SLOT_BUDGET_MS = 2000;

export interface Tagged<T> {
  plugin: string;
  value: T;
}
export interface NavGroupView {
  name: string;
  weight: number;
  items: Array<Tagged<NavItem>>;
}
export interface NavTabView {
  name: string;
  weight: number;
  groups: NavGroupView[];
}
export interface PanelView {
  plugin: string;
  name: string;
  weight: number;
  content: SlotContent;
}
export interface SlotError {
  plugin: string;
  slot: string;
  message: string;
}
export interface SlotView {
  plugin: string;
  name: string;
  weight: number;
  content: SlotContent;
}
export interface TabView {
  plugin: string;
  name: string;
  label: string;
  weight: number;
}
export interface DetailView {
  left: SlotView[];
  right: SlotView[];
  fullWidth: SlotView[];
  buttons: Array<Tagged<NavButton>>;
  tabs: TabView[];
  tabContent: SlotView | null;
}
export interface BannerView {
  plugin: string;
  level: string;
  content: SlotContent;
}
export interface Extensions {
  navigation: NavTabView[];
  homePanels: PanelView[];
  detail: DetailView | null;
  banners: BannerView[];
  errors: SlotError[];
}

// The Markdown renderer and the HTML sanitizer are loaded when a plugin first shows content, not at every start.
const load = createRequire(import.meta.url);
const renderers = () => ({ marked: (load('marked') as typeof import('marked')).marked, sanitizeHtml: load('sanitize-html') as typeof import('sanitize-html') });

/** Plugin HTML is rendered inert: no scripts, no event handlers, no javascript: URLs, no styles. */
export function sanitize(html: string): string {
  const { sanitizeHtml } = renderers();
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
  if (content.kind === 'markdown') return { kind: 'html', html: sanitize(renderers().marked.parse(content.markdown, { async: false })) };
  return content;
}

const byWeight = <T extends { weight: number; name: string }>(a: T, b: T) => a.weight - b.weight || a.name.localeCompare(b.name);

/** Merge every plugin's navigation into tabs → groups → items the user may see, ordered by weight. */
export function navigationFor(registry: PluginRegistry, ctx: RequestContext): NavTabView[] {
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
export async function loadObject(ctx: RequestContext, model: string, id: string): Promise<DetailObject | null> {
  if (!systemOf(ctx).modelNames.includes(model)) return null;
  const row = await delegateFor(ctx, model).findUnique({ where: { id } });
  return (row as DetailObject | null) ?? null;
}

export async function detailFor(
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

export async function bannersFor(registry: PluginRegistry, ctx: RequestContext, page: BannerPage, errors: SlotError[]): Promise<BannerView[]> {
  const jobs = registry.banners.map(({ plugin, value: banner }) =>
    isolate(plugin.name, 'banner', ctx, () => banner(forPlugin(ctx, plugin), page), errors).then((b: Banner | null | undefined): BannerView | undefined =>
      b ? { plugin: plugin.name, level: b.level ?? 'info', content: renderContent(b.content) } : undefined,
    ),
  );
  return (await Promise.all(jobs)).filter((b): b is BannerView => !!b);
}

export async function homePanelsFor(registry: PluginRegistry, ctx: RequestContext, errors: SlotError[]): Promise<PanelView[]> {
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
