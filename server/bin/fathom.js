#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=4 --heap-growing-percent=60
// The `fathom` command. Node's young generation is capped at 4 MB a half (Node's default is 16): an idle server holds
// about 30 MB less and one under load about 100 MB less. The old generation grows by 60% at a time instead of V8's
// adaptive factor (up to 4×): after a burst of reads a server holds about 220 MB instead of 330–400 MB. Both at the
// same request rate on this machine (README). glibc's malloc keeps at most two arenas instead of one per thread that
// allocates (V8's and libuv's workers): an idle server holds about 10 MB less.
// It runs the deployment's compiled build (plain JavaScript, written by `fathom post-upgrade`)
// when that build matches its sources; otherwise it runs the TypeScript sources through tsx, as development does.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { configArgs, configFileOf, findCompiled } from './compiled.js';

// Prisma's query compiler is WebAssembly. V8's optimizing tier for it held about 50 MB more memory in an idle server,
// for no measurable gain in reads or writes on this machine; its baseline compiler (Liftoff) serves it. A `node`
// command line that says otherwise about Liftoff wins.
if (!process.execArgv.some((flag) => flag.includes('liftoff'))) setFlagsFromString('--liftoff-only');

const args = process.argv.slice(2);

// `start --prepare` prepares in a process of its own, so that serving starts afresh from the build it just made.
if (args[0] === 'start' && args.includes('--prepare')) {
  const prepared = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'prepare', ...configArgs(args)], { stdio: 'inherit' });
  if (prepared.status !== 0) process.exit(prepared.status ?? 1);
  args.splice(args.indexOf('--prepare'), 1);
}

const compiled = process.env.FATHOM_RUN_SOURCES === '1' ? { entry: null, reason: 'FATHOM_RUN_SOURCES=1' } : findCompiled(configFileOf(args, process.cwd(), process.env));
let main;
if (compiled.entry) {
  ({ main } = await import(pathToFileURL(compiled.entry).href));
} else {
  if (args[0] === 'start' || args[0] === 'worker') {
    process.stderr.write(`fathom: running from the TypeScript sources (${compiled.reason}); \`fathom post-upgrade\` compiles this deployment for a faster, leaner start.\n`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main([process.argv[0], process.argv[1], ...args]);
