import type { PothosPrismaDatamodel } from '@pothos/plugin-prisma';
import { Authenticator } from '../auth/authenticate.ts';
import { relationIndex, scopedPrisma } from '../auth/scoped-prisma.ts';
import type { FathomConfig } from '../config/config.ts';
import type { PrismaClient } from '../db/client.ts';
import { lineLogger, type Logger } from '../logger.ts';
import type { JobDefinition } from '../plugins/definition.ts';
import type { Contribution } from '../plugins/registry.ts';
import { secretValue, type SecretsProviders } from '../secrets/providers.ts';
import { syncRepository, type GitDataTypes } from '../git/sync.ts';

/** What running a job needs of the process: the runtime provides it. */
export interface JobServices {
  config: Pick<FathomConfig, 'auth' | 'secrets' | 'git' | 'stateDir'>;
  prisma: PrismaClient;
  dmmf: PothosPrismaDatamodel;
  contentTypes: Map<string, string>;
  secrets: SecretsProviders;
  gitTypes: GitDataTypes;
  registry: { jobs: ReadonlyArray<Contribution<JobDefinition>> };
}

/** Jobs of the core itself, recorded with this plugin name (Git syncs run as jobs, never in a request). */
export const CORE_JOBS = 'core';

export function findJob(jobs: ReadonlyArray<Contribution<JobDefinition>>, plugin: string, name: string): Contribution<JobDefinition> | undefined {
  return jobs.find((j) => j.plugin.name === plugin && j.value.name === name);
}

/**
 * Run one queued job result to completion, wherever it is picked up (the server process or a worker). The job's
 * database client is narrowed to the permissions of the user who started it, read afresh at run time.
 */
export async function executeJob(runtime: JobServices, id: string, log: Logger): Promise<void> {
  const prisma = runtime.prisma;
  // Claim it: only a pending result moves to running, so two workers never run the same job.
  const claimed = await prisma.jobResult.updateMany({ where: { id, status: 'pending' }, data: { status: 'running', started: new Date() } });
  if (claimed.count === 0) return;
  const row = await prisma.jobResult.findUniqueOrThrow({ where: { id } });
  const job = findJob(runtime.registry.jobs, row.plugin, row.job);
  // Lines of one job get strictly increasing times, so that they read back in the order they were written.
  let last = 0;
  const write = (message: string, level = 'info') => {
    last = Math.max(Date.now(), last + 1);
    return prisma.jobLog.create({ data: { jobResultId: id, message, level, time: new Date(last) } }).then(() => undefined);
  };
  try {
    const user = row.userId ? await prisma.user.findUnique({ where: { id: row.userId } }) : null;
    if (!user || !user.isActive) throw new Error('The user who started this job no longer exists or is disabled.');
    const authenticator = new Authenticator(prisma, runtime.contentTypes, runtime.config.auth.exemptViewPermissions);
    const permissions = await authenticator.permissionsOf(user);
    const scoped = scopedPrisma(prisma, permissions, relationIndex(runtime.dmmf), true);
    const requester = { id: user.id, username: user.username, isSuperuser: user.isSuperuser };
    // Secrets are looked up as the user: a job cannot use a secret its user may not view.
    const secret = (name: string) => secretValue(scoped, runtime.secrets, runtime.config.secrets, log, name);
    if (row.plugin === CORE_JOBS && row.job === 'git-sync') {
      const { repositoryId } = JSON.parse(row.input) as { repositoryId: string };
      const services = { prisma: scoped, user: requester, secret, rootPrisma: prisma, log, types: runtime.gitTypes, stateDir: runtime.config.stateDir, policy: runtime.config.git };
      const outcome = await syncRepository(services, repositoryId);
      for (const line of outcome.log) await write(line, outcome.ok ? 'info' : 'warning');
      if (!outcome.ok) throw new Error('The sync failed; see the repository’s sync log.');
      await prisma.jobResult.update({ where: { id }, data: { status: 'completed', finished: new Date(), result: JSON.stringify(outcome) } });
      return;
    }
    if (!job) throw new Error(`Job ${row.plugin}/${row.job} is not available (is the plugin still enabled?)`);
    // Checked again as it runs: a job hook starts jobs on a user's behalf, and permissions change while jobs wait.
    if (!permissions.can('JobResult', 'add') || (job.value.permissions && !permissions.hasAll(job.value.permissions))) {
      throw new Error(`${user.username} may not run ${row.plugin}/${row.job}.`);
    }
    // Log calls return at once; their lines are written in order and all of them before the result.
    let written = Promise.resolve();
    const jobLog = lineLogger((level, message) => {
      written = written.then(() => write(message, level));
    });
    const result = await job.value.run({
      input: JSON.parse(row.input) as Record<string, unknown>,
      ctx: { prisma: scoped, secret, user: requester, settings: job.plugin.settings, log: jobLog },
    });
    await written;
    await prisma.jobResult.update({ where: { id }, data: { status: 'completed', finished: new Date(), result: JSON.stringify(result ?? null) } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error({ plugin: row.plugin, job: row.job, jobResult: id, err: error }, 'job failed');
    await write(message, 'error');
    await prisma.jobResult.update({ where: { id }, data: { status: 'failed', finished: new Date(), error: message } });
  }
}
