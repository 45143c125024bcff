import type { Plugin } from 'vite';

export interface WebPlugin {
  name: string;
  /** Absolute path of the plugin's web entry (its `web/index.ts`). */
  module: string;
}

/**
 * `virtual:fathom-plugins` maps each enabled plugin with web code to a lazy import of its web entry, so plugin
 * components land in chunks of their own, loaded only when a page or slot names them.
 */
export function fathomPlugins(list: readonly WebPlugin[]): Plugin {
  const id = 'virtual:fathom-plugins';
  return {
    name: 'fathom-plugins',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load: (resolved) => {
      if (resolved !== `\0${id}`) return undefined;
      const entries = list.map((p) => `  ${JSON.stringify(p.name)}: () => import(${JSON.stringify(p.module)}),`).join('\n');
      return `export const pluginModules = {\n${entries}\n};\n`;
    },
  };
}
