import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { FathomError } from '../errors.ts';
import { packageDir } from '../packages.ts';

const run = promisify(execFile);

/** The generator blocks appended to every composed schema; outputs are relative to the schema file. */
export function generatorBlocks(): string {
  const pothosGenerator = join(packageDir('@pothos/plugin-prisma'), 'bin', 'generator.js');
  return `
generator client {
  provider = "prisma-client"
  output   = "./client"
  runtime  = "nodejs"
}

generator pothos {
  provider     = "node ${pothosGenerator.replaceAll('\\', '/')}"
  clientOutput = "./client/client.ts"
  output       = "./pothos-types.ts"
}
`;
}

/** Bumped when what `generateClient` writes changes, so that clients generated before are generated again. */
const CLIENT_FORMAT = 'wasm-file-1';

export function schemaHash(schema: string): string {
  return createHash('sha256').update(CLIENT_FORMAT).update('\n').update(schema).digest('hex').slice(0, 16);
}

/**
 * The generated client carries its query compiler as a module holding the WebAssembly in base64 (about 4.5 MB of
 * source and the same again as a string, both kept for the life of the process). It is decoded here once, into
 * `client/query_compiler.wasm`, and the client reads that file instead: about 12 MB less resident memory.
 */
async function wasmAsFile(clientDir: string): Promise<void> {
  const classFile = join(clientDir, 'internal', 'class.ts');
  const source = await readFile(classFile, 'utf8');
  const loader = /getQueryCompilerWasmModule: async \(\) => \{\s*const \{ wasm \} = await import\("(@prisma\/client\/runtime\/query_compiler_[\w.]+\.wasm-base64\.mjs)"\)\s*return await decodeBase64AsWasm\(wasm\)\s*\}/;
  const found = loader.exec(source);
  if (!found?.[1]) throw new FathomError('DATABASE', `the generated Prisma client at ${clientDir} does not load its query compiler as this Fathom expects; is @prisma/client the version in Fathom's lock file?`);
  const base64 = /const wasm = "([A-Za-z0-9+/=]+)"/.exec(await readFile(join(packageDir('@prisma/client'), found[1].slice('@prisma/client/'.length)), 'utf8'))?.[1];
  if (!base64) throw new FathomError('DATABASE', `${found[1]} holds no WebAssembly`);
  await writeFile(join(clientDir, 'query_compiler.wasm'), Buffer.from(base64, 'base64'));
  const reader = `getQueryCompilerWasmModule: async () => {
    const { readFile } = await import('node:fs/promises')
    return new WebAssembly.Module(await readFile(new URL('../query_compiler.wasm', import.meta.url)))
  }`;
  await writeFile(classFile, source.replace(loader, reader));
}

/**
 * Generate the Prisma client and Pothos types for a composed schema into `<dir>`. Offline: the CLI only needs
 * the schema engine for migrations, which Fathom runs as WebAssembly instead, so it is pointed at a stand-in.
 */
export async function generateClient(schema: string, dir: string): Promise<void> {
  const prismaCli = join(packageDir('prisma'), 'build', 'index.js');
  await mkdir(dir, { recursive: true });
  const schemaFile = join(dir, 'schema.prisma');
  await writeFile(schemaFile, schema);
  try {
    await run(process.execPath, [prismaCli, 'generate', '--schema', schemaFile], {
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
        PRISMA_GENERATE_SKIP_AUTOINSTALL: '1',
      },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (cause) {
    const err = cause as { stderr?: string; stdout?: string; message: string };
    throw new FathomError('DATABASE', `prisma generate failed:\n${err.stderr || err.stdout || err.message}`, { cause });
  }
  await wasmAsFile(join(dir, 'client'));
}

/**
 * Generate into a folder named by the schema's hash, once. Concurrent callers (parallel test files, several
 * processes on one machine) each generate into a scratch folder and the first rename wins.
 *
 * With `FATHOM_CLIENT_CACHE` set to a folder, clients are generated there and `<stateDir>/clients/<hash>` links to
 * them, so state folders on one machine (the test suite makes one per test process) share each composition's
 * client; post-upgrade's clean-up then removes only the links.
 */
export async function ensureClient(schema: string, stateDir: string, cacheDir = process.env['FATHOM_CLIENT_CACHE']): Promise<{ dir: string; hash: string; generated: boolean }> {
  const hash = schemaHash(schema);
  const clientsDir = join(stateDir, 'clients');
  const dir = join(clientsDir, hash);
  if (existsSync(join(dir, 'pothos-types.ts'))) return { dir, hash, generated: false };
  await mkdir(clientsDir, { recursive: true });
  if (!cacheDir) return { dir, hash, generated: await generateOnce(schema, clientsDir, hash) };
  const generated = await generateOnce(schema, resolve(cacheDir), hash);
  await rm(dir, { recursive: true, force: true });
  await symlink(join(resolve(cacheDir), hash), dir, 'dir').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return { dir, hash, generated };
}

async function generateOnce(schema: string, parent: string, hash: string): Promise<boolean> {
  const dir = join(parent, hash);
  if (existsSync(join(dir, 'pothos-types.ts'))) return false;
  await mkdir(parent, { recursive: true });
  const scratch = await mkdtemp(join(parent, `.tmp-${hash}-`));
  await generateClient(schema, scratch);
  try {
    await rename(scratch, dir);
  } catch {
    await rm(scratch, { recursive: true, force: true });
  }
  return true;
}
