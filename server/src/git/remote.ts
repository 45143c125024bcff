import { isAbsolute } from 'node:path';

export interface GitPolicy {
  allowedSchemes: readonly string[];
  allowLocalRemotes: boolean;
  timeoutSeconds: number;
}

/** The scheme a remote uses as git sees it: `https`, `ssh` (also `user@host:path`), `file` (also a path), or other. */
export function schemeOf(remote: string): string {
  const url = /^([a-z][a-z0-9+.-]*):\/\//i.exec(remote);
  if (url?.[1]) return url[1].toLowerCase();
  if (/^[a-z][a-z0-9+.-]*::/i.test(remote)) return 'helper';
  if (/^[\w.-]+@[\w.-]+:/.test(remote)) return 'ssh';
  return 'file';
}

/**
 * Why a remote URL is not allowed, or null. Remotes are user input and git reaches far: a local path clones the
 * server's own files, `ext::` runs commands, an option-like value becomes a flag. Only the configured schemes
 * pass, local paths only when an administrator enabled them, and never credentials in the URL.
 */
export function remoteProblem(remote: string, policy: GitPolicy): string | null {
  const text = remote.trim();
  if (text === '' || text.length > 2000 || /[\s\0]/.test(text)) return 'Enter a repository URL without spaces.';
  if (text.startsWith('-')) return 'A repository URL cannot start with "-".';
  const scheme = schemeOf(text);
  if (scheme === 'file') {
    if (!policy.allowLocalRemotes) return 'Local repositories are disabled on this server (git.allowLocalRemotes).';
    if (!text.startsWith('file://') && !isAbsolute(text)) return 'A local repository needs an absolute path.';
    return null;
  }
  if (!policy.allowedSchemes.includes(scheme)) return `The ${scheme} protocol is not allowed here; use ${policy.allowedSchemes.join(' or ')}.`;
  // Credentials in a URL would be shown to everyone who may view the repository; ssh names only a user.
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@]*@/i.test(text) && scheme !== 'ssh') return 'Put no user name, password or token in the URL; configure a git credential helper on the server instead.';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@]*:[^/@]*@/i.test(text)) return 'Put no password in the URL.';
  return null;
}

/** `GIT_ALLOW_PROTOCOL` for git itself (it also governs submodules and redirects). */
export function allowedProtocols(policy: GitPolicy): string {
  return [...new Set([...policy.allowedSchemes, ...(policy.allowLocalRemotes ? ['file'] : [])])].join(':');
}
