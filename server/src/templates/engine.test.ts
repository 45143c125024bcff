import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { TemplateEngine, toTemplateData } from './engine.ts';
import { DEFAULT_TEMPLATE_LIMITS } from '../config/template-limits.ts';

const log = createLogger('silent');
const filters = new Map([
  ['shout', { plugin: 'loud', filter: (v: unknown) => `${String(v).toUpperCase()}!` }],
  ['explode', { plugin: 'fragile', filter: () => { throw new Error('boom'); } }],
]);

describe('the sandboxed template engine', () => {
  const engine = new TemplateEngine(filters, DEFAULT_TEMPLATE_LIMITS, log);
  afterAll(() => engine.close());

  it('renders the Jinja2 that templates brought from Nautobot use: loops, conditions, set, macros, filters', async () => {
    const source = [
      '{% macro row(d) %}{{ d.name|upper }}={{ d.interfaces|map(attribute="name")|join(",") }}{% endmacro %}',
      '{% set count = queryset|length %}{{ count }}:',
      '{% for d in queryset if d.enabled %}{{ row(d) }}{% if not loop.last %};{% endif %}{% endfor %}',
      '|{{ queryset[0].name|shout }}|{{ "%s"|format(queryset[1].name) if false else queryset[1].name.upper() }}',
    ].join('');
    const queryset = [
      { name: 'r1', enabled: true, interfaces: [{ name: 'xe-0' }, { name: 'xe-1' }] },
      { name: 'r2', enabled: false, interfaces: [] },
      { name: 'r3', enabled: true, interfaces: [{ name: 'ge-0' }] },
    ];
    expect(await engine.render(source, { queryset })).toEqual({ output: '3:R1=xe-0,xe-1;R3=ge-0|R1!|R2' });
  });

  it('renders one template over many objects in one batch, a failing object in its place and with its own fuel', async () => {
    const results = await engine.renderMany('{{ obj.name|shout }}:{{ obj.n + 1 }}', [{ obj: { name: 'a', n: 1 } }, { obj: { name: 'b', n: 'x' } }, { obj: { name: 'c', n: 3 } }]);
    expect(results[0]).toEqual({ output: 'A!:2' });
    expect(results[1]).toMatchObject({ code: 'RENDER' });
    expect(results[2]).toEqual({ output: 'C!:4' });
    // Each render gets the whole fuel budget: a loop that fits once fits every time.
    const small = new TemplateEngine(filters, { ...DEFAULT_TEMPLATE_LIMITS, fuel: 20_000 }, log);
    try {
      const loop = '{% for i in range(obj.n) %}.{% endfor %}';
      const many = await small.renderMany(loop, Array.from({ length: 50 }, () => ({ obj: { n: 100 } })));
      expect(many.every((r) => 'output' in r && r.output.length === 100)).toBe(true);
      expect((await small.renderMany(loop, [{ obj: { n: 100_000 } }]))[0]).toMatchObject({ code: 'FUEL' });
    } finally {
      await small.close();
    }
    expect(await engine.renderMany('{{ obj.name ', [{ obj: {} }, { obj: {} }])).toEqual([expect.objectContaining({ code: 'SYNTAX' }), expect.objectContaining({ code: 'SYNTAX' })]);
  });

  it('offers no path from a template to the host: the constructor gadgets that worked under nunjucks fail', async () => {
    const marker = join(tmpdir(), `fathom-pwned-${process.pid}`);
    rmSync(marker, { force: true });
    const payload = `("return process.getBuiltinModule('fs').writeFileSync('${marker}', 'x')")()`;
    for (const gadget of ['range.constructor', 'cycler.constructor', 'joiner.constructor', 'queryset.constructor', 'queryset.map.constructor', 'lipsum.constructor', 'namespace.constructor']) {
      const result = await engine.render(`{{ ${gadget}${payload} }}`, { queryset: [{ name: 'a' }] });
      expect(result, gadget).toHaveProperty('error');
    }
    for (const probe of ['{{ range.__class__ }}', '{{ queryset.__proto__ }}', '{{ self }}', '{{ "a".__class__.__mro__ }}', '{{ config }}', '{{ process }}', '{{ globalThis }}']) {
      const result = await engine.render(probe, { queryset: [] });
      if ('output' in result) expect(result.output, probe).not.toMatch(/function|process|object Object|env/i);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('stops a template that runs out of fuel, with a clear error, and keeps serving', async () => {
    const result = await engine.render('{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}', {});
    expect(result).toMatchObject({ code: 'FUEL', error: expect.stringMatching(/fuel/) });
    expect(await engine.render('{{ 1 + 1 }}', {})).toEqual({ output: '2' });
  });

  it('refuses output over the size limit', async () => {
    const small = new TemplateEngine(filters, { ...DEFAULT_TEMPLATE_LIMITS, maxOutputChars: 1000 }, log);
    try {
      expect(await small.render('{{ "x" * 1001 }}', {})).toMatchObject({ code: 'OUTPUT_LIMIT' });
      expect(await small.render('{{ "x" * 1000 }}', {})).toEqual({ output: 'x'.repeat(1000) });
    } finally {
      await small.close();
    }
  });

  it('stops a template that builds strings larger than the sandbox’s memory, and serves the next one', async () => {
    const bombs = [
      '{{ "x" * 4000000000 }}',
      `{{ "xxxxxxxxxx"${'|replace("x","xxxxxxxxxx")'.repeat(9)}|length }}`,
      '{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}{% endmacro %}{{ f("x", 31) }}',
    ];
    // A generous time budget, so that the memory limit is what stops each bomb even on a loaded machine (with the
    // default 2 s, a slow CI runner hit the clock first).
    const roomy = new TemplateEngine(filters, { ...DEFAULT_TEMPLATE_LIMITS, timeoutMs: 60_000 }, log);
    try {
      for (const bomb of bombs) {
        expect(await roomy.render(bomb, {}), bomb).toMatchObject({ error: expect.stringMatching(/memory/) });
        expect(await roomy.render('{{ "still here" }}', {})).toEqual({ output: 'still here' });
      }
    } finally {
      await roomy.close();
    }
  });

  it('refuses a template source over the size limit without running it', async () => {
    const result = await engine.render(`{{ "${'a'.repeat(DEFAULT_TEMPLATE_LIMITS.maxSourceChars)}" }}`, {});
    expect(result).toMatchObject({ code: 'SOURCE_LIMIT' });
  });

  it('stops a render that outlives its time budget by ending its thread, while the main thread keeps answering', async () => {
    const slow = new TemplateEngine(filters, { ...DEFAULT_TEMPLATE_LIMITS, fuel: 1_000_000_000, timeoutMs: 300 }, log);
    try {
      const order: string[] = [];
      const render = slow.render('{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}', {}).then((r) => {
        order.push('render');
        return r;
      });
      await new Promise((resolve) => setTimeout(resolve, 20)).then(() => order.push('timer'));
      expect(await render).toMatchObject({ code: 'TIMEOUT' });
      expect(order).toEqual(['timer', 'render']);
      // A fresh thread serves the next render.
      expect(await slow.render('{{ "ok" }}', {})).toEqual({ output: 'ok' });
    } finally {
      await slow.close();
    }
  });

  it('runs plugin filters, and reports a failing filter with its plugin’s name', async () => {
    expect(await engine.render('{{ "a"|shout }}', {})).toEqual({ output: 'A!' });
    const failed = await engine.render('{{ "a"|explode }}', {});
    expect(failed).toMatchObject({ code: 'RENDER', error: expect.stringContaining('plugin "fragile"') });
  });

  it('checks a template by parsing it, without running it', async () => {
    expect(await engine.check('{% for d in queryset %}{{ d.name }}{% endfor %}')).toBeNull();
    expect(await engine.check('{{ 1 / 0 }}{{ "x"|explode }}')).toBeNull();
    expect(await engine.check('{% for d in queryset %}{{ d.name }')).toMatch(/syntax error/);
  });

  it('hands templates plain data only', () => {
    const when = new Date('2026-01-02T03:04:05Z');
    expect(toTemplateData({ a: when, b: 12n, c: () => 1, d: [new Map()], e: { f: Number.NaN } })).toEqual({ a: '2026-01-02T03:04:05.000Z', b: 12, c: null, d: [null], e: { f: null } });
  });
});
