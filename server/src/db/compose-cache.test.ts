import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composePrisma } from './compose-prisma.ts';
import { composePrismaCached } from './compose-cache.ts';

const dir = mkdtempSync(join(tmpdir(), 'fathom-compositions-'));
const fragment = readFileSync(new URL('../../../plugins/example/prisma/example.prisma', import.meta.url), 'utf8');
const options = (text: string) => ({ provider: 'sqlite' as const, plugins: [{ plugin: 'example', prefix: 'Example', dependencies: [], fragments: [text] }] });

describe('a remembered composition', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the composition itself, and is read back instead of composing while nothing it was made from changed', () => {
    const first = composePrismaCached(options(fragment), dir);
    const direct = composePrisma(options(fragment));
    expect(first.schema).toBe(direct.schema);
    expect([...first.modelsByPlugin]).toEqual([...direct.modelsByPlugin]);
    const file = join(dir, `${first.cacheKey}.json`);
    expect(existsSync(file)).toBe(true);
    // Marked on disk: the next call must answer from the file, not from the parser.
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { schema: string };
    writeFileSync(file, JSON.stringify({ ...kept, schema: `${kept.schema}// read back\n` }));
    const again = composePrismaCached(options(fragment), dir);
    expect(again.cacheKey).toBe(first.cacheKey);
    expect(again.schema.endsWith('// read back\n')).toBe(true);
    expect([...again.modelsByPlugin]).toEqual([...direct.modelsByPlugin]);
  });

  it('is composed anew when a fragment changes, and a fragment that does not parse is refused and not remembered', () => {
    const before = readdirSync(dir).length;
    const changed = composePrismaCached(options(`${fragment}\nenum ExampleColour {\n  RED\n}\n`), dir);
    expect(changed.schema).toContain('enum ExampleColour');
    expect(readdirSync(dir)).toHaveLength(before + 1);
    expect(() => composePrismaCached(options('model ExampleBroken {'), dir)).toThrow(/example.*does not parse/s);
    expect(readdirSync(dir)).toHaveLength(before + 1);
  });
});
