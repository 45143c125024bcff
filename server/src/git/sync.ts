import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { SimpleGit } from 'simple-git';
import { gitEnvironment } from '../config/env.ts';
import type { RequestUser } from '../context.ts';
import type { PrismaClient } from '../db/client.ts';
import { lineLogger, type Logger } from '../logger.ts';
import type { GitDataType } from '../plugins/definition.ts';
import type { Contribution } from '../plugins/registry.ts';
import { allowedProtocols, remoteProblem, type GitPolicy } from './remote.ts';
import { repositoryFiles } from './tree.ts';

// simple-git is loaded when a repository is first synchronized.
const load = createRequire(import.meta.url);

/** Git data types the enabled plugins provide, by slug. */
export type GitDataTypes = ReadonlyMap<string, Contribution<GitDataType>>;

/** What a sync needs: the caller's narrowed client, the unrestricted one for bookkeeping, and the limits. */
export interface SyncServices {
  /** Narrowed to the user who asked for the sync; plugins get this one. */
  prisma: PrismaClient;
  /** The user who asked for the sync. */
  user: RequestUser;
  /** Secrets as that user may see them. */
  secret(name: string): Promise<string>;
  rootPrisma: PrismaClient;
  log: Logger;
  types: GitDataTypes;
  stateDir: string;
  policy: GitPolicy;
}

/** A git client confined to the allowed protocols, never prompting, and stopped at the deadline. */
function gitFor(dir: string | undefined, policy: GitPolicy, signal: AbortSignal): SimpleGit {
  const guarded = ['GIT_ALLOW_PROTOCOL', 'GIT_TERMINAL_PROMPT', 'GIT_CONFIG_NOSYSTEM'];
  return (load('simple-git') as typeof import('simple-git')).simpleGit({ ...(dir ? { baseDir: dir } : {}), abort: signal, timeout: { block: policy.timeoutSeconds * 1000 }, allowEnvironment: guarded }).env(
    gitEnvironment({ GIT_ALLOW_PROTOCOL: allowedProtocols(policy), GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' }),
  );
}

/**
 * Sync one repository: clone it (or fetch and reset) into `<stateDir>/git/<id>`, then hand the tree to each
 * provided data type's callback, as the user who asked. Runs as a job, never inside an HTTP request. The log
 * kept on the repository says what happened in words that reveal nothing about the network beyond
 * "could not fetch"; details go to the server log.
 */
export async function syncRepository(services: SyncServices, id: string): Promise<{ ok: boolean; log: string[] }> {
  const { prisma, rootPrisma, types, stateDir, policy } = services;
  const repo = await prisma.gitRepository.findUnique({ where: { id } });
  if (!repo) return { ok: false, log: ['Repository not found.'] };
  const lines: string[] = [];
  const log = (message: string) => lines.push(message);
  const dir = join(stateDir, 'git', repo.id);
  let ok = true;
  let head = repo.currentHead;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), policy.timeoutSeconds * 1000);
  try {
    const problem = remoteProblem(repo.remoteUrl, policy);
    if (problem) throw new Error(problem);
    await mkdir(join(stateDir, 'git'), { recursive: true });
    try {
      if (existsSync(join(dir, '.git'))) {
        const git = gitFor(dir, policy, deadline.signal);
        await git.remote(['set-url', 'origin', repo.remoteUrl]);
        await git.fetch('origin', repo.branch);
        await git.reset(['--hard', `origin/${repo.branch}`]);
        log(`Fetched ${repo.remoteUrl} (${repo.branch}).`);
      } else {
        await rm(dir, { recursive: true, force: true });
        await gitFor(undefined, policy, deadline.signal).clone(repo.remoteUrl, dir, ['--branch', repo.branch, '--single-branch', '--depth', '1', '--no-recurse-submodules']);
        log(`Cloned ${repo.remoteUrl} (${repo.branch}).`);
      }
      head = (await gitFor(dir, policy, deadline.signal).revparse(['HEAD'])).trim();
    } catch (error) {
      services.log.warn({ repository: repo.name, err: error }, 'git fetch failed');
      throw new Error(deadline.signal.aborted ? `git took longer than ${policy.timeoutSeconds} s and was stopped.` : 'Could not fetch the branch from the remote (the server log has the details).');
    }
    log(`At commit ${head.slice(0, 12)}.`);
    const files = repositoryFiles(dir);
    for (const slug of repo.providedContents.split(',').map((s) => s.trim()).filter(Boolean)) {
      const entry = types.get(slug);
      if (!entry) {
        ok = false;
        log(`No enabled plugin provides the data type "${slug}"; skipped.`);
        continue;
      }
      try {
        await entry.value.onSync({
          path: dir,
          files,
          repository: { id: repo.id, name: repo.name, remoteUrl: repo.remoteUrl, branch: repo.branch, head },
          prisma,
          user: services.user,
          settings: entry.plugin.settings,
          secret: services.secret,
          log: lineLogger((_level, message) => log(`[${entry.plugin.name}] ${message}`)),
        });
        log(`${entry.value.label}: done.`);
      } catch (error) {
        ok = false;
        services.log.error({ plugin: entry.plugin.name, repository: repo.name, err: error }, 'Git data type sync failed');
        log(`${entry.value.label} (plugin "${entry.plugin.name}") failed: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    ok = false;
    log(`Sync failed: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    clearTimeout(timer);
  }
  await rootPrisma.gitRepository.update({
    where: { id: repo.id },
    data: { currentHead: head, lastSynced: new Date(), syncStatus: ok ? 'completed' : 'failed', syncLog: lines.join('\n') },
  });
  return { ok, log: lines };
}
