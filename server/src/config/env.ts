/**
 * The one place Fathom reads the process environment. Everything else receives these values.
 */
export interface FathomEnv {
  databaseUrl: string | undefined;
  configFile: string | undefined;
  logLevel: string | undefined;
  redisUrl: string | undefined;
}

/** An environment variable a secret names (the environment-variable secrets provider). */
export function readVariable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[name];
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): FathomEnv {
  return {
    databaseUrl: env['DATABASE_URL'] || undefined,
    configFile: env['FATHOM_CONFIG'] || undefined,
    logLevel: env['FATHOM_LOG_LEVEL'] || undefined,
    redisUrl: env['REDIS_URL'] || undefined,
  };
}

/** The environment for a git subprocess: only what git needs from ours, plus the given settings. */
export function gitEnvironment(extra: Record<string, string>, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'SSH_AUTH_SOCK', 'GIT_SSH_COMMAND', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY'];
  const base = Object.fromEntries(keep.filter((k) => env[k] !== undefined).map((k) => [k, env[k] as string]));
  return { ...base, ...extra };
}
