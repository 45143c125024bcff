#!/usr/bin/env node
// Fathom is written in TypeScript and runs through tsx, so plugins and fathom.config.ts can be TypeScript too.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
