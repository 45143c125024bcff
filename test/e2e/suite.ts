import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildDevices } from '../fixtures/network.ts';
import { bootApp, createTestDatabase, ROOT, testConfig, type TestApp, type TestDatabase } from '../harness.ts';
import { launch, listen } from './browser.ts';

const SHOTS = join(ROOT, 'test', 'artifacts', 'screenshots');

export interface BrowserSuite {
  readonly t: TestApp;
  readonly url: string;
  /** The first of three devices at site "Web"; it has the disabled BGP session "transit-1" (local AS 64512). */
  readonly deviceId: string;
  /** The browser, for pages opened without logging in (or for a second session). */
  readonly browser: Browser;
  /** Script errors and console errors of every page opened so far. */
  readonly pageErrors: string[];
  /** Open a page and log in; it lands on Home. */
  login(username: string, password: string): Promise<Page>;
  /** Choose `option` in the reference picker `id` after typing `text`. */
  pick(page: Page, id: string, text: string, option: string): Promise<void>;
  shot(page: Page, name: string): Promise<Buffer>;
  /**
   * Log in as `username` and run axe-core on each page, once its heading shows; returns the serious and critical
   * violations, each named with its page.
   */
  accessibility(username: string, password: string, pages: ReadonlyArray<readonly [path: string, heading: string]>): Promise<string[]>;
}

/**
 * One app with the web bundle, demo-like data and two users (`ops`, a superuser, and `limited`, who may view
 * devices and locations), served on loopback to headless Chromium for the tests of one file.
 */
export function browserSuite(label: string, plugins: readonly string[]): BrowserSuite {
  let db: TestDatabase;
  let server: Server;
  let browser: Browser;
  const state = { t: undefined as unknown as TestApp, url: '', deviceId: '' };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDatabase('sqlite', label);
    state.t = await bootApp(testConfig(db, { plugins: [...plugins] }), { web: true });
    const prisma = state.t.runtime.prisma;
    const site = await buildDevices(prisma, 3, 2, 'Web');
    state.deviceId = site.deviceIds[0] ?? '';
    await prisma.exampleBgpSession.create({ data: { name: 'transit-1', localAsn: 64512, remoteAsn: 65001, remoteAddress: '192.0.2.1', enabled: false, deviceId: state.deviceId } });
    await state.t.user({ username: 'ops', password: 'ops-password', superuser: true });
    await state.t.user({ username: 'limited', password: 'limited-password', permissions: [{ actions: ['view'], contentTypes: ['dcim.device', 'dcim.location'] }] });
    let url: string;
    ({ url, server } = await listen(state.t));
    state.url = url;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await state.t?.close();
    await db?.drop();
  });

  return {
    get t() {
      return state.t;
    },
    get url() {
      return state.url;
    },
    get deviceId() {
      return state.deviceId;
    },
    get browser() {
      return browser;
    },
    pageErrors,
    async login(username, password) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().includes('401')) pageErrors.push(message.text());
      });
      await page.goto(`${state.url}/`);
      await page.waitForURL(/#\/login/);
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Home' }).waitFor();
      return page;
    },
    async pick(page, id, text, option) {
      const input = page.locator(`#${id}`);
      await input.click();
      await input.fill(text);
      await page.locator(`#${id}-options`).getByRole('option', { name: option, exact: true }).click();
    },
    shot: (page, name) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true }),
    async accessibility(username, password, pages) {
      // The app's CSP forbids injected scripts; this context lets the test inject axe, and nothing else differs.
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${state.url}/#/login`);
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Home' }).waitFor();
      const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
      const found: string[] = [];
      for (const [path, heading] of pages) {
        await page.goto(`${state.url}/#${path}`);
        await page.getByRole('heading', { name: heading, exact: true }).first().waitFor();
        await page.addScriptTag({ path: axe });
        const violations = await page.evaluate(async () => {
          type Axe = { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> };
          const result = await (window as unknown as { axe: Axe }).axe.run(document, { resultTypes: ['violations'] });
          return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        });
        found.push(...violations.map((v) => `${path}: ${v}`));
      }
      await context.close();
      return found;
    },
  };
}
