import { run, setCsrfToken } from './api';
import type { ModelInfo } from './catalog';
import { CatalogQuery, MeQuery, MyPreferencesQuery, SetPreferenceMutation, UiExtensionsQuery } from './queries';
import type { UiExtensionsQuery as UiExtensionsResult } from '../gql/graphql';

export type Navigation = UiExtensionsResult['uiExtensions']['navigation'];

/** Who is logged in, the model catalog and the plugin navigation: loaded once per login, shared by all pages. */
class Session {
  user = $state<{ id: string; username: string; isSuperuser: boolean; permissions: Array<{ contentType: string; actions: string[] }> } | null>(null);
  // Replaced whole at each login, never changed in place: raw state, so that reading it costs no proxies.
  catalog = $state.raw<ModelInfo[]>([]);
  overrides = $state.raw<Array<{ view: string; plugin: string; component: string }>>([]);
  navigation = $state.raw<Navigation>([]);
  /** The user's saved choices (a list's columns…), by key, parsed; kept on the server so they follow the user. */
  preferences = $state<Record<string, unknown>>({});
  ready = $state(false);

  /** Save a preference (null removes it); the page uses the new value at once. */
  async setPreference(key: string, value: unknown): Promise<void> {
    if (value === null) delete this.preferences[key];
    else this.preferences[key] = value;
    await run(SetPreferenceMutation, { key, value: value === null ? null : JSON.stringify(value) }, true);
  }

  /** The plugin component that replaces a view such as `Device.detail`, if any. */
  override(view: string): { plugin: string; component: string } | undefined {
    return this.overrides.find((o) => o.view === view);
  }

  /** Whether the user holds `action` on a content type such as extras.objectchange (constrained or not). */
  can(contentType: string, action: string): boolean {
    return !!this.user && (this.user.isSuperuser || this.user.permissions.some((p) => p.contentType === contentType && p.actions.includes(action)));
  }

  async load(): Promise<void> {
    // What a logged-in user needs is asked for alongside `me`, not after it: one round trip instead of two on every
    // page load. For an anonymous visitor those answers are refused and dropped.
    const fetchRest = () => Promise.all([run(CatalogQuery, {}), run(UiExtensionsQuery, { route: '/nav' }), run(MyPreferencesQuery, {})]);
    const rest = fetchRest().catch(() => null);
    const { me } = await run(MeQuery, {});
    setCsrfToken(me?.csrfToken);
    // Asked before the session was known (a login racing it): ask again, and let a real failure throw.
    const loaded = me ? ((await rest) ?? (await fetchRest())) : null;
    this.user = me ?? null;
    if (this.user && loaded) {
      const [{ modelCatalog, viewOverrides }, { uiExtensions }, { myPreferences }] = loaded;
      this.preferences = Object.fromEntries(myPreferences.map((p) => [p.key, JSON.parse(p.value) as unknown]));
      this.catalog = modelCatalog;
      this.overrides = viewOverrides;
      this.navigation = uiExtensions.navigation;
    } else {
      this.user = null;
      this.catalog = [];
      this.navigation = [];
      this.preferences = {};
    }
    this.ready = true;
  }
}

export const session = new Session();
