import { graphql } from '../gql';

export const MeQuery = graphql(`
  query Me {
    me { id username isSuperuser csrfToken permissions { contentType actions } }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) { me { username } errors { field message } }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout { logout }
`);

export const CatalogQuery = graphql(`
  query Catalog {
    modelCatalog {
      model plugin singular plural label labelPlural display context listFields orderFields actions contentType customFields searchable features
      fields { name inputName label plugin kind required nullable refModel choices description writeOnly }
      filters { name type description refModel }
    }
    viewOverrides { view plugin component }
  }
`);

export const UiExtensionsQuery = graphql(`
  query UiExtensions($route: String!, $model: String, $objectId: ID, $tab: String) {
    uiExtensions(route: $route, model: $model, objectId: $objectId, tab: $tab) {
      navigation { name groups { name items { plugin label link buttons { title link icon } } } }
      homePanels { plugin name content { ...Content } }
      detail {
        left { plugin name content { ...Content } }
        right { plugin name content { ...Content } }
        fullWidth { plugin name content { ...Content } }
        buttons { plugin title link icon }
        tabs { plugin name label }
        tabContent { plugin name content { ...Content } }
      }
      banners { plugin level content { ...Content } }
      errors { plugin slot message }
    }
  }
  fragment Content on UIContent {
    kind text html columns rows component props
    pairs { key value link }
    badges { label color }
  }
`);

/** Only the banners of a page (a list): no panels or slots are computed for it. */
export const BannersQuery = graphql(`
  query Banners($route: String!, $model: String) {
    uiExtensions(route: $route, model: $model) {
      banners { plugin level content { ...Content } }
      errors { plugin slot message }
    }
  }
`);

export const ObjectChangesQuery = graphql(`
  query ObjectChanges($objectId: ID, $last: Int) {
    objectChanges(objectId: $objectId, last: $last) { id time userName action contentType objectId objectRepr }
  }
`);

export const InstalledPluginsQuery = graphql(`
  query InstalledPlugins {
    installedPlugins {
      name packageName verboseName version author authorEmail description baseUrl minVersion maxVersion
      dependencies requiredSettings settings models graphqlTypes menuItems homePanels detailSlots detailTabs hasBanner
      pages { path title component allowed }
      registrations { kind name }
    }
    skippedPlugins { name packageName version reason }
  }
`);

export const JobsQuery = graphql(`
  query Jobs {
    jobs { plugin name label description allowed fields { name kind label description required default choices } }
    jobResults(last: 20) { id plugin job status userName created }
  }
`);

export const RunJobMutation = graphql(`
  mutation RunJob($plugin: String!, $job: String!, $input: String) {
    runJob(plugin: $plugin, job: $job, input: $input) { jobResult { id } errors { field message } }
  }
`);

export const JobResultQuery = graphql(`
  query JobResult($id: ID!) {
    jobResult(id: $id) { id plugin job status input result error userName created started finished logs { id time level message } }
  }
`);

export const MyPreferencesQuery = graphql(`
  query MyPreferences { myPreferences { key value } }
`);

export const SetPreferenceMutation = graphql(`
  mutation SetPreference($key: String!, $value: String) {
    setPreference(key: $key, value: $value) { errors { field message } }
  }
`);
