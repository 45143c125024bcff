import type { Command } from 'commander';
import type { FathomConfig } from '../config/config.ts';
import { createLogger, type Logger } from '../logger.ts';
import { makeMigrations } from '../migrations/apps.ts';
import { CORE_APP } from '../migrations/folder.ts';
import { planUpgrade, printPlan } from '../post-upgrade.ts';
import { resolvePlugins } from '../runtime.ts';

interface Options {
  config?: string;
}

/** `makemigrations`, `migrate --plan` and `upgrade-check`: the commands an upgrade is prepared with. */
export function addMigrationCommands(
  program: Command,
  withConfig: (cmd: Command) => Command,
  load: (opts: Options) => Promise<FathomConfig>,
  logger: (cfg: FathomConfig) => Logger,
  out: (line: string) => void,
): void {
  withConfig(program.command('makemigrations'))
    .description("write a new migration for the core (no argument) or a plugin: the difference between its fragment and its newest migration's snapshot, for SQLite and PostgreSQL")
    .argument('[app]', 'a plugin name, or `core`', CORE_APP)
    .option('--name <words>', 'what the migration does, e.g. add_widget_colour')
    .option('--check', 'write nothing; exit with 1 if a migration is due (for CI)')
    .action(async (app: string, opts: Options & { name?: string; check?: boolean }) => {
      const cfg = await load(opts);
      const registry = await resolvePlugins(cfg, createLogger('silent'));
      const made = await makeMigrations(registry, app, { ...(opts.name ? { name: opts.name } : {}), ...(opts.check ? { check: true } : {}) });
      if (made.name === null) {
        out(`${app}: no changes; its fragment matches its newest migration.`);
        return;
      }
      out(opts.check ? `${app}: a migration is due (${made.name}); run \`fathom makemigrations ${app}\`.` : `${app}: wrote ${made.name} (sqlite.sql, postgresql.sql, schema.prisma).`);
      for (const note of made.notes) out(`  note: ${note}`);
      if (!opts.check) out('  Read the SQL before you ship it; add a data.ts next to it for a data step.');
      if (opts.check) process.exitCode = 1;
    });

  withConfig(program.command('migrate'))
    .description('show what post-upgrade would do to the database: pending migrations with their SQL and data steps, and the breaking-change report')
    .requiredOption('--plan', 'print the plan; change nothing (applying is post-upgrade’s job)')
    .action(async (opts: Options) => {
      const cfg = await load(opts);
      const plan = await planUpgrade(cfg, logger(cfg));
      printPlan(plan, out);
    });

  withConfig(program.command('upgrade-check'))
    .description('compare the GraphQL schema this version would serve with the one the database serves now, and list what breaks')
    .action(async (opts: Options) => {
      const cfg = await load(opts);
      const { report } = await planUpgrade(cfg, logger(cfg));
      for (const line of report.lines) out(line);
      if (report.breaking.length > 0 && cfg.upgrade.breakingChanges === 'strict') process.exitCode = 1;
    });
}
