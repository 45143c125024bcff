import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, sep } from 'node:path';
import { readVariable } from '../config/env.ts';
import type { PrismaClient } from '../db/client.ts';
import { pluginError, reportAll, type FathomError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { PluginSettings } from '../context.ts';
import type { SecretsProvider } from '../plugins/definition.ts';
import type { Contribution } from '../plugins/registry.ts';

/** Where the core providers may look: the `secrets` section of the config. */
export interface SecretsPolicy {
  /** Absolute folders the text-file provider may read below. */
  fileDirectories: readonly string[];
  /** Prefixes an environment variable's name must have. */
  environmentPrefixes: readonly string[];
  /** Largest value, in bytes, from any provider. */
  maxBytes: number;
}

/**
 * The one answer a caller gets when a secret cannot be retrieved, whatever the reason: "no such variable", "no
 * such file", "a folder", "too large" and "not allowed" would otherwise tell an attacker about the server.
 * The reason goes to the server log.
 */
export class SecretUnavailable extends Error {
  constructor(readonly reason: string) {
    super('The secret is not available.');
  }
}

function within(path: string, folders: readonly string[]): boolean {
  return folders.some((folder) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep));
}

/** Read a regular file below an allowed folder, at most `maxBytes`, never following a link out of the folders. */
async function readAllowedFile(path: string, policy: SecretsPolicy): Promise<string> {
  if (!isAbsolute(path)) throw new SecretUnavailable('the path is not absolute');
  const folders = await Promise.all(policy.fileDirectories.map((d) => realpath(d).catch(() => d)));
  if (!within(path, folders) && !within(path, policy.fileDirectories)) throw new SecretUnavailable('the path is outside secrets.fileDirectories');
  const real = await realpath(path).catch(() => {
    throw new SecretUnavailable('the file does not exist');
  });
  if (!within(real, folders)) throw new SecretUnavailable('the path links outside secrets.fileDirectories');
  // Non-blocking, so a FIFO cannot hold the request; only regular files are read; never more than the limit.
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW).catch(() => {
    throw new SecretUnavailable('the file cannot be opened');
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new SecretUnavailable('not a regular file');
    if (info.size > policy.maxBytes) throw new SecretUnavailable('the file is larger than secrets.maxBytes');
    const buffer = Buffer.alloc(policy.maxBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > policy.maxBytes) throw new SecretUnavailable('the file is larger than secrets.maxBytes');
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The providers every installation has, confined by the policy. */
export function coreProviders(policy: SecretsPolicy): SecretsProvider[] {
  return [
    {
      slug: 'environment-variable',
      label: 'Environment variable',
      parameters: {
        variable: { label: 'Variable', required: true, description: `Name of an environment variable of the Fathom process, starting with ${policy.environmentPrefixes.join(' or ') || '(none allowed)'}.` },
      },
      get: ({ parameters }) => {
        const name = parameters['variable'] ?? '';
        if (!policy.environmentPrefixes.some((p) => name.startsWith(p))) throw new SecretUnavailable('the variable does not have an allowed prefix');
        const value = readVariable(name);
        if (value === undefined) throw new SecretUnavailable('the variable is not set');
        return value;
      },
    },
    {
      slug: 'text-file',
      label: 'Text file',
      parameters: { path: { label: 'Path', required: true, description: 'Absolute path of a file below one of the server’s secrets.fileDirectories (trailing newline removed).' } },
      get: async ({ parameters }) => (await readAllowedFile(parameters['path'] ?? '', policy)).replace(/\r?\n$/, ''),
    },
  ];
}

/** Save-time checks of the core providers' parameters: policy only, never the file system's state. */
function policyProblem(slug: string, parameters: Record<string, string>, policy: SecretsPolicy): string | null {
  if (slug === 'environment-variable') {
    const name = parameters['variable'] ?? '';
    if (!policy.environmentPrefixes.some((p) => name.startsWith(p))) return `The variable must start with ${policy.environmentPrefixes.join(' or ') || 'a configured prefix (secrets.environmentPrefixes is empty)'}.`;
  }
  if (slug === 'text-file') {
    const path = parameters['path'] ?? '';
    if (!isAbsolute(path) || path.split(sep).includes('..')) return 'The path must be absolute, without "..".';
    if (!within(path, policy.fileDirectories)) return `The file must be below ${policy.fileDirectories.join(' or ') || 'a configured folder (secrets.fileDirectories is empty)'}.`;
  }
  return null;
}

export type SecretsProviders = Map<string, { plugin: string | null; provider: SecretsProvider; settings: PluginSettings }>;

/** Core and plugin providers by slug; a slug claimed twice stops start-up, naming the plugin. */
export function secretsProviders(contributed: ReadonlyArray<Contribution<SecretsProvider>>, policy: SecretsPolicy): SecretsProviders {
  const map: SecretsProviders = new Map(coreProviders(policy).map((p) => [p.slug, { plugin: null, provider: p, settings: {} }]));
  const problems: FathomError[] = [];
  for (const { plugin, value: provider } of contributed) {
    const other = map.get(provider.slug);
    if (other) problems.push(pluginError('PLUGIN_INVALID', plugin.name, `its secrets provider "${provider.slug}" is already provided by ${other.plugin ? `plugin "${other.plugin}"` : 'the core'}`));
    else map.set(provider.slug, { plugin: plugin.name, provider, settings: plugin.settings });
  }
  reportAll(problems);
  return map;
}

/** Check a secret's parameters against its provider and the policy; returns a problem to report, or null. */
export function checkParameters(provider: SecretsProvider | undefined, raw: string, policy: SecretsPolicy): { parameters: Record<string, string>; problem: string | null } {
  if (!provider) return { parameters: {}, problem: 'Unknown secrets provider.' };
  let value: unknown;
  try {
    value = JSON.parse(raw || '{}');
  } catch {
    return { parameters: {}, problem: 'Parameters must be a JSON object.' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { parameters: {}, problem: 'Parameters must be a JSON object.' };
  const parameters = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  const unknown = Object.keys(parameters).filter((k) => !(k in provider.parameters));
  if (unknown.length > 0) return { parameters, problem: `Unknown parameter ${unknown.join(', ')} for ${provider.label}.` };
  const missing = Object.entries(provider.parameters).filter(([k, p]) => p.required && !parameters[k]).map(([k]) => k);
  if (missing.length > 0) return { parameters, problem: `${provider.label} needs ${missing.join(', ')}.` };
  return { parameters, problem: policyProblem(provider.slug, parameters, policy) };
}

/**
 * Resolve a secret's value by name, through the caller's client (a secret they may not view does not exist for
 * them). Every failure is the same `SecretUnavailable` to the caller; the reason is logged.
 */
export async function secretValue(prisma: PrismaClient, providers: SecretsProviders, policy: SecretsPolicy, log: Logger, name: string): Promise<string> {
  const secret = await prisma.secret.findUnique({ where: { name } });
  try {
    if (!secret) throw new SecretUnavailable('no such secret, or not visible to the caller');
    const entry = providers.get(secret.provider);
    const { parameters, problem } = checkParameters(entry?.provider, secret.parameters, policy);
    if (!entry || problem) throw new SecretUnavailable(problem ?? 'unknown provider');
    const value = await entry.provider.get({ parameters, secret: { name }, settings: entry.settings });
    if (typeof value !== 'string') throw new SecretUnavailable('the provider returned no text');
    if (Buffer.byteLength(value) > policy.maxBytes) throw new SecretUnavailable('the value is larger than secrets.maxBytes');
    return value;
  } catch (error) {
    const reason = error instanceof SecretUnavailable ? error.reason : (error as Error).message;
    log.warn({ secret: name, provider: secret?.provider, reason }, 'a secret could not be retrieved');
    throw error instanceof SecretUnavailable ? error : new SecretUnavailable(reason);
  }
}
