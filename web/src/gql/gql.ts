/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query AdminUsers {\n    users { id username email isActive isSuperuser lastLogin groups { id name } }\n  }\n": typeof types.AdminUsersDocument,
    "\n  query AdminGroups {\n    groups { id name users { id username } }\n  }\n": typeof types.AdminGroupsDocument,
    "\n  query AdminPermissions {\n    objectPermissions {\n      id name description enabled actions constraints\n      contentTypes { label }\n      users { id username }\n      groups { id name }\n    }\n  }\n": typeof types.AdminPermissionsDocument,
    "\n  mutation AdminCreateUser($input: UserInput!) {\n    createUser(input: $input) { user { id } errors { field message } }\n  }\n": typeof types.AdminCreateUserDocument,
    "\n  mutation AdminUpdateUser($id: ID!, $input: UserInput!) {\n    updateUser(id: $id, input: $input) { user { id } errors { field message } }\n  }\n": typeof types.AdminUpdateUserDocument,
    "\n  mutation AdminCreateGroup($name: String!, $userIds: [ID!]) {\n    createGroup(name: $name, userIds: $userIds) { group { id } errors { field message } }\n  }\n": typeof types.AdminCreateGroupDocument,
    "\n  mutation AdminUpdateGroup($id: ID!, $name: String, $userIds: [ID!]) {\n    updateGroup(id: $id, name: $name, userIds: $userIds) { group { id } errors { field message } }\n  }\n": typeof types.AdminUpdateGroupDocument,
    "\n  mutation AdminDeleteGroup($id: ID!) { deleteGroup(id: $id) }\n": typeof types.AdminDeleteGroupDocument,
    "\n  mutation AdminCreatePermission($input: CreateObjectPermissionInput!) {\n    createObjectPermission(input: $input) { objectPermission { id } errors { field message } }\n  }\n": typeof types.AdminCreatePermissionDocument,
    "\n  mutation AdminUpdatePermission($id: ID!, $input: UpdateObjectPermissionInput!) {\n    updateObjectPermission(id: $id, input: $input) { objectPermission { id } errors { field message } }\n  }\n": typeof types.AdminUpdatePermissionDocument,
    "\n  mutation AdminDeletePermission($id: ID!) { deleteObjectPermission(id: $id) }\n": typeof types.AdminDeletePermissionDocument,
    "\n  query MyApiTokens {\n    myApiTokens { id prefix description created expires lastUsed revoked writeEnabled }\n  }\n": typeof types.MyApiTokensDocument,
    "\n  mutation CreateMyApiToken($description: String, $expires: DateTime, $writeEnabled: Boolean) {\n    createApiToken(description: $description, expires: $expires, writeEnabled: $writeEnabled) { key token { id } errors { field message } }\n  }\n": typeof types.CreateMyApiTokenDocument,
    "\n  mutation RevokeMyApiToken($id: ID!) { revokeApiToken(id: $id) }\n": typeof types.RevokeMyApiTokenDocument,
    "\n  query Me {\n    me { id username isSuperuser csrfToken permissions { contentType actions } }\n  }\n": typeof types.MeDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) { me { username } errors { field message } }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout { logout }\n": typeof types.LogoutDocument,
    "\n  query Catalog {\n    modelCatalog {\n      model plugin singular plural label labelPlural display context listFields orderFields actions contentType customFields searchable features\n      fields { name inputName label plugin kind required nullable refModel choices description writeOnly }\n      filters { name type description refModel }\n    }\n    viewOverrides { view plugin component }\n  }\n": typeof types.CatalogDocument,
    "\n  query UiExtensions($route: String!, $model: String, $objectId: ID, $tab: String) {\n    uiExtensions(route: $route, model: $model, objectId: $objectId, tab: $tab) {\n      navigation { name groups { name items { plugin label link buttons { title link icon } } } }\n      homePanels { plugin name content { ...Content } }\n      detail {\n        left { plugin name content { ...Content } }\n        right { plugin name content { ...Content } }\n        fullWidth { plugin name content { ...Content } }\n        buttons { plugin title link icon }\n        tabs { plugin name label }\n        tabContent { plugin name content { ...Content } }\n      }\n      banners { plugin level content { ...Content } }\n      errors { plugin slot message }\n    }\n  }\n  fragment Content on UIContent {\n    kind text html columns rows component props\n    pairs { key value link }\n    badges { label color }\n  }\n": typeof types.UiExtensionsDocument,
    "\n  query Banners($route: String!, $model: String) {\n    uiExtensions(route: $route, model: $model) {\n      banners { plugin level content { ...Content } }\n      errors { plugin slot message }\n    }\n  }\n": typeof types.BannersDocument,
    "\n  query ObjectChanges($objectId: ID, $last: Int) {\n    objectChanges(objectId: $objectId, last: $last) { id time userName action contentType objectId objectRepr }\n  }\n": typeof types.ObjectChangesDocument,
    "\n  query InstalledPlugins {\n    installedPlugins {\n      name packageName verboseName version author authorEmail description baseUrl minVersion maxVersion\n      dependencies requiredSettings settings models graphqlTypes menuItems homePanels detailSlots detailTabs hasBanner\n      pages { path title component allowed }\n      registrations { kind name }\n    }\n    skippedPlugins { name packageName version reason }\n  }\n": typeof types.InstalledPluginsDocument,
    "\n  query Jobs {\n    jobs { plugin name label description allowed fields { name kind label description required default choices } }\n    jobResults(last: 20) { id plugin job status userName created }\n  }\n": typeof types.JobsDocument,
    "\n  mutation RunJob($plugin: String!, $job: String!, $input: String) {\n    runJob(plugin: $plugin, job: $job, input: $input) { jobResult { id } errors { field message } }\n  }\n": typeof types.RunJobDocument,
    "\n  query JobResult($id: ID!) {\n    jobResult(id: $id) { id plugin job status input result error userName created started finished logs { id time level message } }\n  }\n": typeof types.JobResultDocument,
    "\n  query MyPreferences { myPreferences { key value } }\n": typeof types.MyPreferencesDocument,
    "\n  mutation SetPreference($key: String!, $value: String) {\n    setPreference(key: $key, value: $value) { errors { field message } }\n  }\n": typeof types.SetPreferenceDocument,
};
const documents: Documents = {
    "\n  query AdminUsers {\n    users { id username email isActive isSuperuser lastLogin groups { id name } }\n  }\n": types.AdminUsersDocument,
    "\n  query AdminGroups {\n    groups { id name users { id username } }\n  }\n": types.AdminGroupsDocument,
    "\n  query AdminPermissions {\n    objectPermissions {\n      id name description enabled actions constraints\n      contentTypes { label }\n      users { id username }\n      groups { id name }\n    }\n  }\n": types.AdminPermissionsDocument,
    "\n  mutation AdminCreateUser($input: UserInput!) {\n    createUser(input: $input) { user { id } errors { field message } }\n  }\n": types.AdminCreateUserDocument,
    "\n  mutation AdminUpdateUser($id: ID!, $input: UserInput!) {\n    updateUser(id: $id, input: $input) { user { id } errors { field message } }\n  }\n": types.AdminUpdateUserDocument,
    "\n  mutation AdminCreateGroup($name: String!, $userIds: [ID!]) {\n    createGroup(name: $name, userIds: $userIds) { group { id } errors { field message } }\n  }\n": types.AdminCreateGroupDocument,
    "\n  mutation AdminUpdateGroup($id: ID!, $name: String, $userIds: [ID!]) {\n    updateGroup(id: $id, name: $name, userIds: $userIds) { group { id } errors { field message } }\n  }\n": types.AdminUpdateGroupDocument,
    "\n  mutation AdminDeleteGroup($id: ID!) { deleteGroup(id: $id) }\n": types.AdminDeleteGroupDocument,
    "\n  mutation AdminCreatePermission($input: CreateObjectPermissionInput!) {\n    createObjectPermission(input: $input) { objectPermission { id } errors { field message } }\n  }\n": types.AdminCreatePermissionDocument,
    "\n  mutation AdminUpdatePermission($id: ID!, $input: UpdateObjectPermissionInput!) {\n    updateObjectPermission(id: $id, input: $input) { objectPermission { id } errors { field message } }\n  }\n": types.AdminUpdatePermissionDocument,
    "\n  mutation AdminDeletePermission($id: ID!) { deleteObjectPermission(id: $id) }\n": types.AdminDeletePermissionDocument,
    "\n  query MyApiTokens {\n    myApiTokens { id prefix description created expires lastUsed revoked writeEnabled }\n  }\n": types.MyApiTokensDocument,
    "\n  mutation CreateMyApiToken($description: String, $expires: DateTime, $writeEnabled: Boolean) {\n    createApiToken(description: $description, expires: $expires, writeEnabled: $writeEnabled) { key token { id } errors { field message } }\n  }\n": types.CreateMyApiTokenDocument,
    "\n  mutation RevokeMyApiToken($id: ID!) { revokeApiToken(id: $id) }\n": types.RevokeMyApiTokenDocument,
    "\n  query Me {\n    me { id username isSuperuser csrfToken permissions { contentType actions } }\n  }\n": types.MeDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) { me { username } errors { field message } }\n  }\n": types.LoginDocument,
    "\n  mutation Logout { logout }\n": types.LogoutDocument,
    "\n  query Catalog {\n    modelCatalog {\n      model plugin singular plural label labelPlural display context listFields orderFields actions contentType customFields searchable features\n      fields { name inputName label plugin kind required nullable refModel choices description writeOnly }\n      filters { name type description refModel }\n    }\n    viewOverrides { view plugin component }\n  }\n": types.CatalogDocument,
    "\n  query UiExtensions($route: String!, $model: String, $objectId: ID, $tab: String) {\n    uiExtensions(route: $route, model: $model, objectId: $objectId, tab: $tab) {\n      navigation { name groups { name items { plugin label link buttons { title link icon } } } }\n      homePanels { plugin name content { ...Content } }\n      detail {\n        left { plugin name content { ...Content } }\n        right { plugin name content { ...Content } }\n        fullWidth { plugin name content { ...Content } }\n        buttons { plugin title link icon }\n        tabs { plugin name label }\n        tabContent { plugin name content { ...Content } }\n      }\n      banners { plugin level content { ...Content } }\n      errors { plugin slot message }\n    }\n  }\n  fragment Content on UIContent {\n    kind text html columns rows component props\n    pairs { key value link }\n    badges { label color }\n  }\n": types.UiExtensionsDocument,
    "\n  query Banners($route: String!, $model: String) {\n    uiExtensions(route: $route, model: $model) {\n      banners { plugin level content { ...Content } }\n      errors { plugin slot message }\n    }\n  }\n": types.BannersDocument,
    "\n  query ObjectChanges($objectId: ID, $last: Int) {\n    objectChanges(objectId: $objectId, last: $last) { id time userName action contentType objectId objectRepr }\n  }\n": types.ObjectChangesDocument,
    "\n  query InstalledPlugins {\n    installedPlugins {\n      name packageName verboseName version author authorEmail description baseUrl minVersion maxVersion\n      dependencies requiredSettings settings models graphqlTypes menuItems homePanels detailSlots detailTabs hasBanner\n      pages { path title component allowed }\n      registrations { kind name }\n    }\n    skippedPlugins { name packageName version reason }\n  }\n": types.InstalledPluginsDocument,
    "\n  query Jobs {\n    jobs { plugin name label description allowed fields { name kind label description required default choices } }\n    jobResults(last: 20) { id plugin job status userName created }\n  }\n": types.JobsDocument,
    "\n  mutation RunJob($plugin: String!, $job: String!, $input: String) {\n    runJob(plugin: $plugin, job: $job, input: $input) { jobResult { id } errors { field message } }\n  }\n": types.RunJobDocument,
    "\n  query JobResult($id: ID!) {\n    jobResult(id: $id) { id plugin job status input result error userName created started finished logs { id time level message } }\n  }\n": types.JobResultDocument,
    "\n  query MyPreferences { myPreferences { key value } }\n": types.MyPreferencesDocument,
    "\n  mutation SetPreference($key: String!, $value: String) {\n    setPreference(key: $key, value: $value) { errors { field message } }\n  }\n": types.SetPreferenceDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers {\n    users { id username email isActive isSuperuser lastLogin groups { id name } }\n  }\n"): (typeof documents)["\n  query AdminUsers {\n    users { id username email isActive isSuperuser lastLogin groups { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminGroups {\n    groups { id name users { id username } }\n  }\n"): (typeof documents)["\n  query AdminGroups {\n    groups { id name users { id username } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminPermissions {\n    objectPermissions {\n      id name description enabled actions constraints\n      contentTypes { label }\n      users { id username }\n      groups { id name }\n    }\n  }\n"): (typeof documents)["\n  query AdminPermissions {\n    objectPermissions {\n      id name description enabled actions constraints\n      contentTypes { label }\n      users { id username }\n      groups { id name }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateUser($input: UserInput!) {\n    createUser(input: $input) { user { id } errors { field message } }\n  }\n"): (typeof documents)["\n  mutation AdminCreateUser($input: UserInput!) {\n    createUser(input: $input) { user { id } errors { field message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateUser($id: ID!, $input: UserInput!) {\n    updateUser(id: $id, input: $input) { user { id } errors { field message } }\n  }\n"): (typeof documents)["\n  mutation AdminUpdateUser($id: ID!, $input: UserInput!) {\n    updateUser(id: $id, input: $input) { user { id } errors { field message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateGroup($name: String!, $userIds: [ID!]) {\n    createGroup(name: $name, userIds: $userIds) { group { id } errors { field message } }\n  }\n"): (typeof documents)["\n  mutation AdminCreateGroup($name: String!, $userIds: [ID!]) {\n    createGroup(name: $name, userIds: $userIds) { group { id } errors { field message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateGroup($id: ID!, $name: String, $userIds: [ID!]) {\n    updateGroup(id: $id, name: $name, userIds: $userIds) { group { id } errors { field message } }\n  }\n"): (typeof documents)["\n  mutation AdminUpdateGroup($id: ID!, $name: String, $userIds: [ID!]) {\n    updateGroup(id: $id, name: $name, userIds: $userIds) { group { id } errors { field message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeleteGroup($id: ID!) { deleteGroup(id: $id) }\n"): (typeof documents)["\n  mutation AdminDeleteGroup($id: ID!) { deleteGroup(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreatePermission($input: CreateObjectPermissionInput!) {\n    createObjectPermission(input: $input) { objectPermission { id } errors { field message } }\n  }\n"): (typeof documents)["\n  mutation AdminCreatePermission($input: CreateObjectPermissionInput!) {\n    createObjectPermission(input: $input) { objectPermission { id } errors { field message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdatePermission($id: ID!, $input: UpdateObjectPermissionInput!) {\n    updateObjectPermission(id: $id, input: $input) { objectPermission { id } errors { field message } }\n  }\n"): (typeof documents)["\n  mutation AdminUpdatePermission($id: ID!, $input: UpdateObjectPermissionInput!) {\n    updateObjectPermission(id: $id, input: $input) { objectPermission { id } errors { field message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeletePermission($id: ID!) { deleteObjectPermission(id: $id) }\n"): (typeof documents)["\n  mutation AdminDeletePermission($id: ID!) { deleteObjectPermission(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyApiTokens {\n    myApiTokens { id prefix description created expires lastUsed revoked writeEnabled }\n  }\n"): (typeof documents)["\n  query MyApiTokens {\n    myApiTokens { id prefix description created expires lastUsed revoked writeEnabled }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMyApiToken($description: String, $expires: DateTime, $writeEnabled: Boolean) {\n    createApiToken(description: $description, expires: $expires, writeEnabled: $writeEnabled) { key token { id } errors { field message } }\n  }\n"): (typeof documents)["\n  mutation CreateMyApiToken($description: String, $expires: DateTime, $writeEnabled: Boolean) {\n    createApiToken(description: $description, expires: $expires, writeEnabled: $writeEnabled) { key token { id } errors { field message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeMyApiToken($id: ID!) { revokeApiToken(id: $id) }\n"): (typeof documents)["\n  mutation RevokeMyApiToken($id: ID!) { revokeApiToken(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me { id username isSuperuser csrfToken permissions { contentType actions } }\n  }\n"): (typeof documents)["\n  query Me {\n    me { id username isSuperuser csrfToken permissions { contentType actions } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) { me { username } errors { field message } }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) { me { username } errors { field message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout { logout }\n"): (typeof documents)["\n  mutation Logout { logout }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Catalog {\n    modelCatalog {\n      model plugin singular plural label labelPlural display context listFields orderFields actions contentType customFields searchable features\n      fields { name inputName label plugin kind required nullable refModel choices description writeOnly }\n      filters { name type description refModel }\n    }\n    viewOverrides { view plugin component }\n  }\n"): (typeof documents)["\n  query Catalog {\n    modelCatalog {\n      model plugin singular plural label labelPlural display context listFields orderFields actions contentType customFields searchable features\n      fields { name inputName label plugin kind required nullable refModel choices description writeOnly }\n      filters { name type description refModel }\n    }\n    viewOverrides { view plugin component }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UiExtensions($route: String!, $model: String, $objectId: ID, $tab: String) {\n    uiExtensions(route: $route, model: $model, objectId: $objectId, tab: $tab) {\n      navigation { name groups { name items { plugin label link buttons { title link icon } } } }\n      homePanels { plugin name content { ...Content } }\n      detail {\n        left { plugin name content { ...Content } }\n        right { plugin name content { ...Content } }\n        fullWidth { plugin name content { ...Content } }\n        buttons { plugin title link icon }\n        tabs { plugin name label }\n        tabContent { plugin name content { ...Content } }\n      }\n      banners { plugin level content { ...Content } }\n      errors { plugin slot message }\n    }\n  }\n  fragment Content on UIContent {\n    kind text html columns rows component props\n    pairs { key value link }\n    badges { label color }\n  }\n"): (typeof documents)["\n  query UiExtensions($route: String!, $model: String, $objectId: ID, $tab: String) {\n    uiExtensions(route: $route, model: $model, objectId: $objectId, tab: $tab) {\n      navigation { name groups { name items { plugin label link buttons { title link icon } } } }\n      homePanels { plugin name content { ...Content } }\n      detail {\n        left { plugin name content { ...Content } }\n        right { plugin name content { ...Content } }\n        fullWidth { plugin name content { ...Content } }\n        buttons { plugin title link icon }\n        tabs { plugin name label }\n        tabContent { plugin name content { ...Content } }\n      }\n      banners { plugin level content { ...Content } }\n      errors { plugin slot message }\n    }\n  }\n  fragment Content on UIContent {\n    kind text html columns rows component props\n    pairs { key value link }\n    badges { label color }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Banners($route: String!, $model: String) {\n    uiExtensions(route: $route, model: $model) {\n      banners { plugin level content { ...Content } }\n      errors { plugin slot message }\n    }\n  }\n"): (typeof documents)["\n  query Banners($route: String!, $model: String) {\n    uiExtensions(route: $route, model: $model) {\n      banners { plugin level content { ...Content } }\n      errors { plugin slot message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ObjectChanges($objectId: ID, $last: Int) {\n    objectChanges(objectId: $objectId, last: $last) { id time userName action contentType objectId objectRepr }\n  }\n"): (typeof documents)["\n  query ObjectChanges($objectId: ID, $last: Int) {\n    objectChanges(objectId: $objectId, last: $last) { id time userName action contentType objectId objectRepr }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InstalledPlugins {\n    installedPlugins {\n      name packageName verboseName version author authorEmail description baseUrl minVersion maxVersion\n      dependencies requiredSettings settings models graphqlTypes menuItems homePanels detailSlots detailTabs hasBanner\n      pages { path title component allowed }\n      registrations { kind name }\n    }\n    skippedPlugins { name packageName version reason }\n  }\n"): (typeof documents)["\n  query InstalledPlugins {\n    installedPlugins {\n      name packageName verboseName version author authorEmail description baseUrl minVersion maxVersion\n      dependencies requiredSettings settings models graphqlTypes menuItems homePanels detailSlots detailTabs hasBanner\n      pages { path title component allowed }\n      registrations { kind name }\n    }\n    skippedPlugins { name packageName version reason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Jobs {\n    jobs { plugin name label description allowed fields { name kind label description required default choices } }\n    jobResults(last: 20) { id plugin job status userName created }\n  }\n"): (typeof documents)["\n  query Jobs {\n    jobs { plugin name label description allowed fields { name kind label description required default choices } }\n    jobResults(last: 20) { id plugin job status userName created }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunJob($plugin: String!, $job: String!, $input: String) {\n    runJob(plugin: $plugin, job: $job, input: $input) { jobResult { id } errors { field message } }\n  }\n"): (typeof documents)["\n  mutation RunJob($plugin: String!, $job: String!, $input: String) {\n    runJob(plugin: $plugin, job: $job, input: $input) { jobResult { id } errors { field message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobResult($id: ID!) {\n    jobResult(id: $id) { id plugin job status input result error userName created started finished logs { id time level message } }\n  }\n"): (typeof documents)["\n  query JobResult($id: ID!) {\n    jobResult(id: $id) { id plugin job status input result error userName created started finished logs { id time level message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyPreferences { myPreferences { key value } }\n"): (typeof documents)["\n  query MyPreferences { myPreferences { key value } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPreference($key: String!, $value: String) {\n    setPreference(key: $key, value: $value) { errors { field message } }\n  }\n"): (typeof documents)["\n  mutation SetPreference($key: String!, $value: String) {\n    setPreference(key: $key, value: $value) { errors { field message } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;