import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServerAdapter } from '@whatwg-node/server';
import { chromium, type Browser } from 'playwright-core';
import type { ServerContext } from '../../server/src/app.ts';
import type { TestApp } from '../harness.ts';

/** Debian's chromium, run headless with the flags this sandbox needs. */
export const CHROMIUM = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Serve a test app on a free loopback port. */
export async function listen(t: TestApp): Promise<{ url: string; server: Server }> {
  const server = createServer(createServerAdapter<ServerContext>((request, serverContext) => t.app.fetch(request, serverContext)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
