import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import type { RequestContext } from '../context.ts';
import { pluginError } from '../errors.ts';
import type { ValidatedPlugin } from '../plugins/validate.ts';
import type { GitDataType } from '../sdk/define-plugin.ts';

export type GitDataTypes = Map<string, { plugin: string; type: GitDataType }>;

/** Git data types by slug; a slug claimed twice stops start-up, naming both plugins. */
export function gitDataTypes(plugins: readonly ValidatedPlugin[]): GitDataTypes {
  const map: GitDataTypes = new Map();
  for (const plugin of plugins) {
    for (const type of plugin.definition.gitDataTypes ?? []) {
      const other = map.get(type.slug);
      if (other) throw pluginError('PLUGIN_INVALID', plugin.name, `its Git data type "${type.slug}" is already provided by plugin "${other.plugin}"`);
      map.set(type.slug, { plugin: plugin.name, type });
    }
  }
  return map;
}

/**
 * Sync one repository: clone it (or fetch and reset) into `<stateDir>/git/<id>`, then hand the tree to each
 * provided data type's callback, as the user who asked. The outcome and a log are stored on the repository row.
 */
export async function syncRepository(ctx: RequestContext, types: GitDataTypes, stateDir: string, id: string): Promise<{ ok: boolean; log: string[] }> {
  const repo = await ctx.prisma.gitRepository.findUnique({ where: { id } });
  if (!repo) return { ok: false, log: ['Repository not found.'] };
  const lines: string[] = [];
  const log = (message: string) => {
    lines.push(message);
  };
  const dir = join(stateDir, 'git', repo.id);
  let ok = true;
  let head = repo.currentHead;
  try {
    await mkdir(join(stateDir, 'git'), { recursive: true });
    if (existsSync(join(dir, '.git'))) {
      const git = simpleGit(dir);
      await git.remote(['set-url', 'origin', repo.remoteUrl]);
      await git.fetch('origin', repo.branch);
      await git.reset(['--hard', `origin/${repo.branch}`]);
      log(`Fetched ${repo.remoteUrl} (${repo.branch}).`);
    } else {
      await rm(dir, { recursive: true, force: true });
      await simpleGit().clone(repo.remoteUrl, dir, ['--branch', repo.branch, '--single-branch', '--depth', '1']);
      log(`Cloned ${repo.remoteUrl} (${repo.branch}).`);
    }
    head = (await simpleGit(dir).revparse(['HEAD'])).trim();
    log(`At commit ${head.slice(0, 12)}.`);
    for (const slug of repo.providedContents.split(',').map((s) => s.trim()).filter(Boolean)) {
      const entry = types.get(slug);
      if (!entry) {
        ok = false;
        log(`No enabled plugin provides the data type "${slug}"; skipped.`);
        continue;
      }
      try {
        await entry.type.onSync({
          path: dir,
          repository: { id: repo.id, name: repo.name, remoteUrl: repo.remoteUrl, branch: repo.branch, head },
          prisma: ctx.prisma,
          log: (message) => log(`[${entry.plugin}] ${message}`),
        });
        log(`${entry.type.label}: done.`);
      } catch (error) {
        ok = false;
        ctx.log.error({ plugin: entry.plugin, repository: repo.name, err: error }, 'Git data type sync failed');
        log(`${entry.type.label} (plugin "${entry.plugin}") failed: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    ok = false;
    log(`Sync failed: ${(error as Error).message.split('\n')[0]}`);
  }
  await ctx.system.rootPrisma.gitRepository.update({
    where: { id: repo.id },
    data: { currentHead: head, lastSynced: new Date(), syncStatus: ok ? 'completed' : 'failed', syncLog: lines.join('\n') },
  });
  return { ok, log: lines };
}
