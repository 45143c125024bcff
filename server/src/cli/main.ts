import { Command, Option } from 'commander';
import { createServer } from 'node:http';
import { createServerAdapter } from '@whatwg-node/server';
import { printSchema, lexicographicSortSchema } from 'graphql';
import { createApp, type ServerContext } from '../app.ts';
import { loadConfig, type FathomConfig } from '../config/config.ts';
import { readEnv } from '../config/env.ts';
import { devGenerate } from './dev-generate.ts';
import { scaffoldPlugin } from './scaffold.ts';
import { FathomError } from '../errors.ts';
import { createLogger, type LogLevel } from '../logger.ts';
import { pendingMigrations, postUpgrade } from '../post-upgrade.ts';
import { compileServer } from '../compile.ts';
import { configFileOf } from '../../bin/compiled.js';
import { runningCompiled } from '../import-file.ts';
import { openPrisma, openRuntime, resolvePlugins, workDeliveries, workJobs } from '../runtime.ts';
import { audit } from '../auth/audit.ts';
import { createUser } from '../auth/users.ts';
import { issueToken } from '../auth/graphql.ts';
import { createInterface } from 'node:readline/promises';
import { seedDemo } from '../seed/demo.ts';
import { FATHOM_VERSION } from '../version.ts';
import { recordServedSchema } from '../migrations/upgrade-check.ts';
import { addMigrationCommands } from './migration-commands.ts';

interface GlobalOptions {
  config?: string;
}

async function config(options: GlobalOptions): Promise<FathomConfig> {
  const env = readEnv();
  return loadConfig({ file: options.config ?? env.configFile, databaseUrl: env.databaseUrl, redisUrl: env.redisUrl });
}

/** post-upgrade's last step: compile this deployment, so `fathom` runs it as JavaScript. */
async function compile(cfg: FathomConfig, options: GlobalOptions): Promise<void> {
  const result = await compileServer(cfg, configFileOf(options.config ? ['--config', options.config] : [], process.cwd(), process.env));
  out(result.compiled ? `Compiled ${result.sources} source files into ${result.entry} (${Math.round(result.ms)} ms).` : `The compiled build is current: ${result.entry}`);
}

/** Refuse to serve a database that lacks migrations of the enabled apps, naming them and what to run. */
async function requireMigrated(cfg: FathomConfig, log: ReturnType<typeof logger>): Promise<void> {
  const pending = await pendingMigrations(cfg, await resolvePlugins(cfg, log), log);
  if (pending.length === 0) return;
  const shown = pending.length > 5 ? `${pending.slice(0, 5).join(', ')} and ${pending.length - 5} more` : pending.join(', ');
  throw new FathomError('CONFIG_INVALID', `The ${cfg.database.provider} database is missing ${pending.length} migration(s) of the enabled apps (${shown}); run \`fathom post-upgrade\` first.`);
}

/** Migrate and compile, then seed demo data into an empty database. */
async function prepare(cfg: FathomConfig, options: GlobalOptions): Promise<void> {
  await postUpgrade(cfg, logger(cfg), out);
  await compile(cfg, options);
  const seeded = await seedDemo(cfg, { ifEmpty: true });
  out(seeded.created ? `Demo data created: ${seeded.summary}` : 'Demo data: the database already has devices; left as it is.');
}

function logger(cfg: FathomConfig) {
  return createLogger((readEnv().logLevel as LogLevel | undefined) ?? cfg.logLevel);
}

const out = (line: string) => process.stdout.write(`${line}\n`);

/** Prompt on the terminal; `secret` hides what is typed. */
async function ask(question: string, secret = false): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (secret) {
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => write.call(rl, s.startsWith(question) ? question : '');
  }
  try {
    const answer = await rl.question(question);
    if (secret) process.stdout.write('\n');
    return answer.trim();
  } finally {
    rl.close();
  }
}

