import nunjucks from 'nunjucks';
import { pluginError } from '../errors.ts';
import type { ValidatedPlugin } from '../plugins/validate.ts';

/**
 * The Jinja2-compatible engine (nunjucks with its Jinja2 compatibility layer) with every plugin's filters. No file
 * loader: templates come from the database only. Autoescaping is off, as export formats are not HTML.
 */
export function createTemplateEngine(plugins: readonly ValidatedPlugin[]): nunjucks.Environment {
  nunjucks.installJinjaCompat();
  const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false });
  const owners = new Map<string, string>();
  for (const plugin of plugins) {
    for (const [name, filter] of Object.entries(plugin.definition.jinjaFilters ?? {})) {
      const other = owners.get(name);
      if (other) throw pluginError('PLUGIN_INVALID', plugin.name, `its Jinja2 filter "${name}" is already registered by plugin "${other}"`);
      owners.set(name, plugin.name);
      env.addFilter(name, filter as (...args: unknown[]) => unknown);
    }
  }
  return env;
}

/** Render a template string; a syntax or runtime error comes back as a message, not a crash. */
export function render(env: nunjucks.Environment, template: string, context: object): { output: string } | { error: string } {
  try {
    return { output: env.renderString(template, context) };
  } catch (error) {
    return { error: (error as Error).message.replace(/^\(unknown path\)\s*/, '') };
  }
}
