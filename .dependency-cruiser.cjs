/**
 * The server's structure, checked by `npm run lint` (part of `npm test`). From the ground up: the base (errors,
 * logging, config, the context shapes), auth and the model-API machinery (`schema/`), the plugin host, the feature
 * rooms, and the composition on top (gateway, runtime, app, CLI). Imports run downwards only.
 */
const COMPOSITION = '^server/src/(gateway|cli|seed|web|testing)/|^server/src/(runtime|app|post-upgrade|compile)\\.ts$';
const FEATURES = '^server/src/(dcim|ipam|extras|jobs|git|secrets|templates|ui|http|webhooks|computed-fields|custom-links|relationships)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'No file may reach itself again through its imports, type-only imports included.',
      from: { path: '^server/src' },
      to: { circular: true },
    },
    {
      name: 'sdk-owns-nothing',
      severity: 'error',
      comment: 'The SDK only hands on the core’s names; the core never imports it.',
      from: { path: '^server/src', pathNot: '^server/src/sdk/' },
      to: { path: '^server/src/sdk/' },
    },
    {
      name: 'composition-on-top',
      severity: 'error',
      comment: 'Nothing below the composition (gateway, runtime, app, CLI) imports it.',
      from: { path: '^server/src', pathNot: COMPOSITION },
      to: { path: COMPOSITION },
    },
    {
      name: 'host-below-features',
      severity: 'error',
      comment: 'The plugin host knows the extension points, never the features that consume them.',
      from: { path: '^server/src/plugins/' },
      to: { path: `${FEATURES}|^server/src/system\\.ts$` },
    },
    {
      name: 'machinery-below-features',
      severity: 'error',
      comment: 'The model-API machinery and auth know no feature room and no plugin.',
      from: { path: '^server/src/(schema|auth)/' },
      to: { path: `${FEATURES}|^server/src/plugins/` },
    },
    {
      name: 'base-at-the-bottom',
      severity: 'error',
      comment: 'The base imports only the base (and the caller type of auth).',
      from: { path: '^server/src/(errors|logger|version|context|import-file)\\.ts$|^server/src/(cache|config)/|^server/src/db/client\\.ts$' },
      to: { path: '^server/src/', pathNot: '^server/src/(errors|logger|version|context|import-file)\\.ts$|^server/src/(cache|config)/|^server/src/db/client\\.ts$|^server/src/auth/authenticate\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(generated|node_modules)/|\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js'] },
  },
};
