import { AUTHENTICATED } from '../auth/field-permissions.ts';
import type { RequestContext } from '../context.ts';
import type { ValidatedPlugin } from '../plugins/validate.ts';
import type { HomePanel, NavButton, NavItem, SlotContent } from '../sdk/define-plugin.ts';
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
interface Extensions {
  navigation: NavTabView[];
  homePanels: PanelView[];
  errors: SlotError[];
}

const byWeight = <T extends { weight: number; name: string }>(a: T, b: T) => a.weight - b.weight || a.name.localeCompare(b.name);

/** Merge every plugin's navigation into tabs → groups → items the user may see, ordered by weight. */
function navigationFor(plugins: readonly ValidatedPlugin[], ctx: RequestContext): NavTabView[] {
  const tabs = new Map<string, NavTabView>();
  const allowed = (permissions?: readonly string[]) => !permissions || ctx.auth.permissions.hasAll(permissions);
  for (const plugin of plugins) {
    for (const tab of plugin.definition.navigation ?? []) {
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

async function homePanelsFor(plugins: readonly ValidatedPlugin[], ctx: RequestContext, errors: SlotError[]): Promise<PanelView[]> {
  const jobs: Array<Promise<PanelView | undefined>> = [];
  for (const plugin of plugins) {
    for (const panel of plugin.definition.homePage ?? []) {
      if (panel.permissions && !ctx.auth.permissions.hasAll(panel.permissions)) continue;
      jobs.push(
        isolate(plugin.name, `homePage:${panel.name}`, ctx, () => (panel as HomePanel).content(ctx), errors).then((content) =>
          content ? { plugin: plugin.name, name: panel.name, weight: panel.weight ?? 1000, content } : undefined,
        ),
      );
    }
  }
  return (await Promise.all(jobs)).filter((p): p is PanelView => p !== undefined).sort(byWeight);
}

/** `uiExtensions`: everything plugins contribute to a page, filtered by the user's permissions, in one query. */
export function addUiExtensions(builder: FathomBuilder, plugins: readonly ValidatedPlugin[]): void {
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
  const content = builder.objectRef<SlotContent>('UIContent').implement({
    description: 'Structured content: `kind` says which of the other fields are set.',
    fields: (t) => ({
      kind: t.string({ resolve: (c) => c.kind }),
      text: t.string({ nullable: true, resolve: (c) => (c.kind === 'text' ? c.text : null) }),
      markdown: t.string({ nullable: true, resolve: (c) => (c.kind === 'markdown' ? c.markdown : null) }),
      pairs: t.field({ type: [pair], nullable: true, resolve: (c) => (c.kind === 'keyValue' ? [...c.pairs] : null) }),
      columns: t.stringList({ nullable: true, resolve: (c) => (c.kind === 'table' ? [...c.columns] : null) }),
      rows: t.field({ type: [['String']] as never, nullable: true, resolve: (c) => (c.kind === 'table' ? c.rows.map((r) => [...r]) : null) as never }),
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
  const extensions = builder.objectRef<Extensions>('UIExtensions').implement({
    fields: (t) => ({
      navigation: t.field({ type: [tab], resolve: (e) => e.navigation }),
      homePanels: t.field({ type: [panel], resolve: (e) => e.homePanels }),
      errors: t.field({ type: [error], resolve: (e) => e.errors }),
    }),
  });
  builder.queryField('uiExtensions', (t) =>
    t.field({
      type: extensions,
      extensions: AUTHENTICATED,
      description: 'Everything plugins contribute to the page at `route`, already filtered by permission and ordered by weight.',
      args: { route: t.arg.string({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const errors: SlotError[] = [];
        const navigation = navigationFor(plugins, ctx);
        const homePanels = args.route === '/' ? await homePanelsFor(plugins, ctx, errors) : [];
        return { navigation, homePanels, errors };
      },
    }),
  );
}