export function buildCli(): Command {
  const program = new Command('fathom')
    .description('Fathom: a GraphQL-first network source of truth, extensible by plugins.')
    .version(FATHOM_VERSION)
    .showHelpAfterError();
  const withConfig = (cmd: Command) => cmd.addOption(new Option('-c, --config <file>', 'config file (default: ./fathom.config.ts, or $FATHOM_CONFIG)'));

  withConfig(program.command('start'))
    .description('serve the GraphQL API (GraphiQL at /graphql) and the health endpoint')
    .option('--host <host>', 'address to listen on')
    .option('--port <port>', 'port to listen on', (v) => Number.parseInt(v, 10))
    .option('--prepare', 'run post-upgrade, and seed demo data into an empty database, before serving')
    .action(async (opts: GlobalOptions & { host?: string; port?: number; prepare?: boolean }) => {
      const cfg = await config(opts);
      const log = logger(cfg);
      if (opts.prepare) await prepare(cfg, opts);
      await requireMigrated(cfg, log);
      const runtime = await openRuntime(cfg, log);
      await recordServedSchema(runtime, FATHOM_VERSION);
      const app = createApp(runtime);
      const server = createServer(createServerAdapter<ServerContext>((request, serverContext) => app.fetch(request, serverContext)));
      const host = opts.host ?? cfg.server.host;
      const port = opts.port ?? cfg.server.port;
      await new Promise<void>((resolve) => server.listen(port, host, resolve));
      // Port 0 asks the system for a free port; the line names the one it gave.
      const bound = server.address();
      const origin = `http://${host}:${typeof bound === 'object' && bound ? bound.port : port}`;
      out(`Fathom ${FATHOM_VERSION} is serving the web UI at ${origin}/ and GraphiQL at ${origin}/graphql (database: ${cfg.database.provider}, jobs: ${runtime.jobs.kind}, ${runningCompiled() ? 'compiled build' : 'TypeScript sources'})`);
      const stop = () => {
        server.close();
        void runtime.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  withConfig(program.command('post-upgrade'))
    .description('compose the schema, generate the client, migrate, run plugin hooks and clean up; safe to repeat')
    .action(async (opts: GlobalOptions) => {
      const cfg = await config(opts);
      await postUpgrade(cfg, logger(cfg), out);
      await compile(cfg, opts);
    });

  withConfig(program.command('prepare'))
    .description('post-upgrade, then demo data into an empty database: what `start --prepare` does before serving')
    .action(async (opts: GlobalOptions) => prepare(await config(opts), opts));

  withConfig(program.command('plugins'))
    .description('list enabled plugins, their versions and status')
    .action(async (opts: GlobalOptions) => {
      const cfg = await config(opts);
      const { plugins } = await resolvePlugins(cfg);
      if (plugins.length === 0) out('No plugins enabled.');
      const rows = plugins.map((p) => [p.name, p.version, p.specifier, p.dependencies.join(', ') || '-', 'ok']);
      const header = ['NAME', 'VERSION', 'PACKAGE', 'DEPENDS ON', 'STATUS'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
      for (const row of [header, ...rows]) out(row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
    });

  withConfig(program.command('schema'))
    .description('print the stitched GraphQL schema (SDL)')
    .action(async (opts: GlobalOptions) => {
      const cfg = await config(opts);
      const runtime = await openRuntime(cfg, createLogger('silent'));
      try {
        process.stdout.write(printSchema(lexicographicSortSchema(runtime.composed.schema)));
      } finally {
        await runtime.close();
      }
    });

  withConfig(program.command('seed'))
    .description('load data into the database')
    .option('--demo', 'a believable demo network: regions, sites, a few hundred devices with interfaces and addresses')
    .action(async (opts: GlobalOptions & { demo?: boolean }) => {
      if (!opts.demo) throw new FathomError('CONFIG_INVALID', 'Say what to seed: --demo');
      const cfg = await config(opts);
      const seeded = await seedDemo(cfg, { ifEmpty: true });
      out(seeded.created ? `Demo data created: ${seeded.summary}` : 'The database already has devices; nothing seeded.');
    });

  withConfig(program.command('worker'))
    .description('run jobs from the Redis queue (jobs.redisUrl or REDIS_URL); start as many as you need')
    .option('--concurrency <n>', 'jobs run at once by this worker', (v) => Number.parseInt(v, 10), 4)
    .action(async (opts: GlobalOptions & { concurrency: number }) => {
      const cfg = await config(opts);
      if (!cfg.jobs.redisUrl) throw new FathomError('CONFIG_INVALID', 'fathom worker needs jobs.redisUrl in fathom.config.ts (or REDIS_URL); without it jobs run inside `fathom start`.');
      const log = logger(cfg);
      await requireMigrated(cfg, log);
      const runtime = await openRuntime(cfg, log);
      const worker = workJobs(runtime, opts.concurrency);
      const deliveries = workDeliveries(runtime, opts.concurrency);
      out(`Fathom worker running jobs from queue "${cfg.jobs.queueName}" and webhook deliveries (concurrency ${opts.concurrency}).`);
      const stop = () => {
        void Promise.all([worker.close(), deliveries.close()])
          .then(() => runtime.close())
          .then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  withConfig(program.command('createsuperuser'))
    .description('create a superuser (prompts for what is not given), or reset an existing one')
    .option('--username <name>')
    .option('--email <email>')
    .option('--password <password>', 'non-interactive; prefer the prompt on shared machines')
    .action(async (opts: GlobalOptions & { username?: string; email?: string; password?: string }) => {
      const cfg = await config(opts);
      const username = opts.username ?? (await ask('Username: '));
      const email = opts.email ?? (opts.password ? '' : await ask('Email (optional): '));
      const password = opts.password ?? (await ask('Password: ', true));
      if (!opts.password && (await ask('Password (again): ', true)) !== password) throw new FathomError('BAD_USER_INPUT', 'The passwords do not match.');
      const { prisma } = await openPrisma(cfg, await resolvePlugins(cfg));
      try {
        const user = await createUser(prisma, { username, email, password, superuser: true });
        out(user.created ? `Superuser "${user.username}" created.` : `User "${user.username}" is now a superuser with the new password.`);
      } finally {
        await prisma.$disconnect();
      }
    });

  const token = program.command('token').description('API tokens');
  withConfig(token.command('create'))
    .description('create an API token for a user and print its key (shown once)')
    .requiredOption('--username <name>')
    .option('--expires <date>', 'ISO date or date-time after which the token is refused')
    .option('--read-only', 'the token can read but never write')
    .option('--description <text>', 'what the token is for', '')
    .action(async (opts: GlobalOptions & { username: string; expires?: string; readOnly?: boolean; description: string }) => {
      const cfg = await config(opts);
      const expires = opts.expires ? new Date(opts.expires) : null;
      if (expires && (Number.isNaN(expires.getTime()) || expires <= new Date())) throw new FathomError('BAD_USER_INPUT', `--expires must be a future date, got "${opts.expires}".`);
      const { prisma } = await openPrisma(cfg, await resolvePlugins(cfg));
      try {
        const user = await prisma.user.findUnique({ where: { username: opts.username } });
        if (!user) throw new FathomError('BAD_USER_INPUT', `No user "${opts.username}".`);
        const { token: row, key } = await issueToken(prisma, user.id, { description: opts.description, expires, writeEnabled: !opts.readOnly });
        await audit(prisma, { action: 'token.create', actor: null, actorName: 'cli', ip: '', detail: { token: row.id, user: user.username, writeEnabled: row.writeEnabled } });
        out(key);
        process.stderr.write(`Token ${row.prefix}… for ${user.username}${opts.readOnly ? ' (read-only)' : ''}${expires ? `, expires ${expires.toISOString()}` : ''}. Store the key now: it is not shown again.\n`);
      } finally {
        await prisma.$disconnect();
      }
    });

  program
    .command('new-plugin')
    .description('create a new plugin package (definition, model, GraphQL API, home panel, README and a passing test)')
    .argument('<name>', 'the plugin name: lowercase letters, digits and dashes')
    .option('--dir <folder>', 'where to create it (default: ./fathom-plugin-<name>)')
    .action(async (name: string, opts: { dir?: string }) => {
      try {
        const made = await scaffoldPlugin(name, opts.dir ?? `fathom-plugin-${name}`);
        out(`Created ${made.dir}: ${made.files.join(', ')}`);
        out(`Install it with \`npm install ${made.dir}\`, add 'fathom-plugin-${name}' to plugins in fathom.config.ts, then \`npx fathom post-upgrade\`.`);
      } catch (error) {
        process.stderr.write(`fathom: ${(error as Error).message}\n`);
        process.exitCode = 1;
      }
    });

  addMigrationCommands(program, withConfig, config, logger, out);

  program
    .command('plugin-types')
    .description("generate the Prisma and Pothos types of the core plus the given plugin packages, so that a plugin's code type-checks")
    .argument('<plugins...>', 'plugin package folders or names')
    .action(async (plugins: string[]) => {
      const result = await devGenerate(process.cwd(), plugins);
      out(result.generated ? `Generated the types in ${result.dir}` : `${result.dir} is up to date`);
    });

  program
    .command('dev-generate', { hidden: true })
    .description('generate the Prisma client and Pothos types for core + bundled plugins into generated/ (type checking)')
    .action(async () => {
      const result = await devGenerate(process.cwd());
      out(result.generated ? `Generated ${result.dir}` : `${result.dir} is up to date`);
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof FathomError) {
      process.stderr.write(`fathom: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
