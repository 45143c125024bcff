/**
 * The Fathom plugin SDK: the one module plugins import. Importing it has no side effects.
 */
export { definePlugin, PLUGIN_BRAND } from './define-plugin.ts';
export type {
  PluginDefinition,
  PluginGraphQLApi,
  PluginDatabaseContext,
  PluginSettings,
  NavTab,
  NavItem,
  NavButton,
  HomePanel,
  SlotContent,
  PermissionName,
  DetailSlot,
  DetailTab,
  DetailButton,
  DetailViewExtension,
  DetailObject,
  Banner,
  PluginPage,
  Validator,
  RestEndpoint,
  Middleware,
  JobDefinition,
  JobInputField,
  JobContext,
  SecretsProvider,
  GitDataType,
  GitSyncContext,
} from './define-plugin.ts';
export type { FathomBuilder as PluginBuilder, FieldError } from '../schema/builder.ts';
export type { RequestContext } from '../context.ts';
export type { Logger } from '../logger.ts';
export { defineConfig } from '../config/config.ts';
export type { FathomConfigInput } from '../config/config.ts';
export { addModelApi } from '../schema/crud.ts';
export { insensitiveContains, idOrName } from '../schema/model-spec.ts';
export type { ModelApiSpec, InputFieldSpec, FilterSpec } from '../schema/model-spec.ts';
export { requires, PUBLIC, AUTHENTICATED } from '../auth/field-permissions.ts';
export type { FieldPermission } from '../auth/field-permissions.ts';
export type { Action, PermissionSet } from '../auth/permissions.ts';
