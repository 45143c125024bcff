import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { importFile } from '../import-file.ts';
import { z } from 'zod';
import { FathomError } from '../errors.ts';
import type { LogLevel } from '../logger.ts';
import { DEFAULT_TEMPLATE_LIMITS, type TemplateLimits } from './template-limits.ts';

const configSchema = z
  .object({
    /** Plugin packages to enable, by npm package name (or a path to a plugin package). */
    plugins: z.array(z.string().min(1)).default([]),
    /** Settings for each plugin, keyed by the plugin's name. */
    pluginsConfig: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    /**
     * A plugin outside its Fathom version range, or missing a dependency: `stop` start-up (the default), or `skip` it
     * (and the plugins depending on it) with a warning in the log and on the Installed Plugins page.
     */
    incompatiblePlugins: z.enum(['stop', 'skip']).default('stop'),
    upgrade: z
      .object({
        /**
         * What post-upgrade does when the new GraphQL schema breaks the one served before (a removed field, a changed
         * type, a stored template that reads a removed field): `warn` lists it and goes on, `strict` refuses.
         */
        breakingChanges: z.enum(['warn', 'strict']).default('warn'),
      })
      .prefault({}),
    database: z
      .object({
        /** `file:./data/fathom.sqlite` (embedded default) or `postgresql://…`. */
        url: z.string().min(1).default('file:./data/fathom.sqlite'),
        /**
         * SQLite only, which runs in write-ahead-log mode: `normal` (default) syncs the log to disk at checkpoints, so
         * the last commits before a power loss or an OS crash may be undone (never a process crash, never corruption);
         * `full` syncs at every commit.
         */
        sqliteSynchronous: z.enum(['normal', 'full']).default('normal'),
        /**
         * SQLite only: the most memory, in MB, the connection keeps of the file's pages (SQLite's own default is
         * 2 MB). Pages are kept as they are read, so a small database never fills it.
         */
        sqliteCacheMb: z.number().int().min(2).max(4096).default(64),
      })
      .prefault({}),
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        /** Origins (scheme://host[:port]) whose pages may call the API with the user's cookie; none by default. */
        corsOrigins: z.array(z.url().regex(/^https?:\/\/[^/]+$/, 'an origin is scheme://host[:port] with no path')).default([]),
        /** Largest request body accepted, in bytes. */
        maxRequestBytes: z.number().int().min(1024).default(1_048_576),
      })
      .prefault({}),
    logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    auth: z
      .object({
        /** Content types anyone may view without a permission (Nautobot's EXEMPT_VIEW_PERMISSIONS); "*" for all. */
        exemptViewPermissions: z.array(z.string()).default([]),
        /** Failed logins allowed per username, and per client address, within `loginWindowSeconds`. */
        loginFailuresPerUser: z.number().int().min(1).default(10),
        loginFailuresPerAddress: z.number().int().min(1).default(50),
        loginWindowSeconds: z.number().int().min(1).default(900),
        /** Password hashes computed at once; further logins wait their turn. */
        maxConcurrentHashes: z.number().int().min(1).default(4),
        /** Longest a cached token or session is trusted without re-reading it (changes made through Fathom apply at once). */
        cacheSeconds: z.number().int().min(0).default(60),
      })
      .prefault({}),
    jobs: z
      .object({
        /** Redis for the job queue (redis://host:port/db); without it jobs run inside the server process. */
        redisUrl: z.string().startsWith('redis').optional(),
        /** Queue name; several Fathom installations can share one Redis with different names. */
        queueName: z.string().min(1).default('fathom-jobs'),
      })
      .prefault({}),
    graphql: z
      .object({
        maxDepth: z.number().int().min(1).default(15),
        /** NetBox allows 10 aliases per query. */
        maxAliases: z.number().int().min(0).default(10),
        /** Estimated cost limit: each field counts once per row its parents may return (see SECURITY.md). */
        maxCost: z.number().int().min(1).default(100_000),
        /** Rows a plain list field (one without first/last) is assumed to return when estimating cost. */
        listFactor: z.number().int().min(1).default(10),
        maxTokens: z.number().int().min(1).default(2000),
        /** Let anonymous callers introspect the schema (authenticated ones always may). */
        anonymousIntrospection: z.boolean().default(false),
      })
      .prefault({}),
    templates: z
      .object({
        /** MiniJinja fuel per render: about one unit per instruction. */
        fuel: z.number().int().min(1000).default(DEFAULT_TEMPLATE_LIMITS.fuel),
        timeoutMs: z.number().int().min(10).default(DEFAULT_TEMPLATE_LIMITS.timeoutMs),
        maxOutputChars: z.number().int().min(1).default(DEFAULT_TEMPLATE_LIMITS.maxOutputChars),
        maxSourceChars: z.number().int().min(1).default(DEFAULT_TEMPLATE_LIMITS.maxSourceChars),
        maxMemoryMb: z.number().int().min(32).max(4096).default(DEFAULT_TEMPLATE_LIMITS.maxMemoryMb),
      })
      .prefault({}),
    git: z
      .object({
        /** URL schemes a repository's remote may use. `file` and plain paths also need `allowLocalRemotes`. */
        allowedSchemes: z.array(z.enum(['https', 'http', 'ssh', 'git', 'file'])).default(['https', 'ssh']),
        /** Let repositories point at paths on the server (for tests and air-gapped mirrors). */
        allowLocalRemotes: z.boolean().default(false),
        /** Time allowed to each git command. */
        timeoutSeconds: z.number().int().min(1).default(120),
      })
      .prefault({}),
    secrets: z
      .object({
        /** Folders the text-file provider may read from (absolute, or relative to the config file); none by default. */
        fileDirectories: z.array(z.string().min(1)).default([]),
        /** Prefixes an environment variable must have to be read by the environment-variable provider. */
        environmentPrefixes: z.array(z.string().min(1)).default(['FATHOM_SECRET_']),
        /** Largest secret value, in bytes. */
        maxBytes: z.number().int().min(1).default(65_536),
      })
      .prefault({}),
    webhooks: z
      .object({
        /** Tries per delivery, the first included; after the last, the delivery is recorded as failed. */
        maxAttempts: z.number().int().min(1).max(20).default(5),
        /** Wait before the second try, doubled before each later one. */
        retryDelayMs: z.number().int().min(1).default(2000),
        /** A target that has not answered in this time counts as a failed try. */
        timeoutMs: z.number().int().min(100).default(10_000),
        /** URL schemes a webhook may send to. */
        allowedSchemes: z.array(z.enum(['http', 'https'])).default(['http', 'https']),
      })
      .prefault({}),
    /** Where generated Prisma clients and composed schemas are kept. */
    stateDir: z.string().min(1).default('.fathom'),
  })
  .strict();

