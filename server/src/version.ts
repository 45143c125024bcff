import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const manifest = require('../package.json') as { version: string };

/** The running Fathom version, checked against each plugin's minVersion/maxVersion. */
export const FATHOM_VERSION: string = manifest.version;
