import { run } from './api';
import type { ModelInfo } from './catalog';
import { CatalogQuery, MeQuery, UiExtensionsQuery } from './queries';
import type { UiExtensionsQuery as UiExtensionsResult } from '../gql/graphql';

export type Navigation = UiExtensionsResult['uiExtensions']['navigation'];

/** Who is logged in, the model catalog and the plugin navigation: loaded once per login, shared by all pages. */
class Session {
  user = $state<{ id: string; username: string; isSuperuser: boolean } | null>(null);
  catalog = $state<ModelInfo[]>([]);
  navigation = $state<Navigation>([]);
  ready = $state(false);

  async load(): Promise<void> {
    const { me } = await run(MeQuery, {});
    this.user = me ?? null;
    if (this.user) {
      const [{ modelCatalog }, { uiExtensions }] = await Promise.all([run(CatalogQuery, {}), run(UiExtensionsQuery, { route: '/nav' })]);
      this.catalog = modelCatalog;
      this.navigation = uiExtensions.navigation;
    } else {
      this.catalog = [];
      this.navigation = [];
    }
    this.ready = true;
  }
}

export const session = new Session();
