/**
 * The Fathom plugin SDK: the one module plugins import. It owns nothing: every name here is the core's own,
 * handed on. Importing it has no side effects.
 */
export { definePlugin, PLUGIN_BRAND } from '../plugins/definition.ts';
export type {
  PluginDefinition,
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
  BannerPage,
  PluginPage,
  RestEndpoint,
  RestInput,
  Middleware,
  MiddlewareContext,
  JobDefinition,
  JobInputField,
  SecretsProvider,
  SecretRequest,
  GitDataType,
  TemplateFilter,
  FilterExtension,
  FormExtension,
  FormSave,
} from '../plugins/definition.ts';
export type { PluginGraphQLApi } from '../plugins/graphql-api.ts';
export type { PluginComponentProps } from '../plugins/web-props.ts';
export type { PluginContext, RequestContext, JobContext, GitSyncContext, PluginDatabaseContext, PluginSettings, Validator } from '../context.ts';
export type { FathomBuilder as PluginBuilder } from '../schema/builder.ts';
export type { FieldError } from '../errors.ts';
export type { Logger } from '../logger.ts';
export { defineConfig } from '../config/config.ts';
export type { FathomConfigInput } from '../config/config.ts';
export { addModelApi } from '../schema/crud.ts';
export { insensitiveContains, idOrName } from '../schema/model-spec.ts';
export type { ModelApiSpec, ModelApiDeclaration, InputFieldSpec, FilterSpec, TypeSpec } from '../schema/model-spec.ts';
export { MODEL_FEATURES, type ModelFeature } from '../schema/features.ts';
export { requires, PUBLIC, AUTHENTICATED } from '../auth/field-permissions.ts';
export type { FieldPermission } from '../auth/field-permissions.ts';
export type { Action, PermissionSet } from '../auth/permissions.ts';
export { defineDataMigration } from '../migrations/data-step.ts';
export type { DataMigration, DataMigrationContext } from '../migrations/data-step.ts';
