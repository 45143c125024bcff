import { pathToFileURL } from 'node:url';

/**
 * The modules a compiled build of Fathom carries in itself, by the absolute path of their source file: the config
 * file, the plugins' entry points and the generated database client. `fathom post-upgrade` writes the build
 * (`server/src/compile.ts`) and its entry fills this table before the CLI runs.
 */
const COMPILED = Symbol.for('fathom.compiled-modules');

type Table = Map<string, () => Promise<unknown>>;

function compiledModules(): Table | undefined {
  return (globalThis as { [COMPILED]?: Table })[COMPILED];
}

/** Whether this process runs a compiled build (plain JavaScript, no TypeScript loader). */
export function runningCompiled(): boolean {
  return compiledModules() !== undefined;
}

/** The entry of a compiled build calls this with the modules it carries. */
export function provideCompiledModules(table: Table): void {
  (globalThis as { [COMPILED]?: Table })[COMPILED] = table;
}

/**
 * Import a module by its file path: from the compiled build when it carries that file, otherwise from disk. A
 * TypeScript file that a compiled build does not carry (a client generated after the build, say) is loaded through
 * tsx, registered on first need.
 */
export async function importFile(file: string): Promise<unknown> {
  const table = compiledModules();
  const carried = table?.get(file);
  if (carried) return carried();
  if (table && /\.[cm]?tsx?$/.test(file)) {
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(pathToFileURL(file).href, import.meta.url);
  }
  return import(pathToFileURL(file).href);
}
