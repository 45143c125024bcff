import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

const require = createRequire(import.meta.url);

let instantiated: Promise<void> | undefined;

/**
 * Prisma's schema engine compiled to WebAssembly. It runs migrations over the same driver adapters the
 * runtime uses, so no native engine has to be downloaded. The module is instantiated once per process.
 */
function instantiate(): Promise<void> {
  instantiated ??= (async () => {
    const bindingsPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = join(dirname(bindingsPath), 'schema_engine_bg.wasm');
    const bytes = await readFile(wasmPath);
    // The engine arms 60-second timers it never clears; unref them so they do not keep the process alive.
    const imports: WebAssembly.ModuleImports = { ...(bindings as unknown as WebAssembly.ModuleImports) };
    for (const [name, value] of Object.entries(imports)) {
      if (name.startsWith('__wbg_setTimeout_') && typeof value === 'function') {
        imports[name] = (...args: unknown[]) => {
          const timer = (value as (...a: unknown[]) => unknown)(...args);
          (timer as { unref?: () => void } | undefined)?.unref?.();
          return timer;
        };
      }
    }
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  })();
  return instantiated;
}

export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: string,
  log: (message: string) => void = () => {},
): Promise<SchemaEngine> {
  await instantiate();
  return bindings.SchemaEngine.new(
    { datamodels: [['schema.prisma', datamodel]] },
    log,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}
