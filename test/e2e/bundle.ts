import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The JavaScript a first page load fetches (the entry script and what index.html preloads) and everything else. */
export function bundleSizes(outDir: string): { initial: string[]; lazy: string[]; initialGzip: number; lazyGzip: number } {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
  const all = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  const lazy = all.filter((f) => !initial.includes(f));
  const gz = (files: string[]) => files.reduce((n, f) => n + gzipSync(readFileSync(join(outDir, f))).length, 0);
  return { initial, lazy, initialGzip: gz(initial), lazyGzip: gz(lazy) };
}
