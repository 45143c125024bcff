import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { fathomPlugins } from './vite-plugin-fathom.ts';

// For `npx vite` during UI development (proxying the API of a running `fathom start`). The server builds the
// production bundle itself, for the enabled plugins, in `fathom post-upgrade`.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [svelte(), fathomPlugins(JSON.parse(process.env['FATHOM_WEB_PLUGINS'] ?? '[]'))],
  server: { proxy: { '/graphql': 'http://127.0.0.1:8080' } },
});
