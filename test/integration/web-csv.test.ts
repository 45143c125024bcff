import { describe, expect, it } from 'vitest';

// The web app type-checks under its own config (svelte-check); loaded by URL, the root tsc does not follow it.
const csvModule = new URL('../../web/src/lib/csv.ts', import.meta.url).href;

describe('CSV export in the web UI', () => {
  it('defuses cells a spreadsheet would run as formulas, and leaves other values as they are', async () => {
    const model = { model: 'Device', display: 'name', fields: [{ name: 'comments', kind: 'string', refModel: null }] };
    const { toCsv } = (await import(/* @vite-ignore */ csvModule)) as { toCsv: (model: unknown, catalog: unknown[], rows: Array<Record<string, unknown>>) => string };
    const csv = toCsv(model, [], [
      { name: '=HYPERLINK("http://evil.example","x")', comments: '@SUM(1+1)' },
      { name: 'edge-1', comments: 'plain, with a comma' },
    ]);
    const lines = csv.split(/\r?\n/);
    expect(lines[0]).toBe('name,comments');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")","'@SUM(1+1)"`);
    expect(lines[2]).toBe('edge-1,"plain, with a comma"');
  });
});
