import { AUTHENTICATED } from '../auth/field-permissions.ts';
import type { NavButton, NavItem, SlotContent } from '../plugins/definition.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import type { FathomBuilder } from '../schema/builder.ts';
import {
  bannersFor,
  detailFor,
  homePanelsFor,
  loadObject,
  navigationFor,
  type BannerView,
  type DetailView,
  type Extensions,
  type NavGroupView,
  type NavTabView,
  type PanelView,
  type SlotError,
  type SlotView,
  type Tagged,
  type TabView,
} from './slots.ts';

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
  // A home panel and a detail-view slot are the same thing placed on different pages.
  const placed = (name: string) =>
    builder.objectRef<PanelView | SlotView>(name).implement({
      fields: (t) => ({
        plugin: t.exposeString('plugin'),
        name: t.exposeString('name'),
        weight: t.exposeInt('weight'),
        content: t.field({ type: content, resolve: (p) => p.content }),
      }),
    });
  const panel = placed('UIHomePanel');
  const error = builder.objectRef<SlotError>('UIExtensionError').implement({
    description: 'A contribution left out of the page because its plugin failed or ran out of time.',
    fields: (t) => ({ plugin: t.exposeString('plugin'), slot: t.exposeString('slot'), message: t.exposeString('message') }),
  });
  const slot = placed('UISlot');
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
