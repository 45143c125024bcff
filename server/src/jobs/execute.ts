import { Authenticator } from '../auth/authenticate.ts';
import { relationIndex, scopedPrisma } from '../auth/scoped-prisma.ts';
import type { Logger } from '../logger.ts';
import type { RuntimeCore as Runtime } from '../runtime.ts';
import type { JobDefinition } from '../sdk/define-plugin.ts';
import { secretValue } from '../secrets/providers.ts';
import { syncRepository } from '../git/sync.ts';

/** Jobs of the core itself, recorded with this plugin name (Git syncs run as jobs, never in a request). */
export const CORE_JOBS = 'core';

export function findJob(runtime: Runtime, plugin: string, name: string): JobDefinition | undefined {
  return runtime.plugins.find((p) => p.name === plugin)?.definition.jobs?.find((j) => j.name === name);
}

/**
 * Run one queued job result to completion, wherever it is picked up (the server process or a worker). The job's
 * database client is narrowed to the permissions of the user who started it, read afresh at run time.
 */
export async function executeJob(runtime: Runtime, id: string, log: Logger): Promise<void> {
  const prisma = runtime.prisma;
  // Claim it: only a pending result moves to running, so two workers never run the same job.
  const claimed = await prisma.jobResult.updateMany({ where: { id, status: 'pending' }, data: { status: 'running', started: new Date() } });
  if (claimed.count === 0) return;
  const row = await prisma.jobResult.findUniqueOrThrow({ where: { id } });
  const job = findJob(runtime, row.plugin, row.job);
  const plugin = runtime.plugins.find((p) => p.name === row.plugin);
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
    if (row.plugin === CORE_JOBS && row.job === 'git-sync') {
      const { repositoryId } = JSON.parse(row.input) as { repositoryId: string };
      const outcome = await syncRepository({ prisma: scoped, rootPrisma: prisma, log, types: runtime.gitTypes, stateDir: runtime.config.stateDir, policy: runtime.config.git }, repositoryId);
      for (const line of outcome.log) await write(line, outcome.ok ? 'info' : 'warning');
      if (!outcome.ok) throw new Error('The sync failed; see the repository’s sync log.');
      await prisma.jobResult.update({ where: { id }, data: { status: 'completed', finished: new Date(), result: JSON.stringify(outcome) } });
      return;
    }
    if (!job || !plugin) throw new Error(`Job ${row.plugin}/${row.job} is not available (is the plugin still enabled?)`);
    const result = await job.run({
      input: JSON.parse(row.input) as Record<string, unknown>,
      ctx: {
        prisma: scoped,
        // Secrets are looked up as the user: a job cannot use a secret its user may not view.
        secret: (name) => secretValue(scoped, runtime.secrets, runtime.config.secrets, log, name),
        user: { id: user.id, username: user.username },
        settings: plugin.settings,
        log: (message, level = 'info') => write(message, level),
      },
    });
    await prisma.jobResult.update({ where: { id }, data: { status: 'completed', finished: new Date(), result: JSON.stringify(result ?? null) } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error({ plugin: row.plugin, job: row.job, jobResult: id, err: error }, 'job failed');
    await write(message, 'error');
    await prisma.jobResult.update({ where: { id }, data: { status: 'failed', finished: new Date(), error: message } });
  }
}
