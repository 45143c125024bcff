import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composePrisma, coreFragments, type ComposedPrisma } from './compose-prisma.ts';

/** The composer's own source: a remembered composition is only reused by the composer that made it. */
let composerSource: string | undefined;

/**
 * `composePrisma`, remembered in `dir` under a hash of everything it reads (the database, every fragment, the
 * generators and the composer's own source): a start with nothing changed reads one JSON file instead of parsing
 * the fragments. A composition that fails is not remembered; a cache that cannot be written is only slower.
 */
export function composePrismaCached(options: Parameters<typeof composePrisma>[0], dir: string): ComposedPrisma & { cacheKey: string } {
  const core = options.core ?? coreFragments();
  composerSource ??= readFileSync(fileURLToPath(new URL('./compose-prisma.ts', import.meta.url)), 'utf8');
  const cacheKey = createHash('sha256')
    .update(JSON.stringify([composerSource, options.provider, options.plugins, options.generators ?? '', core]))
    .digest('hex')
    .slice(0, 24);
  const file = join(dir, `${cacheKey}.json`);
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { schema: string; modelsByPlugin: Array<[string, string[]]>; coreModels: string[] };
    return { schema: kept.schema, modelsByPlugin: new Map(kept.modelsByPlugin), coreModels: kept.coreModels, cacheKey };
  } catch {
    // Not remembered yet (or unreadable): compose.
  }
  const composed = composePrisma({ ...options, core });
  try {
    mkdirSync(dir, { recursive: true });
    const scratch = `${file}.${process.pid}.tmp`;
    writeFileSync(scratch, JSON.stringify({ schema: composed.schema, modelsByPlugin: [...composed.modelsByPlugin], coreModels: composed.coreModels }));
    renameSync(scratch, file);
  } catch {
    // A state folder that cannot be written to: the next start composes again.
  }
  return { ...composed, cacheKey };
}
