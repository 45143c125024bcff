import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, serveFathom, type ServedFathom } from '../harness.ts';
import { pointerFile } from '../../server/bin/compiled.js';

const run = promisify(execFile);
const BIN = join(ROOT, 'server', 'bin', 'fathom.js');
const SHEBANG = (readFileSync(BIN, 'utf8').split('\n')[0] ?? '').split(' ');
/** The Node options of the command's `#!` line, which an operator's `npx fathom` runs with (`BENCH_NODE_FLAGS` overrides). */
const NODE_FLAGS = (process.env['BENCH_NODE_FLAGS']?.split(' ') ?? SHEBANG).filter((part) => part.startsWith('--'));
/** The environment the `#!` line sets (`NAME=value` before `node`). */
const SHEBANG_ENV = Object.fromEntries(SHEBANG.filter((part) => /^[A-Z_][A-Z0-9_]*=/.test(part)).map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]));

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** The `q` quantile of a sample, interpolated between its two nearest values. */
export function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const at = (s.length - 1) * q;
  const [low, high] = [s[Math.floor(at)] ?? 0, s[Math.ceil(at)] ?? 0];
  return low + (high - low) * (at - Math.floor(at));
}

/**
 * A Fathom deployment as an operator has one: its own folder under `.fathom/` with a `fathom.config.ts` (both bundled
 * plugins, the given database and settings), driven through the `fathom` command in child processes.
 */
/** `databaseUrl` defaults to an SQLite file in the deployment's folder; `extra` is more config keys, each ending in a comma. */
export function deployment(name: string, settings: { databaseUrl?: string; extra?: string; env?: Record<string, string> } = {}) {
  const dir = join(ROOT, '.fathom', `bench-${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'fathom.config.ts');
  writeFileSync(
    config,
    `import { defineConfig } from 'fathom/sdk';\nexport default defineConfig({ plugins: ['fathom-plugin-example', 'fathom-plugin-peering'], pluginsConfig: { example: { defaultLocalAsn: 64512 } }, database: { url: ${JSON.stringify(settings.databaseUrl ?? `file:${join(dir, 'bench.sqlite')}`)} }, ${settings.extra ?? ''}stateDir: ${JSON.stringify(join(dir, 'state'))}, logLevel: 'warn' });\n`,
  );
  const env = { ...process.env, ...SHEBANG_ENV, DATABASE_URL: '', ...settings.env };
  return {
    dir,
    cli: (args: string[]) => run(process.execPath, [...NODE_FLAGS, BIN, ...args, '--config', config], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 }),
    /** `fathom start` on a free port, resolved once `/health` answers 200 (see `serveFathom`). */
    start: (extraEnv: Record<string, string> = {}): Promise<ServedFathom> => serveFathom(BIN, ['--config', config], { cwd: dir, env: { ...env, ...extraEnv }, nodeFlags: NODE_FLAGS }),
    remove: () => {
      rmSync(pointerFile(config), { force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
