import { describe, expect, it } from 'vitest';
import { fuzz } from '../fuzz/fuzz.ts';

describe('schema-driven fuzzing', () => {
  it('finds no crash, no unmasked internal error and no permission leak in a few thousand random operations', { timeout: 240_000 }, async () => {
    const { findings, sent, devicesSeenByLimited, errors } = await fuzz({ count: 3000, seed: 20261124, provider: 'sqlite' });
    expect(sent).toBeGreaterThan(2000);
    // The run must actually reach constrained data and produce errors, or it proves nothing.
    expect(devicesSeenByLimited).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(100);
    expect(findings.map((f) => `${f.kind} as ${f.who}: ${f.detail}\n  ${f.operation}`).slice(0, 10)).toEqual([]);
  });
});
