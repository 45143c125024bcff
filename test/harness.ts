import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import type { DatabaseProvider, FathomConfig, FathomConfigInput } from '../server/src/config/config.ts';
import { testConfig as kitConfig, type TestDatabase } from '../server/src/testing/index.ts';

/**
 * The repository's own test set-up: `fathom/testing` (server/src/testing) with the bundled plugins enabled by
 * default and this project as the root.
 */
export { bootApp, createTestDatabase, PG_ADMIN_URL } from '../server/src/testing/index.ts';
export type { GqlResult, TestApp, TestDatabase } from '../server/src/testing/index.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const PROVIDERS: DatabaseProvider[] = ['sqlite', 'postgresql'];
export const BUNDLED = {
  plugins: ['fathom-plugin-example', 'fathom-plugin-peering'],
  pluginsConfig: { example: { defaultLocalAsn: 64512 } },
};

export function testConfig(db: TestDatabase, input: Partial<FathomConfigInput> = {}): FathomConfig {
  return kitConfig(db, { ...BUNDLED, ...input }, ROOT);
}

export interface ServedFathom {
  readonly child: ChildProcessWithoutNullStreams;
  /** `http://127.0.0.1:<port>`, the port the system gave the server. */
  readonly url: string;
  stdout(): string;
  stderr(): string;
  stop(): void;
}

/**
 * Runs `fathom start` on a free port (`--port 0`), and resolves once it has printed its serving line and answers
 * `/health` with 200; a server that exits first rejects with its error output.
 */
export async function serveFathom(bin: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; nodeFlags?: readonly string[] }): Promise<ServedFathom> {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), bin, 'start', ...args, '--host', '127.0.0.1', '--port', '0'], { cwd: options.cwd, env: options.env ?? process.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`fathom start exited: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`fathom start was not healthy in time: ${stderr}`);
      const url = /is serving the web UI at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout)?.[1];
      if (url && (await fetch(`${url}/health`).then((r) => r.status, () => 0)) === 200) {
        return { child, url, stdout: () => stdout, stderr: () => stderr, stop: () => child.kill() };
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } catch (error) {
    child.kill();
    throw error;
  }
}