export type FathomConfigInput = z.input<typeof configSchema>;

export type DatabaseProvider = 'sqlite' | 'postgresql';

export interface FathomConfig {
  plugins: string[];
  pluginsConfig: Record<string, Record<string, unknown>>;
  incompatiblePlugins: 'stop' | 'skip';
  upgrade: { breakingChanges: 'warn' | 'strict' };
  database: { url: string; provider: DatabaseProvider; sqliteSynchronous: SqliteSynchronous; sqliteCacheMb: number };
  server: { host: string; port: number; corsOrigins: string[]; maxRequestBytes: number };
  logLevel: LogLevel;
  auth: { exemptViewPermissions: string[]; loginFailuresPerUser: number; loginFailuresPerAddress: number; loginWindowSeconds: number; maxConcurrentHashes: number; cacheSeconds: number };
  templates: TemplateLimits;
  git: { allowedSchemes: string[]; allowLocalRemotes: boolean; timeoutSeconds: number };
  secrets: { fileDirectories: string[]; environmentPrefixes: string[]; maxBytes: number };
  jobs: { redisUrl?: string | undefined; queueName: string };
  webhooks: WebhookSettings;
  graphql: { maxDepth: number; maxAliases: number; maxCost: number; listFactor: number; maxTokens: number; anonymousIntrospection: boolean };
  stateDir: string;
  /** The folder the config file lives in; relative paths are resolved against it. */
  rootDir: string;
}

export interface WebhookSettings {
  maxAttempts: number;
  retryDelayMs: number;
  timeoutMs: number;
  allowedSchemes: Array<'http' | 'https'>;
}

/** Typed helper for `fathom.config.ts`. */
export function defineConfig(config: FathomConfigInput): FathomConfigInput {
  return config;
}

export function providerOf(url: string): DatabaseProvider {
  if (url.startsWith('file:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgresql';
  throw new FathomError('CONFIG_INVALID', `database.url must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${url}"`);
}

/** How often SQLite syncs its write-ahead log to disk: at checkpoints, or at every commit. */
export type SqliteSynchronous = 'normal' | 'full';

/**
 * Validate a config object. Every problem is reported in one error, each with the path it concerns.
 */
export function parseConfig(input: unknown, rootDir: string, overrides: { databaseUrl?: string | undefined; redisUrl?: string | undefined } = {}): FathomConfig {
  const parsed = configSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new FathomError('CONFIG_INVALID', `The configuration is invalid:\n${lines.join('\n')}`);
  }
  const value = parsed.data;
  let url = overrides.databaseUrl ?? value.database.url;
  const provider = providerOf(url);
  if (provider === 'sqlite') {
    const file = url.slice('file:'.length);
    if (!isAbsolute(file)) url = `file:${resolve(rootDir, file)}`;
  }
  return {
    plugins: value.plugins,
    pluginsConfig: value.pluginsConfig,
    incompatiblePlugins: value.incompatiblePlugins,
    upgrade: { breakingChanges: value.upgrade.breakingChanges },
    database: { url, provider, sqliteSynchronous: value.database.sqliteSynchronous, sqliteCacheMb: value.database.sqliteCacheMb },
    server: value.server,
    logLevel: value.logLevel,
    auth: value.auth,
    jobs: { ...value.jobs, redisUrl: overrides.redisUrl ?? value.jobs.redisUrl },
    webhooks: value.webhooks,
    graphql: value.graphql,
    templates: value.templates,
    git: value.git,
    secrets: { ...value.secrets, fileDirectories: value.secrets.fileDirectories.map((d) => resolve(rootDir, d)) },
    stateDir: isAbsolute(value.stateDir) ? value.stateDir : resolve(rootDir, value.stateDir),
    rootDir,
  };
}

/** Load `fathom.config.ts` (or the given file); a missing default file means "all defaults". */
export async function loadConfig(options: { file?: string | undefined; cwd?: string; databaseUrl?: string | undefined; redisUrl?: string | undefined } = {}): Promise<FathomConfig> {
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ? resolve(cwd, options.file) : resolve(cwd, 'fathom.config.ts');
  if (!existsSync(file)) {
    if (options.file) throw new FathomError('CONFIG_INVALID', `Config file not found: ${file}`);
    return parseConfig({}, cwd, { databaseUrl: options.databaseUrl, redisUrl: options.redisUrl });
  }
  let loaded: { default?: unknown };
  try {
    loaded = (await importFile(file)) as { default?: unknown };
  } catch (cause) {
    throw new FathomError('CONFIG_INVALID', `Could not load config file ${file}: ${(cause as Error).message}`, { cause });
  }
  return parseConfig(loaded.default, dirname(file), { databaseUrl: options.databaseUrl, redisUrl: options.redisUrl });
}
