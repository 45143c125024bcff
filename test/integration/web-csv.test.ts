import { describe, expect, it } from 'vitest';
import { toCsv } from '../../web/src/lib/csv.ts';

describe('CSV export in the web UI', () => {
  it('defuses cells a spreadsheet would run as formulas, and leaves other values as they are', () => {
    const model = { model: 'Device', display: 'name', fields: [{ name: 'comments', kind: 'string', refModel: null }] };
    const csv = toCsv(model as never, [], [
      { name: '=HYPERLINK("http://evil.example","x")', comments: '@SUM(1+1)' },
      { name: 'edge-1', comments: 'plain, with a comma' },
    ]);
    const lines = csv.split(/\r?\n/);
    expect(lines[0]).toBe('name,comments');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")","'@SUM(1+1)"`);
    expect(lines[2]).toBe('edge-1,"plain, with a comma"');
  });
});
