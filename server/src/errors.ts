/**
 * Stable error codes. Clients and tests match on these, never on message text.
 * Start-up problems carry the plugin they concern, so the operator knows which package to look at.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'PLUGIN_NOT_FOUND'
  | 'PLUGIN_INVALID'
  | 'PLUGIN_DUPLICATE'
  | 'PLUGIN_VERSION'
  | 'PLUGIN_SETTINGS'
  | 'PLUGIN_DEPENDENCY'
  | 'PLUGIN_DEPENDENCY_CYCLE'
  | 'PLUGIN_PRISMA'
  | 'PLUGIN_GRAPHQL'
  | 'PLUGIN_HOOK'
  | 'DATABASE'
  | 'MIGRATION'
  | 'BREAKING_CHANGE'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT';

export class FathomError extends Error {
  readonly code: ErrorCode;
  readonly plugin: string | undefined;

  constructor(code: ErrorCode, message: string, options: { plugin?: string; cause?: unknown } = {}) {
    super(options.plugin ? `Plugin "${options.plugin}": ${message}` : message, { cause: options.cause });
    this.name = 'FathomError';
    this.code = code;
    this.plugin = options.plugin;
  }
}

/** Raised while loading, validating or composing plugins: the server refuses to start. */
export function pluginError(code: ErrorCode, plugin: string, message: string, cause?: unknown): FathomError {
  return new FathomError(code, message, { plugin, cause });
}

/** A problem with one input field, returned (never thrown) by mutations and validators. */
export interface FieldError {
  field: string;
  message: string;
  code: string;
}

/** Start-up problems are reported together: one is thrown as it is, several become one error listing them all. */
export function reportAll(problems: readonly FathomError[]): void {
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    throw new FathomError(problems[0]?.code ?? 'PLUGIN_INVALID', `${problems.length} problems stop start-up:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
  }
}
