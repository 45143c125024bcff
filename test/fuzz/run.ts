/** `npm run fuzz`: many more random operations than CI sends. FUZZ_OPS and FUZZ_SEED override the defaults. */
import { fuzz } from './fuzz.ts';

const count = Number(process.env['FUZZ_OPS'] ?? 20000);
const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 1_000_000);
let failed = false;
for (const provider of ['sqlite', 'postgresql'] as const) {
  const { findings, sent } = await fuzz({ count, seed, provider });
  process.stdout.write(`${provider}: ${sent} operations (seed ${seed}), ${findings.length} findings\n`);
  for (const f of findings.slice(0, 20)) process.stdout.write(`  ${f.kind} as ${f.who}: ${f.detail}\n    ${f.operation}\n`);
  if (findings.length > 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
