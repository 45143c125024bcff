// Where a deployment's compiled build is recorded, and whether it still matches its sources. Plain JavaScript: the
// `fathom` command reads this before any TypeScript can be loaded. `server/src/compile.ts` writes what it reads.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bumped when the manifest's shape changes; an older manifest is then stale. */
export const MANIFEST_FORMAT = 1;

const POINTERS = join(dirname(fileURLToPath(import.meta.url)), '..', '.cache', 'compiled');

/** The arguments of a command line that name its config file (`--config F`, `-c F` or `--config=F`), if any. */
export function configArgs(args) {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if ((arg === '--config' || arg === '-c') && i + 1 < args.length) return [arg, args[i + 1]];
    if (arg.startsWith('--config=')) return [arg];
  }
  return [];
}

/** The config file a command line names: `--config`/`-c`, else $FATHOM_CONFIG, else ./fathom.config.ts. */
export function configFileOf(args, cwd, env) {
  const [flag, value] = configArgs(args);
  if (flag) return resolve(cwd, value ?? flag.slice('--config='.length));
  return resolve(cwd, env.FATHOM_CONFIG || 'fathom.config.ts');
}

/** The small file, inside Fathom's own folder, that says where the build for one config file lives. */
export function pointerFile(configFile) {
  return join(POINTERS, `${createHash('sha256').update(configFile).digest('hex').slice(0, 24)}.json`);
}

/** Record that the build for `configFile` has its manifest at `manifestFile`. */
export function writePointer(configFile, manifestFile) {
  mkdirSync(POINTERS, { recursive: true });
  writeFileSync(pointerFile(configFile), `${JSON.stringify({ configFile, manifest: manifestFile })}\n`);
}

/** An input's identity on disk: size and modification time. */
export function fingerprint(file) {
  const stat = statSync(file);
  return `${stat.size}:${Math.trunc(stat.mtimeMs)}`;
}

/**
 * The compiled entry for `configFile`, or why there is none. It is used only when the manifest's format and Node's
 * major version match and every file it was built from (sources, the config, the packages it imports) is unchanged.
 */
export function findCompiled(configFile) {
  let pointer;
  try {
    pointer = JSON.parse(readFileSync(pointerFile(configFile), 'utf8'));
  } catch {
    return { entry: null, reason: 'not compiled yet' };
  }
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(pointer.manifest, 'utf8'));
  } catch {
    return { entry: null, reason: 'its build is gone' };
  }
  const readable = manifest?.format === MANIFEST_FORMAT && typeof manifest.entry === 'string' && Array.isArray(manifest.inputs);
  if (!readable || manifest.configFile !== configFile) return { entry: null, reason: 'its build is from another release' };
  if (manifest.node !== process.versions.node.split('.')[0]) return { entry: null, reason: `its build was made for Node ${manifest.node}` };
  for (const input of manifest.inputs) {
    const [file, print] = Array.isArray(input) ? input : [];
    let now;
    try {
      now = fingerprint(String(file));
    } catch {
      now = 'missing';
    }
    if (now !== print) return { entry: null, reason: `${file} changed since it was compiled` };
  }
  return { entry: join(dirname(pointer.manifest), manifest.entry), reason: '' };
}
