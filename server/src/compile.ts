import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { MANIFEST_FORMAT, findCompiled, fingerprint, writePointer } from '../bin/compiled.js';
import type { FathomConfig } from './config/config.ts';
import { pluginEntryFile } from './plugins/load.ts';
import { prepareClient, resolvePlugins } from './runtime.ts';

/**
 * The compiled build of one deployment: Fathom's TypeScript, the config file, the enabled plugins and the generated
 * database client, bundled by esbuild into one JavaScript module that `fathom` runs without a TypeScript loader.
 * Installed packages stay outside the bundle and are imported from where they are installed.
 */

const SRC = dirname(fileURLToPath(import.meta.url));
const TYPESCRIPT = /\.[cm]?tsx?$/;

export interface CompileResult {
  /** False when the existing build was current. */
  compiled: boolean;
  entry: string;
  /** Files bundled into the build. */
  sources: number;
  ms: number;
}

/** The modules a build must carry for this config: the config file, each plugin's entry point, the client. */
async function carriedFiles(config: FathomConfig, configFile: string): Promise<string[]> {
  const registry = await resolvePlugins(config);
  const client = await prepareClient(config, registry);
  const files = existsSync(configFile) ? [configFile] : [];
  for (const specifier of config.plugins) files.push(pluginEntryFile(specifier, config.rootDir));
  files.push(join(client.dir, 'client', 'client.ts'), join(client.dir, 'pothos-types.ts'));
  return files;
}

/** Whether an installed package imports Fathom, and so must be bundled with it rather than loaded beside it. */
function dependsOnFathom(file: string, cache: Map<string, boolean>): boolean {
  let dir = dirname(file);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
  let known = cache.get(dir);
  if (known === undefined) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    known = ['dependencies', 'peerDependencies', 'devDependencies'].some((key) => manifest[key]?.['fathom'] !== undefined);
    cache.set(dir, known);
  }
  return known;
}

/**
 * Bundle Fathom's own sources and anything that imports them; import every other installed package by its absolute
 * path, so the build runs from wherever it is written. Each bundled file keeps its own `import.meta.url`, which
 * Fathom and plugins use to find files beside them (migrations, Prisma fragments, the web app).
 */
function sourcesPlugin(externals: Set<string>): Plugin {
  const skip = Symbol('resolving');
  const fathomDependents = new Map<string, boolean>();
  return {
    name: 'fathom-sources',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === skip) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const found = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: skip });
        if (found.errors.length > 0 || found.external) return found;
        const installed = found.path.includes(`${sep}node_modules${sep}`);
        if (!installed || TYPESCRIPT.test(found.path) || dependsOnFathom(found.path, fathomDependents)) return found;
        externals.add(found.path);
        return { path: found.path, external: true };
      });
      build.onLoad({ filter: /\.([cm]?[jt]sx?)$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        const contents = text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
        const loader = args.path.endsWith('x') ? (TYPESCRIPT.test(args.path) ? 'tsx' : 'jsx') : TYPESCRIPT.test(args.path) ? 'ts' : 'js';
        return { contents, loader };
      });
    },
  };
}

/** The entry module: fill the table of carried modules, then hand on the CLI. */
function entrySource(carried: string[]): string {
  const table = carried.map((file) => `  [${JSON.stringify(file)}, () => import(${JSON.stringify(file)})],`).join('\n');
  return [
    `import { provideCompiledModules } from ${JSON.stringify(join(SRC, 'import-file.ts'))};`,
    `provideCompiledModules(new Map([\n${table}\n]));`,
    `export { main } from ${JSON.stringify(join(SRC, 'cli', 'main.ts'))};`,
    '',
  ].join('\n');
}

/**
 * Write the compiled build for `configFile` into `<stateDir>/compiled/`, unless the one there is current: built by
 * this Node major version from unchanged files, and carrying the modules this config needs.
 */
export async function compileServer(config: FathomConfig, configFile: string, options: { force?: boolean } = {}): Promise<CompileResult> {
  const started = performance.now();
  const carried = await carriedFiles(config, configFile);
  const dir = join(config.stateDir, 'compiled');
  const manifestFile = join(dir, 'manifest.json');
  const current = findCompiled(configFile);
  if (!options.force && current.entry) {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8').catch(() => '{}')) as { carried?: string[] };
    if (JSON.stringify(manifest.carried) === JSON.stringify(carried)) return { compiled: false, entry: current.entry, sources: 0, ms: performance.now() - started };
  }
  const { build } = await import('esbuild');
  const externals = new Set<string>();
  const result = await build({
    stdin: { contents: entrySource(carried), resolveDir: SRC, sourcefile: 'fathom-entry.mjs', loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    keepNames: true,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: config.rootDir,
    outfile: join(dir, 'fathom.mjs'),
    plugins: [sourcesPlugin(externals)],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild wrote no output');
  const sources = Object.keys(result.metafile.inputs)
    .filter((input) => !input.startsWith('<stdin>') && !input.includes('fathom-entry'))
    .map((input) => resolve(config.rootDir, input));
  const inputs = [...new Set([...sources, ...externals, ...carried])].map((file) => [file, fingerprint(file)]);
  await mkdir(dir, { recursive: true });
  const entry = join(dir, 'fathom.mjs');
  await writeFile(`${entry}.tmp`, output.contents);
  await rename(`${entry}.tmp`, entry);
  const manifest = { format: MANIFEST_FORMAT, configFile, node: process.versions.node.split('.')[0], entry: 'fathom.mjs', carried, inputs };
  await writeFile(`${manifestFile}.tmp`, `${JSON.stringify(manifest)}\n`);
  await rename(`${manifestFile}.tmp`, manifestFile);
  writePointer(configFile, manifestFile);
  return { compiled: true, entry, sources: sources.length, ms: performance.now() - started };
}
