import { run, setCsrfToken } from './api';
import type { ModelInfo } from './catalog';
import { CatalogQuery, MeQuery, UiExtensionsQuery } from './queries';
import type { UiExtensionsQuery as UiExtensionsResult } from '../gql/graphql';

export type Navigation = UiExtensionsResult['uiExtensions']['navigation'];

/** Who is logged in, the model catalog and the plugin navigation: loaded once per login, shared by all pages. */
class Session {
  user = $state<{ id: string; username: string; isSuperuser: boolean; permissions: Array<{ contentType: string; actions: string[] }> } | null>(null);
  catalog = $state<ModelInfo[]>([]);
  overrides = $state<Array<{ view: string; plugin: string; component: string }>>([]);
  navigation = $state<Navigation>([]);
  ready = $state(false);

  /** The plugin component that replaces a view such as `Device.detail`, if any. */
  override(view: string): { plugin: string; component: string } | undefined {
    return this.overrides.find((o) => o.view === view);
  }

  /** Whether the user holds `action` on a content type such as extras.objectchange (constrained or not). */
  can(contentType: string, action: string): boolean {
    return !!this.user && (this.user.isSuperuser || this.user.permissions.some((p) => p.contentType === contentType && p.actions.includes(action)));
  }

  async load(): Promise<void> {
    const { me } = await run(MeQuery, {});
    setCsrfToken(me?.csrfToken);
    this.user = me ?? null;
    if (this.user) {
      const [{ modelCatalog, viewOverrides }, { uiExtensions }] = await Promise.all([run(CatalogQuery, {}), run(UiExtensionsQuery, { route: '/nav' })]);
      this.catalog = modelCatalog;
      this.overrides = viewOverrides;
      this.navigation = uiExtensions.navigation;
    } else {
      this.catalog = [];
      this.navigation = [];
    }
    this.ready = true;
  }
}

export const session = new Session();
