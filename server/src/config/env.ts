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
