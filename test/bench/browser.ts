import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { writeDemoData } from '../../server/src/seed/demo.ts';
import { bootApp, BUNDLED, createTestDatabase, testConfig, type TestApp } from '../harness.ts';
import { chromiumAvailable, launch, listen } from '../e2e/browser.ts';
import { median } from './deployment.ts';

/** A journey: open a page of the app in a fresh tab, then wait for what the user came for. */
type Journey = [name: string, path: string, ready: (page: Page) => Promise<unknown>];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * Time to content in headless Chromium on the demo network (SQLite, both bundled plugins): from the start of the
 * tab's navigation to the content a user came for being on screen, each round in a new tab of a logged-in browser (the app's code is
 * in the HTTP cache after the first round, as for a user who has the app open daily). Journeys run interleaved.
 */
export async function benchBrowser(rounds: number, out: (line?: string) => void): Promise<void> {
  if (!chromiumAvailable()) {
    out('\n## Web UI time to content: skipped (no /usr/bin/chromium)');
    return;
  }
  const db = await createTestDatabase('sqlite', 'bench-web');
  let t: TestApp | undefined;
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    t = await bootApp(testConfig(db, { plugins: [...BUNDLED.plugins] }), { web: true });
    const summary = await writeDemoData(t.runtime.prisma);
    await t.user({ username: 'bench', password: 'bench-password', superuser: true });
    const listening = await listen(t);
    server = listening.server;
    const url = listening.url;
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const login = await context.newPage();
    await login.goto(`${url}/#/login`);
    await login.getByLabel('Username').fill('bench');
    await login.getByLabel('Password').fill('bench-password');
    await login.getByRole('button', { name: 'Log in' }).click();
    await login.getByRole('heading', { name: 'Home' }).waitFor();
    await login.close();

    const device = await t.prisma.device.findFirstOrThrow({ where: { role: { name: 'Access Switch' } }, orderBy: { name: 'asc' } });
    const prefix = await t.prisma.prefix.findFirstOrThrow({ where: { prefixLength: 16 }, orderBy: { prefix: 'asc' } });
    const journeys: Journey[] = [
      ['app shell only (unknown list)', '/no-such-list', (p) => p.getByRole('heading', { name: 'Not found' }).waitFor()],
      ['device list (50 a page)', '/devices?size=50', (p) => p.locator('table.list tbody tr').nth(49).waitFor()],
      ['device page (interface table)', `/devices/${device.id}`, (p) => p.locator('table', { hasText: 'GigabitEthernet1/0/1' }).first().waitFor()],
      ['interface list, searched', '/interfaces?q=TenGigabitEthernet1%2F1%2F2', (p) => p.getByText(/\d+ interfaces/).waitFor()],
      ['prefix page (utilization, children)', `/prefixes/${prefix.id}`, (p) => p.getByTestId('prefix-utilization').waitFor()],
    ];
    const times = new Map<string, number[]>(journeys.map(([name]) => [name, []]));
    for (let round = 0; round < rounds + 1; round += 1) {
      for (const [name, path, ready] of journeys) {
        const page = await context.newPage();
        await page.goto(`${url}/#${path}`);
        await ready(page);
        // Milliseconds since this tab began navigating: what the user waits, without the test's own tab set-up.
        const elapsed = await page.evaluate(() => performance.now());
        // The first round warms the HTTP cache and the server; it is not counted.
        if (round > 0) times.get(name)?.push(elapsed);
        await page.close();
      }
    }
    out(`\n## Web UI time to content (Chromium, demo data: ${summary.split(';')[0]}; ${rounds} interleaved rounds)`);
    out('| journey | p50 ms | p95 ms |');
    out('|---|---:|---:|');
    for (const [name] of journeys) out(`| ${name} | ${median(times.get(name) ?? []).toFixed(0)} | ${percentile(times.get(name) ?? [], 95).toFixed(0)} |`);
  } finally {
    await browser?.close();
    server?.close();
    await t?.close();
    await db.drop();
  }
}
