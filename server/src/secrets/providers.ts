import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { readVariable } from '../config/env.ts';
import { pluginError } from '../errors.ts';
import type { PrismaClient } from '../context.ts';
import type { ValidatedPlugin } from '../plugins/validate.ts';
import type { PluginSettings, SecretsProvider } from '../sdk/define-plugin.ts';

/** The providers every installation has. */
export const CORE_PROVIDERS: readonly SecretsProvider[] = [
  {
    slug: 'environment-variable',
    label: 'Environment variable',
    parameters: { variable: { label: 'Variable', required: true, description: 'Name of an environment variable of the Fathom process.' } },
    get: ({ parameters }) => {
      const value = readVariable(parameters['variable'] ?? '');
      if (value === undefined) throw new Error(`The environment variable ${parameters['variable']} is not set.`);
      return value;
    },
  },
  {
    slug: 'text-file',
    label: 'Text file',
    parameters: { path: { label: 'Path', required: true, description: 'Absolute path of a file holding the value (trailing newline removed).' } },
    get: async ({ parameters }) => {
      const path = parameters['path'] ?? '';
      if (!isAbsolute(path)) throw new Error('The path must be absolute.');
      return (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
    },
  },
];

/** Core and plugin providers by slug; a slug claimed twice stops start-up, naming the plugin. */
export function secretsProviders(plugins: readonly ValidatedPlugin[]): Map<string, { plugin: string | null; provider: SecretsProvider; settings: PluginSettings }> {
  const map = new Map<string, { plugin: string | null; provider: SecretsProvider; settings: PluginSettings }>(CORE_PROVIDERS.map((p) => [p.slug, { plugin: null, provider: p, settings: {} }]));
  for (const plugin of plugins) {
    for (const provider of plugin.definition.secretsProviders ?? []) {
      const other = map.get(provider.slug);
      if (other) throw pluginError('PLUGIN_INVALID', plugin.name, `its secrets provider "${provider.slug}" is already provided by ${other.plugin ? `plugin "${other.plugin}"` : 'the core'}`);
      map.set(provider.slug, { plugin: plugin.name, provider, settings: plugin.settings });
    }
  }
  return map;
}

/** Check a secret's parameters against its provider; returns a problem to report, or null. */
export function checkParameters(provider: SecretsProvider | undefined, raw: string): { parameters: Record<string, string>; problem: string | null } {
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
  return { parameters, problem: null };
}

/** Resolve a secret's value by name. Throws with a message a user can act on. */
export async function secretValue(prisma: PrismaClient, providers: ReturnType<typeof secretsProviders>, name: string): Promise<string> {
  const secret = await prisma.secret.findUnique({ where: { name } });
  if (!secret) throw new Error(`No secret named "${name}".`);
  const entry = providers.get(secret.provider);
  const { parameters, problem } = checkParameters(entry?.provider, secret.parameters);
  if (!entry || problem) throw new Error(`Secret "${name}": ${problem ?? 'unknown provider'}`);
  return entry.provider.get({ parameters, secret: { name }, settings: entry.settings });
}
