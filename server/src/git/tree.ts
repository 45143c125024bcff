import { lstat, readFile, readdir, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Largest file a plugin may read from a repository through `files.read`. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export class TreeAccessError extends Error {}

/**
 * Read access to a checked-out repository that never leaves it: paths are resolved inside the tree, and a
 * symbolic link (or any component of the path that is one) pointing outside the tree is refused. A repository
 * is someone else's content; a link in it to `/etc/shadow` must not become a way to read the server's files.
 */
export function repositoryFiles(root: string) {
  const rootReal = realpath(root);

  async function inside(path: string): Promise<string> {
    if (isAbsolute(path) || path.includes('\0')) throw new TreeAccessError(`"${path}" is not a path inside the repository.`);
    const base = await rootReal;
    const target = resolve(base, path);
    if (target !== base && !target.startsWith(base + sep)) throw new TreeAccessError(`"${path}" is outside the repository.`);
    const real = await realpath(target);
    if (real !== base && !real.startsWith(base + sep)) throw new TreeAccessError(`"${path}" links outside the repository.`);
    const rel = relative(base, real);
    if (rel.split(sep)[0] === '.git') throw new TreeAccessError(`"${path}" is inside .git.`);
    return real;
  }

  return {
    /** A file's text; throws when it is missing, outside the tree, or larger than 16 MiB. */
    async read(path: string): Promise<string> {
      const real = await inside(path);
      const info = await lstat(real);
      if (!info.isFile()) throw new TreeAccessError(`"${path}" is not a file.`);
      if (info.size > MAX_FILE_BYTES) throw new TreeAccessError(`"${path}" is larger than ${MAX_FILE_BYTES} bytes.`);
      return readFile(real, 'utf8');
    },
    /** Whether a file exists inside the tree (false for anything outside it). */
    async exists(path: string): Promise<boolean> {
      try {
        await inside(path);
        return true;
      } catch {
        return false;
      }
    },
    /** Names in a folder of the tree (`''` for the top), without `.git`. */
    async list(path = ''): Promise<string[]> {
      const base = await rootReal;
      const real = path === '' ? base : await inside(path);
      return (await readdir(real)).filter((name) => !(real === base && name === '.git'));
    },
  };
}

export type RepositoryFiles = ReturnType<typeof repositoryFiles>;
